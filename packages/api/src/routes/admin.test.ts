import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '@scc/test/support';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());

describe('/admin', () => {
  it('serves the same shell for every console route, compressed, without needing the key', async () => {
    for (const path of ['/admin', '/admin/new', '/admin/bookings/bk_123']) {
      const res = await t.app.request(path, { headers: { 'Accept-Encoding': 'gzip' } });
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-encoding')).toBe('gzip');
      const html = gunzipSync(Buffer.from(await res.arrayBuffer())).toString('utf8');
      expect(html).toContain('<script>');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('content-security-policy')).toContain("script-src 'sha256-");
    }
  });
});
