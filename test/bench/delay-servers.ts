/**
 * Local servers that answer like the real services, only later: a delaying HTTP proxy for
 * the emulators (s3rver, aws-ses-v2-local) and a minimal CloudFront stand-in for
 * CreateInvalidation. Loopback only; every pending delay is dropped on close.
 */
import { randomBytes } from 'node:crypto';
import { Agent, createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const LOOPBACK = '127.0.0.1';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Timers that a closing server cancels, so that no delay outlives it. */
class Delays {
  readonly #pending = new Map<NodeJS.Timeout, () => void>();

  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#pending.delete(timer);
        resolve();
      }, ms);
      this.#pending.set(timer, resolve);
    });
  }

  cancelAll(): void {
    for (const timer of this.#pending.keys()) clearTimeout(timer);
    this.#pending.clear();
  }
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return `http://${LOOPBACK}:${(server.address() as AddressInfo).port}`;
}

function closer(server: Server, delays: Delays, extra: () => void = () => undefined) {
  return async () => {
    delays.cancelAll();
    extra();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

// Hop-by-hop headers belong to one connection, not to the request; everything else (Host
// included, which SigV4 signs) passes unchanged.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'upgrade', 'te', 'trailer']);

export interface DelayingProxyOptions {
  /** Base URL of the server behind the proxy. */
  target: string;
  /** How long to hold a request before passing it on; 0 passes it at once. */
  delayOf(method: string, path: string): number;
  /** Told how long the server behind took to answer each delayed request. */
  onUpstream?(path: string, start: number, end: number): void;
}

/**
 * Holds each matching request for a fixed time after it has fully arrived, then passes it to
 * the target and streams the answer back: to the client it is the target, only slower.
 */
export async function startDelayingProxy(options: DelayingProxyOptions): Promise<RunningServer> {
  const target = new URL(options.target);
  const agent = new Agent({ keepAlive: true });
  const delays = new Delays();
  const server = createServer((req, res) => {
    forward(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`bench proxy: ${error instanceof Error ? error.message : String(error)}`);
      } else {
        res.destroy();
      }
    });
  });

  async function forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const delayMs = options.delayOf(method, new URL(path, 'http://proxy').pathname);
    if (delayMs > 0) await delays.wait(delayMs);
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !HOP_BY_HOP.has(name)));
    const start = performance.now();
    await new Promise<void>((resolve, reject) => {
      const upstream = request(
        { host: target.hostname, port: target.port, method, path, headers, agent },
        (answer) => {
          const back = Object.fromEntries(
            Object.entries(answer.headers).filter(([name]) => !HOP_BY_HOP.has(name) && name !== 'transfer-encoding'),
          );
          res.writeHead(answer.statusCode ?? 502, back);
          answer.pipe(res);
          answer.once('end', () => {
            if (delayMs > 0) options.onUpstream?.(path, start, performance.now());
            resolve();
          });
          answer.once('error', reject);
        },
      );
      upstream.once('error', reject);
      upstream.end(body);
    });
  }

  const url = await listen(server);
  return { url, close: closer(server, delays, () => agent.destroy()) };
}

const CLOUDFRONT_XMLNS = 'http://cloudfront.amazonaws.com/doc/2020-05-31/';
const INVALIDATION_PATH = /^\/2020-05-31\/distribution\/([^/]+)\/invalidation$/;

export interface CloudFrontStandIn extends RunningServer {
  /** Distinct invalidations created (a repeated caller reference is the same one). */
  readonly created: number;
}

const xmlEscape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const xmlUnescape = (text: string) =>
  text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/**
 * CloudFront's CreateInvalidation, as far as the SDK needs it: `POST
 * /2020-05-31/distribution/{id}/invalidation` with an `InvalidationBatch` XML body, answered
 * after `delayMs` with 201, a Location header and the `Invalidation` XML. A repeated caller
 * reference answers the first invalidation, as CloudFront does.
 */
export async function startCloudFrontStandIn(options: { delayMs: number }): Promise<CloudFrontStandIn> {
  const delays = new Delays();
  const byReference = new Map<string, { id: string; createTime: string; paths: string[] }>();
  let url = '';

  const send = (res: ServerResponse, status: number, xml: string, headers: Record<string, string> = {}) => {
    if (res.destroyed) return;
    const body = `<?xml version="1.0" encoding="UTF-8"?>\n${xml}`;
    res.writeHead(status, {
      'content-type': 'text/xml',
      'content-length': Buffer.byteLength(body),
      'x-amz-request-id': randomBytes(16).toString('hex'),
      ...headers,
    });
    res.end(body);
  };
  const error = (res: ServerResponse, status: number, code: string, message: string) =>
    send(
      res,
      status,
      `<ErrorResponse xmlns="${CLOUDFRONT_XMLNS}"><Error><Type>Sender</Type><Code>${code}</Code>` +
        `<Message>${xmlEscape(message)}</Message></Error><RequestId>bench</RequestId></ErrorResponse>`,
    );

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const distributionId = INVALIDATION_PATH.exec(new URL(req.url ?? '/', 'http://cf').pathname)?.[1];
    if (req.method !== 'POST' || distributionId === undefined) {
      error(res, 404, 'NotFound', 'Only CreateInvalidation is served here');
      return;
    }
    if (!(req.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256 ')) {
      error(res, 403, 'MissingAuthenticationToken', 'Request is not signed');
      return;
    }
    const xml = (await readBody(req)).toString('utf8');
    const reference = /<CallerReference>([^<]*)<\/CallerReference>/.exec(xml)?.[1];
    const paths = [...xml.matchAll(/<Path>([^<]*)<\/Path>/g)].map((m) => xmlUnescape(m[1] ?? ''));
    if (reference === undefined || paths.length === 0) {
      error(res, 400, 'MalformedInput', 'InvalidationBatch needs a CallerReference and at least one Path');
      return;
    }
    await delays.wait(options.delayMs);
    const callerReference = xmlUnescape(reference);
    let invalidation = byReference.get(callerReference);
    if (invalidation && invalidation.paths.join('\n') !== paths.join('\n')) {
      error(res, 409, 'InvalidationBatchAlreadyExists', 'The caller reference was already used for a different batch.');
      return;
    }
    if (!invalidation) {
      invalidation = {
        id: `I${randomBytes(7).toString('hex').toUpperCase()}`,
        createTime: new Date().toISOString(),
        paths,
      };
      byReference.set(callerReference, invalidation);
    }
    const items = invalidation.paths.map((p) => `<Path>${xmlEscape(p)}</Path>`).join('');
    send(
      res,
      201,
      `<Invalidation xmlns="${CLOUDFRONT_XMLNS}"><Id>${invalidation.id}</Id><Status>InProgress</Status>` +
        `<CreateTime>${invalidation.createTime}</CreateTime><InvalidationBatch><Paths>` +
        `<Quantity>${invalidation.paths.length}</Quantity><Items>${items}</Items></Paths>` +
        `<CallerReference>${xmlEscape(callerReference)}</CallerReference></InvalidationBatch></Invalidation>`,
      { location: `${url}/2020-05-31/distribution/${distributionId}/invalidation/${invalidation.id}` },
    );
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) error(res, 500, 'ServiceUnavailable', 'bench stand-in failed');
      else res.destroy();
    });
  });
  url = await listen(server);
  return {
    url,
    get created() {
      return byReference.size;
    },
    close: closer(server, delays),
  };
}
