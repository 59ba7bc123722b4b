import { inspect } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedFetchError, type FeedFetchFailure } from '@scc/core';
import { LOCAL_STACK, PUBLIC_ONLY } from './address-policy';
import { createFeedFetcher, FEED_USER_AGENT, redactFeedUrl } from './feed-fetcher';
import type { Resolver } from './guarded-lookup';
import { startTestServer, type TestServer } from './test-server';

const SECRET_PATH = 'SECRETPATH9f2c';
const TOKEN = 'TOKEN5e71ab';
const ETAG = '"v1-abc"';
const LAST_MODIFIED = 'Tue, 01 Dec 2026 10:00:00 GMT';
const CALENDAR = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Marketplace//EN\r\nEND:VCALENDAR\r\n';
const LOGIN_PAGE = '<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body><form>…</form></body></html>';

const fakeDns =
  (names: Record<string, string[]>): Resolver =>
  async (hostname) => {
    const addresses = names[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

let server: TestServer;
/** A feed URL the way marketplaces hand them out: the secret in the path and the query. */
const feedUrl = (scenario: string) => `${server.origin}/ical/${scenario}/${SECRET_PATH}.ics?t=${TOKEN}`;

beforeAll(async () => {
  server = await startTestServer((request, response) => {
    const [, , scenario, arg] = new URL(request.url ?? '/', 'http://x').pathname.split('/');
    switch (scenario) {
      case 'cal': {
        const fresh = request.headers['if-none-match'] === ETAG || request.headers['if-modified-since'] === LAST_MODIFIED;
        if (fresh) response.writeHead(304, { etag: ETAG }).end();
        else response.writeHead(200, { 'content-type': 'text/calendar; charset=utf-8', etag: ETAG, 'last-modified': LAST_MODIFIED }).end(CALENDAR);
        return;
      }
      case 'bare':
        response.writeHead(200, { 'content-type': 'text/calendar' }).end(CALENDAR);
        return;
      case 'bom':
        response.writeHead(200, { 'content-type': 'text/calendar' }).end(`\uFEFF${CALENDAR}`);
        return;
      case 'gzip':
        response.writeHead(200, { 'content-type': 'text/calendar', 'content-encoding': 'gzip' }).end(gzipSync(CALENDAR));
        return;
      case 'lowercase':
        response.writeHead(200, { 'content-type': 'text/plain' }).end(CALENDAR.toLowerCase());
        return;
      case 'html':
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(LOGIN_PAGE);
        return;
      case 'html-as-text':
        response.writeHead(200, { 'content-type': 'text/calendar' }).end(`\n  ${LOGIN_PAGE}`);
        return;
      case 'html-bare':
        response.writeHead(200).end('<html><body>Please sign in</body></html>');
        return;
      case 'json':
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"error":"feed disabled"}');
        return;
      case 'empty':
        response.writeHead(200, { 'content-type': 'text/calendar' }).end();
        return;
      case 'blank':
        response.writeHead(200, { 'content-type': 'text/calendar' }).end(' \r\n\t\r\n');
        return;
      case 'no-content':
        response.writeHead(204).end();
        return;
      case 'status':
        response.writeHead(Number(arg)).end(`error page for ${request.url}`);
        return;
      case 'hops': {
        const left = Number(arg);
        const next = `/ical/${left === 0 ? 'bare' : 'hops'}/${left - 1}/${SECRET_PATH}.ics?t=${TOKEN}`;
        response.writeHead(301, { location: next }).end();
        return;
      }
      case 'to-metadata':
        response.writeHead(302, { location: `http://169.254.169.254/latest/${SECRET_PATH}?t=${TOKEN}` }).end();
        return;
      case 'to-internal':
        response.writeHead(302, { location: `http://internal.example.test/${SECRET_PATH}?t=${TOKEN}` }).end();
        return;
      case 'silent':
        return;
      case 'huge':
        response.writeHead(200, { 'content-type': 'text/calendar' }).end(`BEGIN:VCALENDAR\r\n${'X'.repeat(8192)}`);
        return;
      default:
        response.writeHead(404).end();
    }
  });
});
afterAll(() => server.close());

async function failure(promise: Promise<unknown>): Promise<FeedFetchError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FeedFetchError);
  return error as FeedFetchError;
}

