import * as z from 'zod';

/** URL-safe identifier: letters, digits, `_` and `-`, 1 to 64 characters. */
export const idSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'Use 1 to 64 letters, digits, "_" or "-"');

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * A random, URL-safe id with an optional readable prefix. 16 base-36 characters carry about
 * 82 bits of randomness, enough that ids cannot be guessed or collide in practice.
 */
export function newId(prefix = ''): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let id = '';
  for (const byte of bytes) id += ALPHABET[byte % ALPHABET.length];
  return prefix ? `${prefix}_${id}` : id;
}
