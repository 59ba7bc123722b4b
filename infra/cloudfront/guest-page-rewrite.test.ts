import { readFileSync } from 'node:fs';
import { createContext, Script } from 'node:vm';
import { describe, expect, it } from 'vitest';

// The very text infra/site.ts deploys, run the way CloudFront runs it: a script of its own, in a
// fresh global scope without require, process, module or any Node API.
const FILE = new URL('./guest-page-rewrite.js', import.meta.url);
const SOURCE = readFileSync(FILE, 'utf8');

interface Value {
  value: string;
  multiValue?: { value: string }[];
}
interface CfRequest {
  method: string;
  uri: string;
  querystring: Record<string, Value>;
  headers: Record<string, Value>;
  cookies: Record<string, Value>;
}
interface CfResponse {
  statusCode: number;
  statusDescription?: string;
  headers?: Record<string, Value>;
  body?: string | { encoding: 'text' | 'base64'; data: string };
}
type Handler = (event: unknown) => CfRequest | CfResponse;

function load(): { handler: Handler; scope: Record<string, unknown> } {
  const scope = createContext({});
  new Script(SOURCE, { filename: 'guest-page-rewrite.js' }).runInContext(scope);
  const handler = (scope as Record<string, unknown>).handler;
  if (typeof handler !== 'function') throw new Error('guest-page-rewrite.js defines no global handler');
  return { handler: handler as Handler, scope };
}

const { handler, scope } = load();

function viewerRequest(uri: string, querystring: Record<string, Value> = {}) {
  return {
    version: '1.0',
    context: {
      distributionDomainName: 'd111111abcdef8.cloudfront.net',
      distributionId: 'EDFDVBD6EXAMPLE',
      eventType: 'viewer-request',
      requestId: '4TyzHTaYWb1GX1qTfsHhEqV6HUDd_BzoBZnwfnvQc_1oF26ClkoUSEQ==',
    },
    viewer: { ip: '198.51.100.11' },
    request: {
      method: 'GET',
      uri,
      querystring,
      headers: {
        host: { value: 'trips.example.com' },
        accept: { value: 'text/html' },
        'user-agent': { value: 'Mozilla/5.0' },
      },
      cookies: {},
    },
  };
}

const run = (uri: string, querystring: Record<string, Value> = {}) => {
  const event = viewerRequest(uri, querystring);
  return { event, result: handler(event) };
};

const NOT_FOUND = {
  statusCode: 404,
  statusDescription: 'Not Found',
  headers: {
    'content-type': { value: 'text/html; charset=utf-8' },
    'cache-control': { value: 'public, max-age=300' },
    'x-content-type-options': { value: 'nosniff' },
    'x-frame-options': { value: 'DENY' },
    'referrer-policy': { value: 'no-referrer' },
  },
  body: { encoding: 'text', data: expect.stringContaining('<h1>Trip not found</h1>') },
};

