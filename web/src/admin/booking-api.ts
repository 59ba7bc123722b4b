import type { InferResponseType } from 'hono/client';
import type { ApiClient } from '../api-client';
import type { BookingPatch } from './booking-form/patch';
import { data, send } from './session';
import type { Ctx } from './ui';

/** GET /bookings/:id: everything the office may see of a booking, with its `version`. */
export type BookingDetail = InferResponseType<ApiClient['bookings'][':bookingId']['$get'], 200>;
export type HistoryItem = InferResponseType<ApiClient['bookings'][':bookingId']['history']['$get'], 200>['items'][number];
export type CancelReason = 'weather' | 'guest' | 'operator' | 'marketplace' | 'other';

/** `If-Match: "3"`: a change names the version it was made on, so nobody overwrites anyone. */
const ifMatch = (version: number) => ({ headers: { 'If-Match': `"${version}"` } });

export function getBooking(ctx: Ctx, bookingId: string): Promise<BookingDetail> {
  return data(ctx.api.bookings[':bookingId'].$get({ param: { bookingId } }));
}

export function previewChange(ctx: Ctx, bookingId: string, patch: BookingPatch) {
  return data(ctx.api.bookings[':bookingId'].preview.$post({ param: { bookingId }, json: patch }));
}

/** Answers once every step has run; `status` 202 when one of them did not finish. */
export async function saveChange(ctx: Ctx, bookingId: string, version: number, patch: BookingPatch, allowConflicts: boolean) {
  const json = { ...patch, ...(allowConflicts ? { allowConflicts: true } : {}) };
  const res = await send(ctx.api.bookings[':bookingId'].$patch({ param: { bookingId }, json }, ifMatch(version)));
  return { status: res.status, result: await res.json() };
}

export function cancelBooking(
  ctx: Ctx,
  bookingId: string,
  version: number,
  body: { reason: CancelReason; note?: string; refund?: number; cancellationFee?: number },
) {
  return data(ctx.api.bookings[':bookingId'].cancel.$post({ param: { bookingId }, json: body }, ifMatch(version)));
}

export function reinstateBooking(ctx: Ctx, bookingId: string, version: number, allowConflicts: boolean) {
  return data(ctx.api.bookings[':bookingId'].reinstate.$post({ param: { bookingId }, json: allowConflicts ? { allowConflicts: true } : {} }, ifMatch(version)));
}

export async function bookingHistory(ctx: Ctx, bookingId: string): Promise<HistoryItem[]> {
  return (await data(ctx.api.bookings[':bookingId'].history.$get({ param: { bookingId } }))).items;
}
