import { API_DOCS_CSP } from '@scc/pages';
import { startTestApp, type TestApp } from '@scc/test/support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());

describe('GET /docs', () => {
  it('is public, under the strict policy, and loads nothing from anywhere', async () => {
    const res = await t.app.request('/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toBe(API_DOCS_CSP);
    expect(API_DOCS_CSP).toMatch(/^default-src 'none'; style-src 'sha256-[^']+'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'$/);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    const page = await res.text();
    expect(page).not.toMatch(/<script/i);
    // Every src and href stays on this page or this origin.
    for (const [, url] of page.matchAll(/\b(?:src|href)="([^"]*)"/g)) expect(url).toMatch(/^(#|\/(?!\/)|data:)/);
  });

  it('lists every documented route and webhook event', async () => {
    const doc = await (await t.app.request('/openapi.json')).json();
    const page = await (await t.app.request('/docs')).text();
    for (const [path, item] of Object.entries(doc.paths as Record<string, object>)) {
      for (const method of Object.keys(item)) expect(page).toContain(`<span class="method">${method}</span> <code>${path}</code>`);
    }
    for (const type of Object.keys(doc.webhooks)) expect(page).toContain(`<code>${type}</code>`);
    expect(page).toContain('<code>X-Service-Key</code> header');
    expect(page).toContain('<code>guest.name</code>');
    expect(page).toContain('&quot;externalId&quot;: &quot;BS-4821337&quot;');
  });
});
