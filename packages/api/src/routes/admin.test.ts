import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '@scc/test/support';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());

describe('/admin', () => {
  it('serves the same shell for every console route, without needing the key, left to the edge to compress', async () => {
    for (const path of ['/admin', '/admin/new', '/admin/bookings/bk_123']) {
      const res = await t.app.request(path, { headers: { 'Accept-Encoding': 'gzip, br' } });
      expect(res.status, path).toBe(200);
      // CloudFront (and locally the edge, packages/local/src/edge-compress.ts) compresses it.
      expect(res.headers.get('content-encoding')).toBeNull();
      const html = await res.text();
      expect(html).toMatch(/<script src="\/assets\/admin\.[0-9a-f]{12}\.js" defer><\/script>/);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self';");
    }
  });
});
