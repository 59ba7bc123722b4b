import { startTestApp, type TestApp } from '@scc/test/support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());

describe('a guest page the bucket does not have (CloudFront fails over to the API)', () => {
  it('answers a friendly 404 page, briefly cacheable, with no script', async () => {
    const res = await t.app.request('/g/sunset-sail-0123456789abcdefgh.html');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=60, s-maxage=300');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain('<h1>Trip not found</h1>');
    expect(html).toContain('ask the charter company for a new one');
    expect(html).not.toContain('<script');
    expect((await t.app.request('/g/sunset-sail-0123456789abcdefgh.html', { method: 'HEAD' })).status).toBe(404);
  });

  it('leaves other addresses to their own routes', async () => {
    expect((await t.app.request('/g/Not_A_Slug.html')).status).toBe(404);
    expect(await (await t.app.request('/g/Not_A_Slug.html')).json()).toMatchObject({ error: { code: 'route_not_found' } });
    expect((await t.app.request('/g/no-such-trip/checklist')).status).toBe(404);
  });
});
