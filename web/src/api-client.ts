import type { AppType } from '@scc/api';
import { hc } from 'hono/client';

export interface ApiClientOptions {
  /** Sent as `X-Service-Key` on every request (admin console, integrations). */
  serviceKey?: string;
  fetch?: typeof fetch;
}

/** The only way browser code talks to the API: Hono's typed RPC client over `AppType`. */
export function createApiClient(baseUrl: string, options: ApiClientOptions = {}) {
  return hc<AppType>(baseUrl, {
    ...(options.fetch ? { fetch: options.fetch } : {}),
    headers: options.serviceKey ? { 'X-Service-Key': options.serviceKey } : {},
  });
}

export type ApiClient = ReturnType<typeof createApiClient>;
