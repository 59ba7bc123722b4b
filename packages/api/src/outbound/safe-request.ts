/**
 * One GET to a URL someone outside typed in (a marketplace feed; later a webhook), made so it
 * cannot be aimed at the inside of the network.
 *
 * Built on node:http/https rather than the global fetch: fetch offers no per-connection DNS
 * hook without the undici package, so the address it checks and the address it connects to
 * could differ (DNS rebinding), and its automatic redirects go wherever the Location says
 * without a chance to re-check. Here every hop's addresses go through `guardedLookup`, the
 * same answer the socket then connects to, and each redirect is parsed and checked afresh.
 *
 * `safePost` (webhooks) takes the same guarded path for one POST with a body; it follows no
 * redirect, since re-sending a signed body wherever a Location points is not the receiver's
 * call to make: a 3xx is just the answer.
 */
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { type AddressPolicy, addressVerdict } from './address-policy';
import { OutboundRequestError } from './errors';
import { guardedLookup, type Resolver, systemResolver } from './guarded-lookup';

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
export const DEFAULT_MAX_REDIRECTS = 3;
export const DEFAULT_USER_AGENT = 'ShipCaptainCrew/1';

export interface SafeGetOptions {
  policy: AddressPolicy;
  /** Extra request headers (validators, Accept). User-Agent and Accept-Encoding are set here. */
  headers?: Record<string, string>;
  userAgent?: string;
  /** For the whole exchange: every hop, DNS and body included. */
  timeoutMs?: number;
  /** Cap on the body as received and again once decoded, so a small gzip cannot unpack past it. */
  maxBytes?: number;
  maxRedirects?: number;
  resolve?: Resolver;
}

export interface SafeResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Decoded (gunzipped, …) body. */
  body: Buffer;
  /** The URL that answered, after redirects. Carries the caller's secret: do not log it. */
  url: URL;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * Parses `input` (resolved against `base`, for a redirect's Location) and checks what can be
 * checked without the network: the scheme, that no credentials ride in it, and a host that is
 * an IP literal, which is connected to without any lookup. Exported so a form can refuse a bad
 * URL when it is saved rather than at the first poll.
 */
export function parseOutboundUrl(input: string, policy: AddressPolicy, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(input, base);
  } catch {
    // No cause: URL's TypeError carries the input, which is the secret.
    throw new OutboundRequestError('bad_url', base ? `${base.host} redirected to an unparsable location` : 'Not a valid URL', {
      details: base ? { host: base.host } : {},
    });
  }
  const host = url.host;
  const allowed = url.protocol === 'https:' || (url.protocol === 'http:' && policy.allowHttp);
  if (!allowed) {
    const scheme = url.protocol.slice(0, -1);
    const what = base ? `${base.host} redirected to ${scheme}:` : `A ${scheme}: URL`;
    throw new OutboundRequestError('bad_url', `${what}; only https: is fetched`, { details: { host, scheme } });
  }
  if (url.username || url.password) {
    throw new OutboundRequestError('bad_url', `The URL for ${host} carries credentials; SCC does not send them`, { details: { host } });
  }
  if (!url.hostname) throw new OutboundRequestError('bad_url', 'The URL has no host');
  const literal = bareHostname(url);
  if (isIP(literal)) {
    const verdict = addressVerdict(literal, policy);
    if (!verdict.allowed) {
      throw new OutboundRequestError('blocked_address', `${host} is ${verdict.range} address space, which SCC does not contact`, {
        details: { host, address: literal, range: verdict.range },
      });
    }
  }
  return url;
}

/** GET `input`, following up to `maxRedirects` redirects, each re-checked like the first URL. */
export async function safeGet(input: string, options: SafeGetOptions): Promise<SafeResponse> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  let url = parseOutboundUrl(input, options.policy);
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  try {
    const request: RequestSpec = {
      method: 'GET',
      headers: {
        ...options.headers,
        'user-agent': options.userAgent ?? DEFAULT_USER_AGENT,
        'accept-encoding': 'gzip, deflate, br',
      },
    };
    for (let redirects = 0; ; redirects++) {
      const answer = await exchange(url, request, options, deadline.signal).catch((error: unknown) => {
        throw asOutboundError(error, url, deadline.signal, timeoutMs);
      });
      if (!('location' in answer)) return { ...answer, url };
      if (redirects === maxRedirects) {
        throw new OutboundRequestError('too_many_redirects', `${url.host} redirected more than ${maxRedirects} times`, {
          details: { host: url.host, redirects: redirects + 1 },
        });
      }
      url = parseOutboundUrl(answer.location, options.policy, url);
    }
  } finally {
    clearTimeout(timer);
  }
}

export const DEFAULT_POST_MAX_BYTES = 64 * 1024;

export interface SafePostOptions {
  policy: AddressPolicy;
  /** Request headers (Content-Type, signatures). User-Agent and Content-Length are set here. */
  headers?: Record<string, string>;
  userAgent?: string;
  /** For the whole exchange: DNS, connection, upload and the answer's head. */
  timeoutMs?: number;
  /** How much of the answer's body is read (then discarded); the rest is cut off unread. */
  maxBytes?: number;
  resolve?: Resolver;
}

export interface SafePostResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
}

/**
 * POST `body` to `input` within the same rules as `safeGet`. Only the status matters to the
 * caller: the answer's body is read up to `maxBytes` and dropped, and a body that is larger,
 * or stops arriving once the status is in, does not turn the answer into a failure.
 */
