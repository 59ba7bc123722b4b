import type { ClientResponse } from 'hono/client';
import { type ApiClient, createApiClient } from '../api-client';

/**
 * The operator's service key: kept in this tab's sessionStorage (gone when the tab closes),
 * sent only as the `X-Service-Key` header through the typed client, never put in a URL.
 */
const STORAGE_KEY = 'scc.serviceKey';

export function storedKey(): string | undefined {
  try {
    return sessionStorage.getItem(STORAGE_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

export function storeKey(key: string): void {
  try {
    sessionStorage.setItem(STORAGE_KEY, key);
  } catch {
    // Private mode without storage: the key lives only as long as this page.
  }
}

export function forgetKey(): void {
  try {
    sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Nothing stored.
  }
}

/**
 * Every call says it comes from the console (`X-Actor: console`), so a booking's history tells
 * the office's own changes from an integration's.
 */
export function clientFor(key: string): ApiClient {
  const asConsole: typeof fetch = (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('X-Actor', 'console');
    return fetch(input, { ...init, headers });
  };
  return createApiClient(window.location.origin, { serviceKey: key, fetch: asConsole });
}

/** The API's error shape, `{"error":{"code","message","details"}}`, or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let onUnauthorized: (() => void) | undefined;

/** What to do when the key stops working mid-session (rotated, revoked). */
export function whenUnauthorized(handler: () => void): void {
  onUnauthorized = handler;
}

type Body<R> = R extends ClientResponse<infer T, infer _S, infer _F> ? T : never;

/** The typed body of a successful answer; an ApiError for anything else. */
export async function data<R extends ClientResponse<unknown, number, 'json'>>(request: Promise<R>): Promise<Body<R>> {
  const res = await send(request);
  return (await res.json()) as Body<R>;
}

/** The response itself when it is a success (2xx); an ApiError otherwise. */
export async function send<R extends ClientResponse<unknown, number, string>>(request: Promise<R>): Promise<R> {
  let res: R;
  try {
    res = await request;
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', 'Could not reach the API. Check the connection and try again.');
  }
  if (res.ok) return res;
  throw await errorOf(res);
}

export async function errorOf(res: { status: number; json(): Promise<unknown> }): Promise<ApiError> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  const error = isErrorBody(body) ? body.error : undefined;
  const problem = new ApiError(
    res.status,
    error?.code ?? `http_${res.status}`,
    error?.message ?? `The API answered ${res.status}`,
    error?.details ?? {},
  );
  if (res.status === 401 && problem.code === 'unauthorized') onUnauthorized?.();
  return problem;
}

function isErrorBody(body: unknown): body is { error: { code: string; message: string; details?: Record<string, unknown> } } {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = (body as { error: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string';
}

/** A message for people: the API's own message, or the network failure. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