describe('guest-page-rewrite (CloudFront Function)', () => {
  it.each([
    ['/g/sunset-abc', '/g/sunset-abc.html'],
    ['/g/sunset-abc/', '/g/sunset-abc.html'],
    ['/g/a', '/g/a.html'],
    ['/g/0-9', '/g/0-9.html'],
    ['/g/-', '/g/-.html'],
    [`/g/${'a'.repeat(120)}`, `/g/${'a'.repeat(120)}.html`],
    ['/g/sunset-sail-smith-party-k7f3q9x2m4p8r1t6', '/g/sunset-sail-smith-party-k7f3q9x2m4p8r1t6.html'],
  ])('rewrites %s to %s and passes the request on', (uri, rewritten) => {
    const { event, result } = run(uri);
    // The same request object, changed only in its uri.
    expect(result).toBe(event.request);
    expect(result).toEqual({ ...viewerRequest(rewritten).request });
  });

  it('leaves the query string as it came', () => {
    const querystring = {
      utm_source: { value: 'email' },
      tag: { value: 'a', multiValue: [{ value: 'a' }, { value: 'b' }] },
      empty: { value: '' },
    };
    const snapshot = structuredClone(querystring);
    const { result } = run('/g/sunset-abc/', querystring);
    expect(result).toMatchObject({ uri: '/g/sunset-abc.html' });
    expect((result as CfRequest).querystring).toBe(querystring);
    expect(querystring).toEqual(snapshot);
  });

  it.each([
    ['uppercase', '/g/Sunset'],
    ['a dot', '/g/a.b'],
    ['the page key itself', '/g/sunset-abc.html'],
    ['an encoded slash', '/g/a%2Fb'],
    ['an encoded dot', '/g/%2e%2e'],
    ['a second segment', '/g/a/b'],
    ['a second segment with a slash', '/g/a/b/'],
    ['an unknown guest route', '/g/sunset-abc/gallery'],
    ['no slug', '/g/'],
    ['two slashes', '/g//'],
    ['a slash before the slug', '/g//sunset-abc'],
    ['two trailing slashes', '/g/sunset-abc//'],
    ['no slash at all', '/g'],
    ['a slug of 121 characters', `/g/${'a'.repeat(121)}`],
    ['dot-dot', '/g/..'],
    ['a space', '/g/a b'],
    ['an encoded space', '/g/a%20b'],
    ['an underscore', '/g/a_b'],
    ['a non-ASCII letter', '/g/caf\u00e9'],
    ['a newline', '/g/a\n'],
  ])('answers %s (%j) with its own 404 page, never the bucket', (_what, uri) => {
    const { result } = run(uri);
    expect(result).toEqual(NOT_FOUND);
    expect(result).not.toHaveProperty('uri');
  });

  it.each(['/', '/health', '/c/evt_123', '/admin', '/gallery', '/g-sunset', '/G/sunset-abc', '/x/g/sunset-abc'])(
    'returns a request outside /g/ unchanged: %s',
    (uri) => {
      const querystring = { t: { value: 'token' } };
      const { event, result } = run(uri, querystring);
      expect(result).toBe(event.request);
      expect(result).toEqual(viewerRequest(uri, { t: { value: 'token' } }).request);
    },
  );

  it('keeps the method, headers and cookies of a rewritten request', () => {
    const event = viewerRequest('/g/sunset-abc');
    const request = { ...event.request, method: 'HEAD', cookies: { seen: { value: '1' } } };
    const result = handler({ ...event, request }) as CfRequest;
    expect(result).toEqual({ ...request, uri: '/g/sunset-abc.html' });
  });

  it('gives every 404 the same page', () => {
    const bodies = ['/g/A', '/g/a/b', '/g/'].map((uri) => JSON.stringify(run(uri).result));
    expect(new Set(bodies).size).toBe(1);
  });
});

describe('guest-page-rewrite follows the cloudfront-js-2.0 rules', () => {
  // Comments may talk about imports; the code may not have any.
  const code = SOURCE.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

  it('has no require, import or export', () => {
    expect(code).not.toMatch(/\brequire\s*\(/);
    expect(code).not.toMatch(/^\s*import\b/m);
    expect(code).not.toMatch(/\bimport\s*\(/);
    expect(code).not.toMatch(/^\s*export\b/m);
  });

  it('uses no Node globals', () => {
    expect(code).not.toMatch(/\b(process|Buffer|module|exports|__dirname|__filename|globalThis)\b/);
  });

  it('defines exactly one top-level handler(event)', () => {
    expect(SOURCE.match(/^(async\s+)?function\s+handler\s*\(\s*event\s*\)/gm)).toHaveLength(1);
    expect(code.match(/^\s*(var|let|const)\s+handler\b/m)).toBeNull();
    expect(typeof scope.handler).toBe('function');
  });

  it('fits in the 10 KB CloudFront allows a function', () => {
    expect(Buffer.byteLength(SOURCE, 'utf8')).toBeLessThanOrEqual(10 * 1024);
  });
});
