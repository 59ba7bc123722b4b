import { ValidationError } from '@scc/core';

type Key = Record<string, string>;

/** Opaque page cursor: the base64url JSON of DynamoDB's LastEvaluatedKey. */
export function encodeCursor(key: Record<string, unknown> | undefined): string | null {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : null;
}

/** Refuses anything that is not a key this listing could have produced. */
export function decodeCursor(cursor: string | undefined, expectedGsi1pk: string): Key | undefined {
  if (cursor === undefined) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (cause) {
    throw invalidCursor(cause);
  }
  const fields = ['pk', 'sk', 'gsi1pk', 'gsi1sk'];
  const valid =
    typeof key === 'object' &&
    key !== null &&
    Object.keys(key).length === fields.length &&
    fields.every((f) => typeof (key as Key)[f] === 'string') &&
    (key as Key).gsi1pk === expectedGsi1pk;
  if (!valid) throw invalidCursor();
  return key as Key;
}

function invalidCursor(cause?: unknown): ValidationError {
  return new ValidationError('cursor is not valid for this listing', {
    details: { issues: [{ path: 'cursor', message: 'Use the nextCursor of a previous page' }] },
    cause,
  });
}
