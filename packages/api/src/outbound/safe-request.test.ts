import type { ServerResponse } from 'node:http';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AddressPolicy, LOCAL_STACK, PUBLIC_ONLY } from './address-policy';
import { OutboundRequestError } from './errors';
import type { Resolver } from './guarded-lookup';
import { parseOutboundUrl, safeGet } from './safe-request';
import { startTestServer, type TestServer } from './test-server';

const HTTP_NO_LOOPBACK: AddressPolicy = { allowLoopback: false, allowHttp: true };

async function failure(promise: Promise<unknown>): Promise<OutboundRequestError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OutboundRequestError);
  return error as OutboundRequestError;
}

function refusal(run: () => unknown): OutboundRequestError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(OutboundRequestError);
    return error as OutboundRequestError;
  }
  throw new Error('expected a refusal');
}

/** A resolver that knows only the names given; anything else fails like a missing name. */
function fakeDns(names: Record<string, string[]>): Resolver {
  return async (hostname) => {
    const addresses = names[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

/** Writes 1 KiB at a time until the client goes away; resolves then. */
function endless(response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const chunk = Buffer.alloc(1024, 'x');
    const write = () => {
      if (response.destroyed) return;
      if (response.write(chunk)) setImmediate(write);
      else response.once('drain', write);
    };
    response.once('close', () => resolve());
    write();
  });
}

describe('parseOutboundUrl (what is checked before any connection)', () => {
  it('takes https: always, http: only when the policy allows it', () => {
    expect(parseOutboundUrl('https://feeds.example.test/cal.ics', PUBLIC_ONLY).host).toBe('feeds.example.test');
    expect(refusal(() => parseOutboundUrl('http://feeds.example.test/cal.ics', PUBLIC_ONLY)).reason).toBe('bad_url');
    expect(parseOutboundUrl('http://feeds.example.test/cal.ics', LOCAL_STACK).protocol).toBe('http:');
  });

  it.each([['ftp://feeds.example.test/a'], ['file:///etc/passwd'], ['data:text/calendar,BEGIN:VCALENDAR'], ['javascript:alert(1)'], ['gopher://x/']])(
    'refuses %s even locally',
    (url) => {
      expect(refusal(() => parseOutboundUrl(url, LOCAL_STACK)).reason).toBe('bad_url');
    },
  );

  it.each([['https://user:pass@feeds.example.test/a'], ['https://user@feeds.example.test/a'], ['https://:pass@feeds.example.test/a']])(
    'refuses credentials in %s',
    (url) => {
      const error = refusal(() => parseOutboundUrl(url, PUBLIC_ONLY));
      expect(error.reason).toBe('bad_url');
      expect(error.details).toMatchObject({ host: 'feeds.example.test' });
    },
  );

  it.each([['not a url'], [''], ['https://'], ['//feeds.example.test/a']])('refuses %j as not a URL', (url) => {
    expect(refusal(() => parseOutboundUrl(url, LOCAL_STACK)).reason).toBe('bad_url');
  });

  it.each([
    ['https://169.254.169.254/latest/meta-data/', PUBLIC_ONLY, 'linkLocal'],
    ['https://10.0.0.1/', LOCAL_STACK, 'private'],
    ['https://127.0.0.1/', PUBLIC_ONLY, 'loopback'],
    ['https://2130706433/', PUBLIC_ONLY, 'loopback'], // URL normalises it to 127.0.0.1
    ['https://0x7f.1/', PUBLIC_ONLY, 'loopback'],
    ['https://[::1]/', PUBLIC_ONLY, 'loopback'],
    ['https://[::ffff:127.0.0.1]/', PUBLIC_ONLY, 'ipv4Mapped/loopback'],
    ['https://[::ffff:169.254.169.254]/', LOCAL_STACK, 'ipv4Mapped/linkLocal'],
    ['https://[fe80::1]/', LOCAL_STACK, 'linkLocal'],
    ['https://0.0.0.0/', LOCAL_STACK, 'unspecified'],
  ])('refuses the literal address in %s', (url, policy, range) => {
    const error = refusal(() => parseOutboundUrl(url, policy));
    expect(error.reason).toBe('blocked_address');
    expect(error.details).toMatchObject({ range });
  });

  it('lets loopback literals through locally and public literals always', () => {
    expect(parseOutboundUrl('http://127.0.0.1:8080/a', LOCAL_STACK).port).toBe('8080');
    expect(parseOutboundUrl('https://[::1]/a', LOCAL_STACK).hostname).toBe('[::1]');
    expect(parseOutboundUrl('https://8.8.8.8/a', PUBLIC_ONLY).hostname).toBe('8.8.8.8');
  });

  it('resolves a redirect against the current URL and refuses a downgrade to http: unless allowed', () => {
    const from = new URL('https://feeds.example.test/a/b.ics?token=t');
    expect(parseOutboundUrl('../c.ics', PUBLIC_ONLY, from).href).toBe('https://feeds.example.test/c.ics');
    expect(parseOutboundUrl('//cdn.example.test/x', PUBLIC_ONLY, from).href).toBe('https://cdn.example.test/x');
    const downgrade = refusal(() => parseOutboundUrl('http://feeds.example.test/b.ics', PUBLIC_ONLY, from));
    expect(downgrade.reason).toBe('bad_url');
    expect(downgrade.message).toContain('redirected to http:');
    expect(parseOutboundUrl('http://feeds.example.test/b.ics', LOCAL_STACK, from).protocol).toBe('http:');
  });

  it('refuses a redirect to loopback when loopback is not allowed, and to the metadata endpoint always', () => {
    const from = new URL('https://feeds.example.test/a');
    expect(refusal(() => parseOutboundUrl('http://127.0.0.1:8080/', HTTP_NO_LOOPBACK, from)).reason).toBe('blocked_address');
    expect(refusal(() => parseOutboundUrl('http://169.254.169.254/latest/', LOCAL_STACK, from)).reason).toBe('blocked_address');
  });
});

describe('safeGet against a local server', () => {
  let server: TestServer;
  const closed: string[] = [];
  const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024, 'A'));

  beforeAll(async () => {
    server = await startTestServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://x');
      const hop = /^\/hop\/(\d+)$/.exec(url.pathname);
      if (hop) {
        const left = Number(hop[1]);
        if (left === 0) response.end('arrived');
        else response.writeHead(302, { location: `/hop/${left - 1}` }).end();
        return;
      }
      switch (url.pathname) {
        case '/ok':
          response.end('hello');
          return;
        case '/to':
          response.writeHead(307, { location: url.searchParams.get('target') ?? '/' }).end();
          return;
        case '/silent':
          return; // never answers
        case '/stall':
          response.writeHead(200, { 'content-type': 'text/calendar' });
          response.write('BEGIN:VCALENDAR\r\n'); // then nothing more
          return;
        case '/declared-large':
          response.writeHead(200, { 'content-length': String(4096) });
          response.end(Buffer.alloc(4096, 'x'));
          return;
        case '/endless':
          response.writeHead(200, { 'content-type': 'text/calendar' });
          void endless(response).then(() => closed.push('/endless'));
          return;
        case '/bomb':
          response.writeHead(200, { 'content-encoding': 'gzip', 'content-length': String(bomb.length) });
          response.end(bomb);
          return;
        case '/gzip':
          response.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync('zipped'));
          return;
        case '/deflate':
          response.writeHead(200, { 'content-encoding': 'deflate' }).end(deflateSync('deflated'));
          return;
        case '/br':
          response.writeHead(200, { 'content-encoding': 'br' }).end(brotliCompressSync('brotli'));
          return;
        case '/stacked':
          // Codings listed in the order applied: deflate first, then gzip over it.
          response.writeHead(200, { 'content-encoding': 'deflate, gzip' }).end(gzipSync(deflateSync('twice')));
          return;
        case '/zstd':
          response.writeHead(200, { 'content-encoding': 'zstd' }).end('??');
          return;
        default:
          response.writeHead(404).end();
      }
    });
  });
  afterAll(() => server.close());

  const get = (path: string, options: Partial<Parameters<typeof safeGet>[1]> = {}) =>
    safeGet(`${server.origin}${path}`, { policy: LOCAL_STACK, ...options });

  it('sends the user agent and asks for compressed bodies', async () => {
    const response = await get('/ok', { userAgent: 'Test/1', headers: { 'if-none-match': '"v1"' } });
    expect(response.status).toBe(200);
    expect(response.body.toString()).toBe('hello');
    const sent = server.headers.at(-1);
    expect(sent).toMatchObject({ 'user-agent': 'Test/1', 'accept-encoding': 'gzip, deflate, br', 'if-none-match': '"v1"' });
  });

  it.each([1, 2, 3])('follows %i redirect(s)', async (hops) => {
    const response = await get(`/hop/${hops}`);
    expect(response.body.toString()).toBe('arrived');
    expect(response.url.pathname).toBe('/hop/0');
  });

  it('refuses a 4th redirect without following it', async () => {
    const before = server.paths.length;
    const error = await failure(get('/hop/4'));
    expect(error.reason).toBe('too_many_redirects');
    expect(server.paths.slice(before)).toEqual(['/hop/4', '/hop/3', '/hop/2', '/hop/1']);
  });

  it.each([['http://169.254.169.254/latest/meta-data/'], ['http://10.0.0.1/'], ['http://[::ffff:10.0.0.1]/'], ['file:///etc/passwd']])(
    'refuses a redirect to %s',
    async (target) => {
      const error = await failure(get(`/to?target=${encodeURIComponent(target)}`));
      expect(error.reason).toBe(target.startsWith('file:') ? 'bad_url' : 'blocked_address');
    },
  );

  it('re-resolves every redirect target through the guarded lookup', async () => {
    const resolve = fakeDns({ 'internal.example.test': ['10.0.0.5'] });
    const error = await failure(get(`/to?target=${encodeURIComponent('http://internal.example.test/admin')}`, { resolve }));
    expect(error.reason).toBe('blocked_address');
    expect(error.details).toMatchObject({ host: 'internal.example.test', address: '10.0.0.5', range: 'private' });
  });

  it('connects to the address the resolver gave, once the resolver says loopback', async () => {
    const resolve = fakeDns({ 'feeds.example.test': ['127.0.0.1'] });
    const response = await safeGet(`http://feeds.example.test:${server.port}/ok`, { policy: LOCAL_STACK, resolve });
    expect(response.body.toString()).toBe('hello');
    expect(server.headers.at(-1)?.host).toBe(`feeds.example.test:${server.port}`);
  });

  it.each([
    ['only a private address', ['10.0.0.5']],
    ['a public and a private address', ['93.184.216.34', '10.0.0.5']],
    ['loopback (allowed here) and a private address', ['127.0.0.1', '10.0.0.5']],
    ['the metadata endpoint', ['169.254.169.254']],
    ['an IPv4-mapped private address', ['::ffff:192.168.0.1']],
  ])('refuses a name that resolves to %s, before connecting', async (_what, addresses) => {
    const before = server.paths.length;
    const resolve = fakeDns({ 'feeds.example.test': addresses });
    const error = await failure(safeGet(`http://feeds.example.test:${server.port}/ok`, { policy: LOCAL_STACK, resolve }));
    expect(error.reason).toBe('blocked_address');
    expect(error.details).toMatchObject({ host: `feeds.example.test:${server.port}` });
    expect(server.paths.length).toBe(before);
  });

  it('refuses loopback, by name or literal, when the policy does not allow it', async () => {
    const before = server.paths.length;
    const resolve = fakeDns({ localhost: ['127.0.0.1', '::1'] });
    const policy = HTTP_NO_LOOPBACK;
    expect((await failure(safeGet(`${server.origin}/ok`, { policy }))).reason).toBe('blocked_address');
    expect((await failure(safeGet(`http://localhost:${server.port}/ok`, { policy, resolve }))).reason).toBe('blocked_address');
    expect((await failure(safeGet(`http://[::ffff:127.0.0.1]:${server.port}/ok`, { policy }))).reason).toBe('blocked_address');
    expect(server.paths.length).toBe(before);
  });

  it('refuses http: when the policy does not allow it, before connecting', async () => {
    const before = server.paths.length;
    const error = await failure(safeGet(`${server.origin}/ok`, { policy: { allowLoopback: true, allowHttp: false } }));
    expect(error.reason).toBe('bad_url');
    expect(server.paths.length).toBe(before);
  });

  it('reports a name that does not resolve, and a refused connection, as network', async () => {
    const resolve = fakeDns({});
    const unresolved = await failure(safeGet('http://nowhere.example.test/', { policy: LOCAL_STACK, resolve }));
    expect(unresolved.reason).toBe('network');
    expect(unresolved.details).toMatchObject({ host: 'nowhere.example.test', code: 'ENOTFOUND' });

    const spare = await startTestServer(() => undefined);
    const origin = spare.origin;
    await spare.close();
    const refused = await failure(safeGet(`${origin}/`, { policy: LOCAL_STACK }));
    expect(refused.reason).toBe('network');
    expect(refused.details).toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('gives up on a server that never answers', async () => {
    const error = await failure(get('/silent', { timeoutMs: 200 }));
    expect(error.reason).toBe('timeout');
    expect(error.details).toMatchObject({ timeoutMs: 200 });
  });

  it('gives up on a body that stops arriving', async () => {
    expect((await failure(get('/stall', { timeoutMs: 200 }))).reason).toBe('timeout');
  });

  it('gives up on a resolver that never answers', async () => {
    const resolve: Resolver = () => new Promise(() => undefined);
    const error = await failure(safeGet('http://feeds.example.test/', { policy: LOCAL_STACK, resolve, timeoutMs: 200 }));
    expect(error.reason).toBe('timeout');
  });

  it('refuses a declared Content-Length over the cap', async () => {
    const error = await failure(get('/declared-large', { maxBytes: 1024 }));
    expect(error.reason).toBe('too_large');
    expect(error.details).toMatchObject({ maxBytes: 1024 });
    expect((await get('/declared-large', { maxBytes: 4096 })).body.length).toBe(4096);
  });

  it('stops reading an endless body at the cap and closes the connection', async () => {
    const error = await failure(get('/endless', { maxBytes: 64 * 1024 }));
    expect(error.reason).toBe('too_large');
    await expect.poll(() => closed).toContain('/endless');
  });

  it('caps the decoded size too: a small gzip that unpacks past the cap is too large', async () => {
    expect(bomb.length).toBeLessThan(64 * 1024);
    const error = await failure(get('/bomb'));
    expect(error.reason).toBe('too_large');
    expect(error.details).toMatchObject({ maxBytes: 5 * 1024 * 1024 });
  });

  it.each([
    ['/gzip', 'zipped'],
    ['/deflate', 'deflated'],
    ['/br', 'brotli'],
    ['/stacked', 'twice'],
  ])('decodes %s', async (path, text) => {
    expect((await get(path)).body.toString()).toBe(text);
  });

  it('refuses an encoding it cannot decode', async () => {
    const error = await failure(get('/zstd'));
    expect(error.reason).toBe('network');
    expect(error.details).toMatchObject({ encoding: 'zstd' });
  });

  it('hands back non-2xx answers for the caller to judge', async () => {
    const response = await get('/missing');
    expect(response.status).toBe(404);
  });
});
