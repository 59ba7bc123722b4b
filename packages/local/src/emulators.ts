import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import startSesServer from 'aws-ses-v2-local';
import dynalite from 'dynalite';
import S3rver from 's3rver';

/**
 * The embedded AWS stand-ins behind `npm start` and the tests. Each listens on loopback only;
 * port 0 picks a free port.
 */
export interface RunningEmulator {
  url: string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

/** DynamoDB: dynalite, persisted in LevelDB under `path`, or in memory without one. */
export async function startDynamo(options: { port?: number; path?: string } = {}): Promise<RunningEmulator> {
  const server = dynalite({
    ...(options.path ? { path: options.path } : {}),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  server.listen(options.port ?? 0, HOST);
  await once(server, 'listening');
  // dynalite's close() also flushes and closes its LevelDB.
  return { url: urlOf(server), close: () => closeServer(server) };
}

/** S3: s3rver, files under `directory`, path-style buckets created if missing. */
export async function startS3(options: {
  port?: number;
  directory: string;
  buckets: string[];
}): Promise<RunningEmulator> {
  const s3 = new S3rver({
    address: HOST,
    port: options.port ?? 0,
    directory: options.directory,
    silent: true,
    vhostBuckets: false,
    configureBuckets: options.buckets.map((name) => ({ name })),
  });
  const address = await s3.run();
  return { url: `http://${HOST}:${address.port}`, close: () => s3.close() };
}

/** SES v2: aws-ses-v2-local; its root page is the outbox of every email sent. */
export async function startSes(options: { port?: number } = {}): Promise<RunningEmulator> {
  const server = await startSesServer({ host: HOST, port: options.port ?? 0 });
  return { url: urlOf(server), close: () => closeServer(server) };
}

export function urlOf(server: Server): string {
  return `http://${HOST}:${(server.address() as AddressInfo).port}`;
}

export async function closeServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve, reject) =>
    server.close((error) => (error ? reject(error) : resolve())),
  );
  server.closeIdleConnections();
  await closed;
}
