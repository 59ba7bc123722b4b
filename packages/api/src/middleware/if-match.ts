import { RequestValidationError } from '../http-errors';

/**
 * Reads the version a client pinned with `If-Match` (`3`, `"3"` or `W/"3"`, as our ETags are
 * written). Absent or `*` means "any version".
 */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(header);
  if (!match?.[1]) {
    throw new RequestValidationError('If-Match must be a version number, such as "3"', {
      details: {
        issues: [{ path: 'If-Match', message: 'Use the version (or ETag) you last read' }],
      },
    });
  }
  return Number(match[1]);
}

export const etagOf = (version: number) => `"${version}"`;
