import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Context, createContext, Script } from 'node:vm';

/**
 * The CloudFront Function of the public site's `/g/*` behavior, the very file infra/site.ts
 * deploys. The local stack runs its text as CloudFront does: a plain script in a global scope
 * of its own (no require, no process, no Node API), whose `handler(event)` gets CloudFront's
 * viewer-request event.
 */
export const GUEST_PAGE_REWRITE_FILE = fileURLToPath(
  new URL('../../../infra/cloudfront/guest-page-rewrite.js', import.meta.url),
);

/** A query string parameter, header or cookie as CloudFront Functions see it. */
export interface CloudFrontValue {
  value: string;
  multiValue?: { value: string }[];
}
export interface CloudFrontCookie extends CloudFrontValue {
  attributes?: string;
}

export interface CloudFrontRequest {
  method: string;
  uri: string;
  querystring: Record<string, CloudFrontValue>;
  headers: Record<string, CloudFrontValue>;
  cookies: Record<string, CloudFrontCookie>;
}

export interface CloudFrontResponse {
  statusCode: number;
  statusDescription?: string;
  headers?: Record<string, CloudFrontValue>;
  cookies?: Record<string, CloudFrontCookie>;
  body?: string | { encoding: 'text' | 'base64'; data: string };
}

export interface ViewerRequestEvent {
  version: '1.0';
  context: { distributionDomainName: string; distributionId: string; eventType: 'viewer-request'; requestId: string };
  viewer: { ip: string };
  request: CloudFrontRequest;
}

/** What the function decided: its own answer, or the object the request goes on to fetch. */
export interface ViewerRequestResult {
  /** The function answered the viewer itself; the origin is not asked. */
  response?: Response;
  /** The function passed the request on: the S3 key of the (possibly rewritten) uri. */
  objectKey?: string;
}

export interface ViewerRequestOptions {
  /** The viewer's address (CloudFront's `event.viewer.ip`). */
  viewerIp?: string;
}

type Handler = (event: unknown) => unknown;

interface LoadedFunction {
  handler: Handler;
  scope: Context;
  /** Builds a value in the function's own realm, as CloudFront hands it over. */
  adopt: (value: unknown) => unknown;
}

/** Loads and evaluates a CloudFront Function file in a fresh global scope. */
export function loadCloudFrontFunction(file: string = GUEST_PAGE_REWRITE_FILE): LoadedFunction {
  const source = readFileSync(file, 'utf8');
  const scope = createContext({});
  new Script(source, { filename: file }).runInContext(scope);
  const handler: unknown = scope.handler;
  if (typeof handler !== 'function') {
    throw new Error(`${file} defines no global function handler(event)`);
  }
  const adopt = new Script('(function (json) { return JSON.parse(json); })').runInContext(scope) as (
    json: string,
  ) => unknown;
  return { handler: handler as Handler, scope, adopt: (value) => adopt(JSON.stringify(value)) };
}

let loaded: LoadedFunction | undefined;
/** Evaluated once per process, on first use. */
function guestPageRewrite(): LoadedFunction {
  loaded ??= loadCloudFrontFunction();
  return loaded;
}

/**
 * The function's own not-found page (its `NOT_FOUND_PAGE`), for the local edge's answer to a
 * well-formed slug that has no page.
 */
export function guestPageNotFoundHtml(): string {
  const page: unknown = guestPageRewrite().scope.NOT_FOUND_PAGE;
  if (typeof page !== 'string') throw new Error(`${GUEST_PAGE_REWRITE_FILE} defines no NOT_FOUND_PAGE string`);
  return page;
}

/**
 * Runs the `/g/*` viewer-request function on a Fetch request: CloudFront's event in, and the
 * function's answer back as a Fetch Response, or the S3 key the request goes on to.
 */