describe('createFeedFetcher: conditional GET', () => {
  const fetcher = createFeedFetcher(LOCAL_STACK);

  it('returns the body and its validators, and sends the validators back next time', async () => {
    const first = await fetcher.fetch(feedUrl('cal'), {});
    expect(first).toEqual({ kind: 'fetched', body: CALENDAR, etag: ETAG, lastModified: LAST_MODIFIED });
    expect(server.headers.at(-1)).toMatchObject({ 'user-agent': FEED_USER_AGENT, 'accept-encoding': 'gzip, deflate, br' });
    expect(server.headers.at(-1)).not.toHaveProperty('if-none-match');

    expect(await fetcher.fetch(feedUrl('cal'), { etag: ETAG, lastModified: LAST_MODIFIED })).toEqual({ kind: 'not-modified' });
    expect(server.headers.at(-1)).toMatchObject({ 'if-none-match': ETAG, 'if-modified-since': LAST_MODIFIED });
  });

  it('is not-modified on either validator alone', async () => {
    expect(await fetcher.fetch(feedUrl('cal'), { etag: ETAG })).toEqual({ kind: 'not-modified' });
    expect(server.headers.at(-1)).not.toHaveProperty('if-modified-since');
    expect(await fetcher.fetch(feedUrl('cal'), { lastModified: LAST_MODIFIED })).toEqual({ kind: 'not-modified' });
    expect(server.headers.at(-1)).not.toHaveProperty('if-none-match');
  });

  it('fetches again when the validators are stale', async () => {
    const result = await fetcher.fetch(feedUrl('cal'), { etag: '"old"', lastModified: 'Mon, 30 Nov 2026 10:00:00 GMT' });
    expect(result).toMatchObject({ kind: 'fetched', etag: ETAG });
  });

  it('leaves out validators the server did not send', async () => {
    expect(await fetcher.fetch(feedUrl('bare'), {})).toEqual({ kind: 'fetched', body: CALENDAR });
  });
});

describe('createFeedFetcher: what counts as a calendar', () => {
  const fetcher = createFeedFetcher(LOCAL_STACK);

  it('strips a byte-order mark and decodes gzip', async () => {
    expect(await fetcher.fetch(feedUrl('bom'), {})).toEqual({ kind: 'fetched', body: CALENDAR });
    expect(await fetcher.fetch(feedUrl('gzip'), {})).toEqual({ kind: 'fetched', body: CALENDAR });
  });

  it('accepts lower-case property names', async () => {
    expect(await fetcher.fetch(feedUrl('lowercase'), {})).toMatchObject({ kind: 'fetched' });
  });

  it.each([['html'], ['html-as-text'], ['html-bare'], ['json']])('refuses %s as not a calendar', async (scenario) => {
    const error = await failure(fetcher.fetch(feedUrl(scenario), {}));
    expect(error.failure).toBe('not_calendar');
    expect(error.code).toBe('feed_fetch_failed');
    expect(error.details).toMatchObject({ failure: 'not_calendar', host: `127.0.0.1:${server.port}`, status: 200 });
  });

  it('says a login page looks like an expired link', async () => {
    expect((await failure(fetcher.fetch(feedUrl('html'), {}))).message).toContain('web page');
  });

  it.each([['empty'], ['blank'], ['no-content']])('calls %s empty', async (scenario) => {
    expect((await failure(fetcher.fetch(feedUrl(scenario), {}))).failure).toBe('empty');
  });

  it.each([[500], [404], [401], [403], [410], [429], [300]])('reports HTTP %i with its status', async (status) => {
    const error = await failure(fetcher.fetch(feedUrl(`status/${status}`), {}));
    expect(error.failure).toBe('http_status');
    expect(error.details).toMatchObject({ status, host: `127.0.0.1:${server.port}` });
  });
});

