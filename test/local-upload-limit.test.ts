import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookingBody, startTestStack, type TestStack } from './support';

/** A POST from a chosen loopback address, as another phone on the network would be. */
function postFrom(localAddress: string, url: string, body: unknown, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', localAddress, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

let t: TestStack;
let slug: string;
beforeAll(async () => {
  t = await startTestStack({}, { uploadLimits: { maxUploadsPerClientPerMinute: 2 } });
  slug = (await t.call('POST', '/bookings', bookingBody('LIMIT-1'))).body.slug;
});
afterAll(() => t.stop());

describe('the per-guest upload limit on npm start', () => {
  it('keys on the socket address, whatever X-Forwarded-For says', async () => {
    const url = `${t.stack.apiUrl}/g/${slug}/photos`;
    const photo = (i: number) => ({ filename: `p${i}.jpg`, contentType: 'image/jpeg', size: 1000 });
    const fromA = [];
    for (let i = 0; i < 3; i++) fromA.push(await postFrom('127.0.0.1', url, photo(i), { 'x-forwarded-for': `203.0.113.${i}` }));
    expect(fromA).toEqual([201, 201, 429]);
    // Another guest (another address) still has their own allowance.
    expect(await postFrom('127.0.0.2', url, photo(9))).toBe(201);
  });
});
