import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';
import S3rver from 's3rver';
import { multipartShim } from './s3rver-multipart';
import { keepOutboxIn } from './ses-outbox-file';
import type * as SesModule from 'aws-ses-v2-local';

// aws-ses-v2-local is CommonJS with `exports.default`; require() reads it the same way under
// Node, tsx and vitest, where a default import would not.
const require = createRequire(import.meta.url);
const { default: startSesServer } = require('aws-ses-v2-local') as typeof SesModule;

/**
 * The embedded AWS stand-ins behind `npm start` and the tests. Each listens on loopback only,
 * whatever HOST says: none of them checks who is calling (s3rver takes unsigned writes,
 * dynalite and the SES outbox have no auth at all), so only this machine may reach them.
 * Phones reach the local S3 through the verifying media proxy (media-proxy.ts). Port 0
 * picks a free port.
 */
export interface RunningEmulator {
  url: string;
  close(): Promise<void>;
}

const LOOPBACK = '127.0.0.1';

interface Listen {
  port?: number;
}

/** DynamoDB: dynalite, persisted in LevelDB under `path`, or in memory without one. */
export async function startDynamo(
  options: Listen & { path?: string } = {},
): Promise<RunningEmulator> {
  const server = dynalite({
    ...(options.path ? { path: options.path } : {}),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  server.listen(options.port ?? 0, LOOPBACK);
  await listening(server);
  // dynalite's close() also flushes and closes its LevelDB.
  return { url: urlOf(server), close: () => closeServer(server) };
}

/**
 * CORS for the local buckets: the guest page (another origin than the local S3) PUTs photos
 * straight to pre-signed URLs and reads each multipart part's ETag, which a browser hides from
 * scripts unless it is exposed. Any origin is fine locally: the pre-signed URL is the access
 * control. Production buckets get their own, narrower rules from infra.
 */
export const LOCAL_S3_CORS = `<?xml version="1.0" encoding="UTF-8"?>
<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <CORSRule>
    <AllowedOrigin>*</AllowedOrigin>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedMethod>HEAD</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
    <MaxAgeSeconds>3000</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>
`;

/**
 * S3: s3rver, files under `directory`, path-style buckets created if missing. `cors`, an S3
 * `CORSConfiguration` document (e.g. LOCAL_S3_CORS), is applied to every bucket, replacing
 * the one kept from an earlier run; without it the buckets keep whatever they had.
 */
export async function startS3(
  options: Listen & { directory: string; buckets: string[]; cors?: string },
): Promise<RunningEmulator> {
  const configs = options.cors === undefined ? [] : [options.cors];
  const s3 = new S3rver({
    address: LOOPBACK,
    port: options.port ?? 0,
    directory: options.directory,
    silent: true,
    vhostBuckets: false,
    configureBuckets: options.buckets.map((name) => ({ name, configs })),
  });
  // s3rver 3.7.1 has no ListParts and no AbortMultipartUpload (it answers 405); both run
  // just before its router, on the files its own UploadPart wrote.
  const koa = s3 as unknown as { middleware: unknown[] };
  koa.middleware.splice(koa.middleware.length - 1, 0, multipartShim(options.directory));
  // Not s3.run(): it listens without an 'error' handler, so a busy port would crash the
  // process with a raw EADDRINUSE stack (and leave run() pending) instead of rejecting.
  await s3.configureBuckets();
  const server = s3.listen(options.port ?? 0, LOOPBACK, () => {});
  await listening(server);
  return { url: urlOf(server), close: () => closeServer(server) };
}

/**
 * SES v2: aws-ses-v2-local; its root page is the outbox of every email sent. With
 * `outboxFile`, the outbox is read from that file and kept in it, across restarts.
 */
export async function startSes(options: Listen & { outboxFile?: string } = {}): Promise<RunningEmulator> {
  const server = await listenSes(LOOPBACK, options.port ?? 0);
  try {
    const kept = options.outboxFile ? await keepOutboxIn(options.outboxFile, server) : undefined;
    return {
      url: urlOf(server),
      close: async () => {
        await closeServer(server);
        await kept?.flush();
      },
    };
  } catch (error) {
    await closeServer(server);
    throw error;
  }
}

/** aws-ses-v2-local resolves only once listening; a busy port would leave it pending forever. */
async function listenSes(host: string, port: number): Promise<Server> {
  if (port !== 0) {
    const probe = createServer();
    probe.listen(port, host);
    await listening(probe);
    await closeServer(probe);
  }
  return startSesServer({ host, port });
}

export function listening(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.once('listening', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

export function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

export function urlOf(server: Server): string {
  const { address, port } = server.address() as AddressInfo;
  return `http://${urlHost(address)}:${port}`;
}

export async function closeServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve, reject) =>
    server.close((error) => (error ? reject(error) : resolve())),
  );
  server.closeIdleConnections();
  await closed;
}
