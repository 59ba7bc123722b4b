import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AddressPolicy, LOCAL_STACK, PUBLIC_ONLY } from './address-policy';
import { OutboundRequestError } from './errors';
import type { Resolver } from './guarded-lookup';
import { startTestServer, type TestServer } from './test-server';
import { createWebhookSender, WEBHOOK_USER_AGENT } from './webhook-sender';

const HTTP_NO_LOOPBACK: AddressPolicy = { allowLoopback: false, allowHttp: true };
const BODY = JSON.stringify({ type: 'booking.created', timestamp: '2027-07-04T18:00:00Z', data: { bookingId: 'bk_1' } });
const HEADERS = { 'content-type': 'application/json', 'webhook-id': 'msg_1', 'webhook-timestamp': '1814464800', 'webhook-signature': 'v1,abc' };

function fakeDns(names: Record<string, string[]>): Resolver {
  return async (hostname) => {
    const addresses = names[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

async function failure(promise: Promise<unknown>): Promise<OutboundRequestError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OutboundRequestError);
  return error as OutboundRequestError;
}

function readAll(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
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

describe('the webhook sender against a local server', () => {
  let server: TestServer;
  const received: { method: string; body: string }[] = [];
  const closed: string[] = [];

  beforeAll(async () => {
    server = await startTestServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://x');
      void readAll(request).then((body) => {
        received.push({ method: request.method ?? '', body });
        const status = /^\/status\/(\d{3})$/.exec(url.pathname);
        if (status) {
          response.writeHead(Number(status[1]), { location: '/elsewhere' }).end('answer');
          return;
        }
        switch (url.pathname) {
          case '/silent':
            return; // never answers
          case '/endless':
            response.writeHead(200);
            void endless(response).then(() => closed.push('/endless'));
            return;
          default:
            response.writeHead(404).end();
        }
      });
    });
  });
  afterAll(() => server.close());

  const local = createWebhookSender(LOCAL_STACK);

  it('POSTs the body with the signature headers and its user agent, and returns the status', async () => {
    const response = await local.post(`${server.origin}/status/204`, HEADERS, BODY, 10_000);
    expect(response).toEqual({ status: 204 });
    expect(received.at(-1)).toEqual({ method: 'POST', body: BODY });
    expect(server.headers.at(-1)).toMatchObject({
      ...HEADERS,
      'user-agent': WEBHOOK_USER_AGENT,
      'content-length': String(Buffer.byteLength(BODY)),
    });
  });

  it.each([200, 202, 400, 410, 429, 500, 503])('hands back HTTP %i for the domain to judge', async (status) => {
    expect(await local.post(`${server.origin}/status/${status}`, HEADERS, BODY, 10_000)).toEqual({ status });
  });

  it.each([301, 302, 307, 308])('does not follow a %i: the redirect is the answer', async (status) => {
    const before = server.paths.length;
    expect(await local.post(`${server.origin}/status/${status}`, HEADERS, BODY, 10_000)).toEqual({ status });
    expect(server.paths.slice(before)).toEqual([`/status/${status}`]);
  });

  it('reads a long answer only up to the cap, closes the connection and keeps the status', async () => {
    expect(await local.post(`${server.origin}/endless`, HEADERS, BODY, 10_000)).toEqual({ status: 200 });
    await expect.poll(() => closed).toContain('/endless');
  });

  it('throws a timeout for a receiver that never answers', async () => {
    const error = await failure(local.post(`${server.origin}/silent`, HEADERS, BODY, 200));
    expect(error.reason).toBe('timeout');
    expect(error.details).toMatchObject({ timeoutMs: 200 });
  });

  it('throws a network failure for a refused connection or a name that does not resolve', async () => {
    const spare = await startTestServer(() => undefined);
    const origin = spare.origin;
    await spare.close();
    const refused = await failure(local.post(`${origin}/hook`, HEADERS, BODY, 10_000));
    expect(refused.reason).toBe('network');
    expect(refused.details).toMatchObject({ code: 'ECONNREFUSED' });

    const sender = createWebhookSender(LOCAL_STACK, { resolve: fakeDns({}) });
    expect((await failure(sender.post('https://gone.example.test/hook', HEADERS, BODY, 10_000))).reason).toBe('network');
  });

  it.each([
    ['the metadata endpoint by address', 'http://169.254.169.254/latest/meta-data/'],
    ['a private address', 'https://10.0.0.1/hook'],
    ['an IPv4-mapped private address', 'https://[::ffff:192.168.1.1]/hook'],
  ])('refuses %s, even with the local policy', async (_what, url) => {
    const error = await failure(local.post(url, HEADERS, BODY, 10_000));
    expect(error.reason).toBe('blocked_address');
  });

  it.each([
    ['the metadata endpoint', ['169.254.169.254']],
    ['a private address', ['10.1.2.3']],
    ['a public and a private address', ['93.184.216.34', '172.16.0.9']],
  ])('refuses a name that resolves to %s, before connecting', async (_what, addresses) => {
    const before = server.paths.length;
    const sender = createWebhookSender(LOCAL_STACK, { resolve: fakeDns({ 'hooks.example.test': addresses }) });
    const error = await failure(sender.post(`http://hooks.example.test:${server.port}/status/200`, HEADERS, BODY, 10_000));
    expect(error.reason).toBe('blocked_address');
    expect(server.paths.length).toBe(before);
  });

  it('reaches loopback only with the local policy', async () => {
    const before = server.paths.length;
    const resolve = fakeDns({ 'hooks.example.test': ['127.0.0.1'] });
    const noLoopback = createWebhookSender(HTTP_NO_LOOPBACK, { resolve });
    expect((await failure(noLoopback.post(`${server.origin}/status/200`, HEADERS, BODY, 10_000))).reason).toBe('blocked_address');
    expect((await failure(noLoopback.post(`http://hooks.example.test:${server.port}/status/200`, HEADERS, BODY, 10_000))).reason).toBe(
      'blocked_address',
    );
    // In AWS: https only, so a plain-http loopback URL is refused before any look-up.
    const aws = createWebhookSender(PUBLIC_ONLY, { resolve });
    expect((await failure(aws.post(`${server.origin}/status/200`, HEADERS, BODY, 10_000))).reason).toBe('bad_url');
    expect((await failure(aws.post(`https://hooks.example.test:${server.port}/status/200`, HEADERS, BODY, 10_000))).reason).toBe(
      'blocked_address',
    );
    expect(server.paths.length).toBe(before);

    const allowed = createWebhookSender(LOCAL_STACK, { resolve });
    expect(await allowed.post(`http://hooks.example.test:${server.port}/status/200`, HEADERS, BODY, 10_000)).toEqual({ status: 200 });
  });
});
