import { createHash, timingSafeEqual } from 'node:crypto';
/**
 * The address of whoever is calling, as something the caller cannot choose: the per-guest
 * upload limit keys on it. Three ways a request reaches the app:
 *
 * 1. Through the public site (CloudFront → API Gateway → Lambda). CloudFront appends the
 *    viewer's address, the one that opened the TCP connection to the edge, to whatever
 *    X-Forwarded-For the viewer sent, so everything before that entry is the viewer's own text
 *    and only the entry CloudFront appended is trustworthy. If API Gateway in turn appends its
 *    own peer (the CloudFront edge, which is also `sourceIp`), that trailing entry is dropped
 *    first. The first entry, which this module replaces, was whatever the client wrote.
 * 2. Straight to API Gateway (HTTP API, payload 2.0, via `hono/aws-lambda`):
 *    `requestContext.http.sourceIp`, the peer of API Gateway's own connection.
 * 3. The local Node server (`@hono/node-server`): the socket's remote address; nothing stands
 *    in front of it, so its forwarding headers are ignored.
 *
 * A request counts as "through CloudFront" when it carries the headers CloudFront adds to every
 * origin request (`X-Amz-Cf-Id`, and `Via: … (CloudFront)`). A caller that skips the site and
 * fakes them at API Gateway's own URL would choose the last X-Forwarded-For entry, so in AWS the
 * distribution also sends a secret header (`X-Scc-Edge`, infra/site.ts), and only that counts.
 */
export interface AddressSource {
  header(name: string): string | undefined;
  /** Hono's `c.env`: the Lambda event under aws-lambda, the Node request under node-server. */
  env: unknown;
  /**
   * What the distribution adds to every request it sends the API (`X-Scc-Edge`, see
   * `edgeTokenOf`). When set, only a request carrying it counts as through CloudFront, so a
   * caller that fakes CloudFront's headers at API Gateway's own URL is keyed on its sourceIp.
   */
  edgeToken?: string;
}

export const EDGE_HEADER = 'x-scc-edge';

/**
 * The edge token, derived from the service key's hash (a secret both the distribution's
 * configuration and the function already have), so there is no other secret to set or rotate.
 */
export function edgeTokenOf(serviceKeyHash: string): string {
  return createHash('sha256').update(`scc-edge\u0000${serviceKeyHash}`).digest('base64url');
}

function sameText(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right);
}

export type AddressOrigin = 'cloudfront' | 'api-gateway' | 'socket';

export interface ClientAddress {
  address: string;
  from: AddressOrigin;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function viaCloudFront(source: AddressSource): boolean {
  if (source.edgeToken !== undefined) return sameText(source.header(EDGE_HEADER) ?? '', source.edgeToken);
  return source.header('x-amz-cf-id') !== undefined && /\(CloudFront\)/i.test(source.header('via') ?? '');
}

/** The entry CloudFront appended: the last, after dropping API Gateway's own (`peer`), if any. */
function cloudFrontViewer(forwardedFor: string | undefined, peer: string | undefined): string | undefined {
  const entries = (forwardedFor ?? '').split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  if (peer !== undefined && entries.length > 1 && entries.at(-1) === peer) entries.pop();
  return entries.at(-1);
}

/** Where the request came from, or undefined when the runtime says nothing (e.g. `app.request` in tests). */
export function clientAddress(source: AddressSource): ClientAddress | undefined {
  const sourceIp = nonEmpty(field(field(field(field(source.env, 'event'), 'requestContext'), 'http'), 'sourceIp'));
  const socketAddress = nonEmpty(field(field(field(source.env, 'incoming'), 'socket'), 'remoteAddress'));
  if (sourceIp !== undefined) {
    if (viaCloudFront(source)) {
      const viewer = cloudFrontViewer(source.header('x-forwarded-for'), sourceIp);
      if (viewer !== undefined) return { address: viewer, from: 'cloudfront' };
    }
    return { address: sourceIp, from: 'api-gateway' };
  }
  // No CloudFront in front of the local server: its forwarding headers are the client's text.
  if (socketAddress !== undefined) return { address: socketAddress, from: 'socket' };
  return undefined;
}
