import { createHash, timingSafeEqual } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import { UnauthorizedError } from '../http-errors';

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/**
 * Admits a request whose `X-Service-Key` hashes (SHA-256) to `serviceKeyHash`. The comparison
 * is constant-time over fixed-length digests, so neither timing nor length leaks the key.
 */
export function serviceKeyAuth(serviceKeyHash: string) {
  if (!/^[0-9a-f]{64}$/i.test(serviceKeyHash)) {
    throw new Error('SERVICE_KEY_HASH must be a hex SHA-256 digest (64 characters)');
  }
  const expected = Buffer.from(serviceKeyHash, 'hex');
  return createMiddleware(async (c, next) => {
    const key = c.req.header('x-service-key');
    const given = createHash('sha256')
      .update(key ?? '', 'utf8')
      .digest();
    if (!key || !timingSafeEqual(given, expected)) {
      throw new UnauthorizedError(
        key
          ? 'The X-Service-Key header is not a valid service key'
          : 'Send the service key in the X-Service-Key header',
      );
    }
    await next();
  });
}
