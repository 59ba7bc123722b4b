import { createServer, type IncomingMessage, request as httpRequest, type ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';
import { closeServer, listening, type RunningEmulator, urlHost } from './emulators';
import { checkPresignedRequest, type SigningKey } from './presigned-url';

/**
 * The local S3 as guests' phones reach it. s3rver stays on loopback; this proxy, on HOST and
 * LOCAL_S3_PORT, lets through only what a pre-signed URL from the API allows: every GET and
 * PUT must carry a SigV4 query signature made with this stack's own media key (not s3rver's
 * well-known one) that matches the method, host, path, query, type and length, and has not
 * expired. Anything else gets 403, so nobody on the network can list the bucket, read a page
 * by key, or overwrite a guest page. CORS preflights pass through: they change nothing, and
 * s3rver answers them from the bucket's CORS rules.
 */
export interface MediaProxyOptions {
  host: string;
  port: number;
  /** s3rver's loopback URL. */
  upstream: string;
  signingKey: SigningKey;
}

const VERIFIED_METHODS = new Set(['GET', 'PUT']);

export async function startMediaProxy(options: MediaProxyOptions): Promise<RunningEmulator> {
  const upstream = new URL(options.upstream);
  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      console.error('The local S3 proxy failed on a request:', error);
      if (!res.headersSent) refuse(res, 502, 'InternalError', 'The local S3 proxy failed.');
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const target = req.url ?? '/';
    if (method !== 'OPTIONS') {
      if (!VERIFIED_METHODS.has(method)) {
        return refuse(res, 403, 'AccessDenied', `${method} is not allowed on the local S3 from outside.`);
      }
      const check = await checkPresignedRequest({ method, target, headers: req.headers }, options.signingKey);
      if (!check.ok) return refuse(res, 403, 'AccessDenied', `Refused: ${check.reason}.`);
    }
    const forwarded = httpRequest(
      { hostname: upstream.hostname, port: upstream.port, method, path: target, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        pipeline(answer, res, () => {});
      },
    );
    forwarded.on('error', (error) => {
      if (!res.headersSent) refuse(res, 502, 'InternalError', `The local S3 did not answer: ${error.message}`);
      else res.destroy(error);
    });
    // The body goes on exactly as received; its length is one of the signed headers.
    pipeline(req, forwarded, () => {});
  }

  server.listen(options.port, options.host);
  await listening(server);
  const { port } = server.address() as { port: number };
  return { url: `http://${urlHost(options.host)}:${port}`, close: () => closeServer(server) };
}

/** An S3-style XML error; with CORS allowed, so the guest page's script can see the status. */
function refuse(res: ServerResponse, status: number, code: string, message: string): void {
  const escaped = message.replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c] ?? c);
  res.writeHead(status, {
    'content-type': 'application/xml',
    'access-control-allow-origin': '*',
  });
  res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${escaped}</Message></Error>`);
}
