import * as z from 'zod';

const dateOnly = /^\d{4}-\d{2}-\d{2}$/;

export const pageQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().min(1).max(2048).optional(),
});
export type PageQuery = z.infer<typeof pageQuerySchema>;

export interface PageRequest {
  limit: number;
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  /** Pass back as `cursor` to get the next page; `null` on the last page. */
  nextCursor: string | null;
}

/** A calendar date (`2026-07-04`, read as UTC) or an ISO date-time with an offset. */
const dateOrDateTimeSchema = z.union([
  z.iso.date({ error: 'Use a date (2026-07-04) or a date-time with an offset' }),
  z.iso.datetime({ offset: true, error: 'Use a date (2026-07-04) or a date-time with an offset' }),
]);

export const eventRangeQuerySchema = z
  .strictObject({
    ...pageQuerySchema.shape,
    from: dateOrDateTimeSchema.optional(),
    to: dateOrDateTimeSchema.optional(),
  })
  .refine((q) => !q.from || !q.to || startOfRange(q.from) < endOfRange(q.to), {
    error: 'to must be after from',
    path: ['to'],
  });
export type EventRangeQuery = z.infer<typeof eventRangeQuerySchema>;

/** A half-open range of UTC instants: from ≤ start < to. */
export interface InstantRange {
  from: string;
  to: string;
}

const EARLIEST = '0000-01-01T00:00:00.000Z';
const LATEST = '9999-12-31T23:59:59.999Z';

function startOfRange(value: string): string {
  return dateOnly.test(value) ? `${value}T00:00:00.000Z` : new Date(value).toISOString();
}

/** A date as `to` includes that whole day; a date-time is exclusive. */
function endOfRange(value: string): string {
  if (!dateOnly.test(value)) return new Date(value).toISOString();
  const nextDay = new Date(`${value}T00:00:00.000Z`);
  nextDay.setUTCDate(nextDay.getUTCDate() + 1);
  return nextDay.toISOString();
}

export function toInstantRange(query: { from?: string; to?: string }): InstantRange {
  return {
    from: query.from ? startOfRange(query.from) : EARLIEST,
    to: query.to ? endOfRange(query.to) : LATEST,
  };
}