export async function runViewerRequest(
  request: Request,
  options: ViewerRequestOptions = {},
): Promise<ViewerRequestResult> {
  const fn = guestPageRewrite();
  const event = fn.adopt(viewerRequestEvent(request, options));
  // cloudfront-js-2.0 also allows an async handler.
  const result: unknown = await fn.handler(event);
  if (isResponse(result)) return { response: toFetchResponse(result, request.method) };
  if (isRequest(result)) return { objectKey: objectKeyOf(result.uri) };
  throw new Error('The CloudFront Function returned neither a request nor a response');
}

/** CloudFront's viewer-request event for a Fetch request. */
export function viewerRequestEvent(request: Request, options: ViewerRequestOptions = {}): ViewerRequestEvent {
  const url = new URL(request.url);
  const headers: Record<string, CloudFrontValue> = {};
  let cookieHeader = '';
  request.headers.forEach((value, name) => {
    // CloudFront hands cookies over parsed, in `cookies`, not as a header.
    if (name === 'cookie') cookieHeader = value;
    else headers[name] = { value };
  });
  return {
    version: '1.0',
    context: {
      distributionDomainName: url.host,
      distributionId: 'LOCAL',
      eventType: 'viewer-request',
      requestId: randomUUID(),
    },
    viewer: { ip: options.viewerIp ?? '127.0.0.1' },
    request: {
      method: request.method,
      // As the viewer sent it: still percent-encoded.
      uri: url.pathname,
      querystring: pairs(url.search.slice(1).split('&'), '='),
      headers,
      cookies: pairs(cookieHeader.split(';'), '='),
    },
  };
}

/** `a=1`, `a=2`, `b` → `{ a: { value: '1', multiValue: [1, 2] }, b: { value: '' } }`, values as sent. */
function pairs(parts: string[], separator: string): Record<string, CloudFrontValue> {
  const out: Record<string, CloudFrontValue> = {};
  for (const part of parts) {
    const trimmed = part.trim();
    if (trimmed === '') continue;
    const at = trimmed.indexOf(separator);
    const name = at === -1 ? trimmed : trimmed.slice(0, at);
    const value = at === -1 ? '' : trimmed.slice(at + 1);
    const existing = out[name];
    if (existing === undefined) {
      out[name] = { value };
    } else {
      existing.multiValue ??= [{ value: existing.value }];
      existing.multiValue.push({ value });
    }
  }
  return out;
}

function isResponse(value: unknown): value is CloudFrontResponse {
  return typeof value === 'object' && value !== null && typeof (value as CloudFrontResponse).statusCode === 'number';
}

function isRequest(value: unknown): value is CloudFrontRequest {
  return typeof value === 'object' && value !== null && typeof (value as CloudFrontRequest).uri === 'string';
}

/** S3 decodes the path into the key, after the leading slash. */
function objectKeyOf(uri: string): string {
  const path = uri.replace(/^\//, '');
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function toFetchResponse(result: CloudFrontResponse, method: string): Response {
  const headers = new Headers();
  for (const [name, header] of Object.entries(result.headers ?? {})) {
    if (header.multiValue?.length) for (const { value } of header.multiValue) headers.append(name, value);
    else headers.set(name, header.value);
  }
  for (const [name, cookie] of Object.entries(result.cookies ?? {})) {
    const values = cookie.multiValue?.length ? cookie.multiValue : [cookie];
    for (const { value } of values) {
      headers.append('set-cookie', `${name}=${value}${cookie.attributes ? `; ${cookie.attributes}` : ''}`);
    }
  }
  const bodyless = method === 'HEAD' || [101, 204, 205, 304].includes(result.statusCode);
  const body =
    bodyless || result.body === undefined
      ? null
      : typeof result.body === 'string'
        ? result.body
        : result.body.encoding === 'base64'
          ? Buffer.from(result.body.data, 'base64')
          : result.body.data;
  return new Response(body, {
    status: result.statusCode,
    ...(result.statusDescription ? { statusText: result.statusDescription } : {}),
    headers,
  });
}
