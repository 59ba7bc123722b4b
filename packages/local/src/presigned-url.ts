import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';

/**
 * Checks an S3 pre-signed (SigV4 query string) request the way S3 would, for the local media
 * proxy: s3rver itself accepts any SigV4 signature without checking it, and anonymous
 * requests too. The request is signed again with the same key, date, expiry and signed
 * headers by the SDK's own signer, and the two signatures are compared; anything the signer
 * covered (method, host, path, query, Content-Type, Content-Length) that changed shows up
 * as a different signature.
 */

export interface PresignedRequestParts {
  method: string;
  /** The request target as received: path and query, still percent-encoded. */
  target: string;
  /** Lower-case header names, as Node's IncomingMessage.headers gives them. */
  headers: Record<string, string | string[] | undefined>;
}

export interface SigningKey {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

export type PresignedCheck = { ok: true } | { ok: false; reason: string };

/** SigV4's limit for a pre-signed URL's lifetime: 7 days. */
const MAX_EXPIRES_SECONDS = 604_800;
/** A URL dated further ahead than this was not signed by this machine's clock. */
const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

const SIGNATURE = 'X-Amz-Signature';
// The signer writes these itself from the date, expiry, key and headers it is given.
const SIGNER_PARAMS = new Set([
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Date',
  'X-Amz-Expires',
  'X-Amz-SignedHeaders',
  SIGNATURE,
]);

export async function checkPresignedRequest(
  request: PresignedRequestParts,
  key: SigningKey,
  now: Date = new Date(),
): Promise<PresignedCheck> {
  const queryStart = request.target.indexOf('?');
  if (queryStart < 0) return refuse('not a pre-signed request (no query string)');
  const path = request.target.slice(0, queryStart);
  const query = parseQuery(request.target.slice(queryStart + 1));
  if (!query) return refuse('a malformed or repeated query parameter');

  const algorithm = query.get('X-Amz-Algorithm');
  const credential = query.get('X-Amz-Credential');
  const amzDate = query.get('X-Amz-Date');
  const expires = query.get('X-Amz-Expires');
  const signedHeaders = query.get('X-Amz-SignedHeaders');
  const signature = query.get(SIGNATURE);
  if (algorithm !== 'AWS4-HMAC-SHA256' || !credential || !amzDate || !expires || !signedHeaders || !signature) {
    return refuse('not a pre-signed request (SigV4 query parameters missing)');
  }
  if (credential.split('/')[0] !== key.accessKeyId) return refuse('an unknown access key');

  const signingDate = parseAmzDate(amzDate);
  const expiresIn = Number(expires);
  if (!signingDate) return refuse('a malformed X-Amz-Date');
  if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > MAX_EXPIRES_SECONDS) {
    return refuse('a malformed X-Amz-Expires');
  }
  if (signingDate.getTime() - now.getTime() > MAX_CLOCK_SKEW_MS) return refuse('a date in the future');
  if (now.getTime() > signingDate.getTime() + expiresIn * 1000) return refuse('an expired URL');

  // Only the headers the URL says it signed, with the values this request carries: a missing
  // one signs as absent, so the signatures differ.
  const signedNames = signedHeaders.split(';');
  // As S3 does: the host is always signed, and so is every x-amz-* header sent (an unsigned
  // one such as x-amz-copy-source would change what the request does).
  if (!signedNames.includes('host')) return refuse('a URL that does not sign its host');
  const unsignedAmz = Object.keys(request.headers).find((name) => name.startsWith('x-amz-') && !signedNames.includes(name));
  if (unsignedAmz) return refuse(`an unsigned ${unsignedAmz} header`);
  const headers: Record<string, string> = {};
  for (const name of signedNames) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
    else if (Array.isArray(value)) headers[name] = value.join(',');
  }
  // The payload hash S3 pre-signing declares (UNSIGNED-PAYLOAD) travels in the query; the
  // signer reads it from this header and hoists it back into the query under this very name,
  // as the SDK did (the canonical query sorts names case-sensitively).
  const payloadHash = query.get('X-Amz-Content-Sha256');
  if (payloadHash !== undefined) headers['X-Amz-Content-Sha256'] = payloadHash;

  const signer = new SignatureV4({
    credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
    region: key.region,
    service: 's3',
    sha256: NodeSha256,
    // S3 signs the path exactly as sent (already percent-encoded once), as the S3 client does.
    uriEscapePath: false,
  });
  const unsignedQuery: Record<string, string> = {};
  for (const [name, value] of query) {
    if (!SIGNER_PARAMS.has(name) && name !== 'X-Amz-Content-Sha256') unsignedQuery[name] = value;
  }
  const hostHeader = typeof request.headers.host === 'string' ? request.headers.host : '';
  const resigned = await signer.presign(
    {
      method: request.method,
      protocol: 'http:',
      hostname: hostHeader,
      path,
      query: unsignedQuery,
      headers,
    },
    { signingDate, expiresIn, signableHeaders: new Set(signedNames) },
  );
  const expected = resigned.query?.[SIGNATURE];
  if (resigned.query?.['X-Amz-SignedHeaders'] !== signedHeaders) return refuse('signed headers that do not match');
  if (typeof expected !== 'string' || !sameText(expected, signature)) {
    return refuse('a signature that does not match the request');
  }
  return { ok: true };
}

function refuse(reason: string): PresignedCheck {
  return { ok: false, reason };
}

/** Query parameters decoded exactly (`+` stays `+`); undefined when one repeats or is malformed. */
function parseQuery(raw: string): Map<string, string> | undefined {
  const params = new Map<string, string>();
  for (const pair of raw.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    let name: string;
    let value: string;
    try {
      name = decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq));
      value = eq < 0 ? '' : decodeURIComponent(pair.slice(eq + 1));
    } catch {
      return undefined;
    }
    if (params.has(name)) return undefined;
    params.set(name, value);
  }
  return params;
}

/** `20261201T101500Z` → that instant. */
function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The signer's hash: SHA-256, or HMAC-SHA256 when given a key, from node:crypto. */
class NodeSha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(toBuffer(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

function toBuffer(data: string | ArrayBuffer | ArrayBufferView): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}