describe('createFeedFetcher: the outbound rules', () => {
  it('follows up to 3 redirects and refuses a 4th', async () => {
    const fetcher = createFeedFetcher(LOCAL_STACK);
    expect(await fetcher.fetch(feedUrl('hops/2'), {})).toMatchObject({ kind: 'fetched' }); // 3 redirects
    expect((await failure(fetcher.fetch(feedUrl('hops/3'), {}))).failure).toBe('too_many_redirects');
  });

  it('maps each refusal onto the feed failure of the same name', async () => {
    const resolve = fakeDns({ 'feeds.example.test': ['10.0.0.5'] });
    const local = createFeedFetcher(LOCAL_STACK, { resolve, timeoutMs: 200, maxBytes: 4096 });
    const cases: [FeedFetchFailure, () => Promise<unknown>][] = [
      ['bad_url', () => createFeedFetcher(PUBLIC_ONLY).fetch(feedUrl('cal'), {})],
      ['bad_url', () => local.fetch(`https://user:${TOKEN}@feeds.example.test/${SECRET_PATH}`, {})],
      ['blocked_address', () => local.fetch(`http://feeds.example.test/${SECRET_PATH}?t=${TOKEN}`, {})],
      ['blocked_address', () => local.fetch(feedUrl('to-metadata'), {})],
      ['timeout', () => local.fetch(feedUrl('silent'), {})],
      ['too_large', () => local.fetch(feedUrl('huge'), {})],
      ['network', () => local.fetch(`http://nowhere.example.test/${SECRET_PATH}?t=${TOKEN}`, {})],
    ];
    for (const [expected, fetching] of cases) expect((await failure(fetching())).failure).toBe(expected);
  });

  it('never puts the path or token of the feed URL into an error', async () => {
    const resolve = fakeDns({ 'internal.example.test': ['10.0.0.5'], 'feeds.example.test': ['127.0.0.1', '192.168.1.9'] });
    const local = createFeedFetcher(LOCAL_STACK, { resolve, timeoutMs: 200, maxBytes: 4096 });
    const spare = await startTestServer(() => undefined);
    const closedPort = spare.port;
    await spare.close();
    const attempts: (() => Promise<unknown>)[] = [
      () => createFeedFetcher(PUBLIC_ONLY).fetch(feedUrl('cal'), {}),
      () => local.fetch(`https://user:${TOKEN}@feeds.example.test/${SECRET_PATH}`, {}),
      () => local.fetch(`https://feeds example.test/${SECRET_PATH}?t=${TOKEN}`, {}),
      () => local.fetch(`ftp://feeds.example.test/${SECRET_PATH}?t=${TOKEN}`, {}),
      () => local.fetch(`https://10.0.0.1/${SECRET_PATH}?t=${TOKEN}`, {}),
      () => local.fetch(`https://feeds.example.test/${SECRET_PATH}?t=${TOKEN}`, {}),
      () => local.fetch(feedUrl('to-metadata'), {}),
      () => local.fetch(feedUrl('to-internal'), {}),
      () => local.fetch(feedUrl('hops/5'), {}),
      () => local.fetch(feedUrl('silent'), {}),
      () => local.fetch(feedUrl('huge'), {}),
      () => local.fetch(feedUrl('status/401'), {}),
      () => local.fetch(feedUrl('status/500'), {}),
      () => local.fetch(feedUrl('html'), {}),
      () => local.fetch(feedUrl('json'), {}),
      () => local.fetch(feedUrl('empty'), {}),
      () => local.fetch(`http://127.0.0.1:${closedPort}/${SECRET_PATH}?t=${TOKEN}`, {}),
      () => local.fetch(`https://nowhere.example.test/${SECRET_PATH}?t=${TOKEN}`, {}),
    ];
    const failures = new Set<string>();
    for (const attempt of attempts) {
      const error = await failure(attempt());
      failures.add(error.failure);
      // The cause chain too, as a logger that walks `cause` would print it.
      for (const text of [error.message, JSON.stringify(error), JSON.stringify(error.details), inspect(error, { depth: Infinity })]) {
        expect(text).not.toContain(TOKEN);
        expect(text).not.toContain(SECRET_PATH);
      }
    }
    expect([...failures].sort()).toEqual(
      ['bad_url', 'blocked_address', 'empty', 'http_status', 'network', 'not_calendar', 'timeout', 'too_large', 'too_many_redirects'].sort(),
    );
  });
});

describe('redactFeedUrl', () => {
  it('keeps the scheme and host only', () => {
    expect(redactFeedUrl(`https://feeds.example.test/ical/${SECRET_PATH}.ics?t=${TOKEN}`)).toBe('https://feeds.example.test/…');
    expect(redactFeedUrl(`http://127.0.0.1:8080/${SECRET_PATH}`)).toBe('http://127.0.0.1:8080/…');
    expect(redactFeedUrl(`https://user:${TOKEN}@feeds.example.test/`)).toBe('https://feeds.example.test/…');
    expect(redactFeedUrl(`not a url ${TOKEN}`)).toBe('(not a URL)');
  });
});