export async function safePost(input: string, body: string | Buffer, options: SafePostOptions): Promise<SafePostResponse> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const url = parseOutboundUrl(input, options.policy);
  const payload = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  const request: RequestSpec = {
    method: 'POST',
    headers: {
      ...options.headers,
      'user-agent': options.userAgent ?? DEFAULT_USER_AGENT,
      // Nothing in the answer is read, so nothing is to be decoded either.
      'accept-encoding': 'identity',
      'content-length': String(payload.length),
    },
    body: payload,
    followRedirects: false,
    discardBody: options.maxBytes ?? DEFAULT_POST_MAX_BYTES,
  };
  try {
    const answer = await exchange(url, request, options, deadline.signal).catch((error: unknown) => {
      throw asOutboundError(error, url, deadline.signal, timeoutMs);
    });
    // followRedirects is off, so a 3xx comes back as an answer.
    if ('location' in answer) throw new Error('unreachable: a POST follows no redirect');
    return { status: answer.status, headers: answer.headers };
  } finally {
    clearTimeout(timer);
  }
}

interface RequestSpec {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: Buffer;
  /** Default true. Off: a 3xx with a Location is returned like any other answer. */
  followRedirects?: boolean;
  /** Read at most this many bytes of the answer, undecoded, and keep none of them. */
  discardBody?: number;
}

/** A redirect to follow (its body discarded unread), or the answer. */
type Exchange = { location: string } | Omit<SafeResponse, 'url'>;

interface ExchangeOptions {
  policy: AddressPolicy;
  maxBytes?: number;
  resolve?: Resolver;
}

async function exchange(url: URL, spec: RequestSpec, options: ExchangeOptions, signal: AbortSignal): Promise<Exchange> {
  const client = url.protocol === 'https:' ? https : http;
  const request = client.request({
    protocol: url.protocol,
    hostname: bareHostname(url),
    port: url.port || undefined,
    path: `${url.pathname}${url.search}`,
    method: spec.method,
    headers: spec.headers,
    // A fresh connection per request: a pooled socket would skip the lookup, and feeds are
    // polled minutes apart anyway.
    agent: false,
    lookup: guardedLookup(url.host, options.policy, options.resolve ?? systemResolver),
    signal,
  });
  try {
    const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
      request.on('response', resolve);
      request.on('error', reject);
      request.end(spec.body);
    });
    const status = response.statusCode ?? 0;
    const location = response.headers.location;
    if ((spec.followRedirects ?? true) && REDIRECTS.has(status) && location) return { location };
    if (spec.discardBody !== undefined) {
      await discardBody(response, spec.discardBody);
      return { status, headers: response.headers, body: Buffer.alloc(0) };
    }
    const body = await readBody(response, url.host, options.maxBytes ?? DEFAULT_MAX_BYTES);
    return { status, headers: response.headers, body };
  } finally {
    // Closes the socket whatever happened (cap exceeded, bad encoding); a no-op once complete.
    request.destroy();
  }
}

/**
 * Reads up to `maxBytes` of the answer and keeps none, so a well-behaved receiver's short
 * reply ends cleanly. Resolves, never rejects: past the cap, on the deadline or on a reset the
 * caller's `finally` closes the socket, and the status already received stands.
 */
function discardBody(response: http.IncomingMessage, maxBytes: number): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    response.on('data', (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > maxBytes) resolve();
    });
    response.once('end', () => resolve());
    response.once('error', () => resolve());
    response.once('close', () => resolve());
  });
}

async function readBody(response: http.IncomingMessage, host: string, maxBytes: number): Promise<Buffer> {
  const tooLarge = () =>
    new OutboundRequestError('too_large', `${host} sent more than ${maxBytes} bytes`, { details: { host, maxBytes } });
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();

  const decoders = decodersFor(response.headers['content-encoding'], host);
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  const stages = decoders.length > 0 ? [byteCap(maxBytes, tooLarge), ...decoders, byteCap(maxBytes, tooLarge)] : [byteCap(maxBytes, tooLarge)];
  await pipeline([response, ...stages, sink]);
  return Buffer.concat(chunks);
}

/** Passes bytes through until `max` is exceeded, then fails the pipeline, which closes the socket. */
function byteCap(max: number, tooLarge: () => Error): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > max) done(tooLarge());
      else done(null, chunk);
    },
  });
}

/** Decoders in the order to apply them: Content-Encoding lists codings in the order applied. */
function decodersFor(header: string | undefined, host: string): Transform[] {
  const codings = (header ?? '')
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity');
  return codings.reverse().map((coding) => {
    switch (coding) {
      case 'gzip':
      case 'x-gzip':
        return zlib.createGunzip();
      case 'deflate':
        return zlib.createInflate();
      case 'br':
        return zlib.createBrotliDecompress();
      default:
        throw new OutboundRequestError('network', `${host} sent a body in an unsupported encoding (${coding})`, {
          details: { host, encoding: coding },
        });
    }
  });
}

function asOutboundError(error: unknown, url: URL, deadline: AbortSignal, timeoutMs: number): OutboundRequestError {
  if (error instanceof OutboundRequestError) return error;
  const host = url.host;
  if (deadline.aborted) {
    return new OutboundRequestError('timeout', `${host} did not answer within ${timeoutMs} ms`, { details: { host, timeoutMs }, cause: error });
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return new OutboundRequestError('network', `Could not fetch from ${host}${code ? ` (${code})` : ''}`, {
    details: code ? { host, code } : { host },
    cause: error,
  });
}

/** URL.hostname keeps IPv6 literals bracketed; sockets and isIP want them bare. */
function bareHostname(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}
