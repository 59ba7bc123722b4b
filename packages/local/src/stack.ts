import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { serve } from '@hono/node-server';
import { createApp, createServices, sha256Hex } from '@scc/api';
import { createDocumentClient, ensureTable } from '@scc/aws';
import type { LocalConfig } from './config';
import {
  closeServer,
  type RunningEmulator,
  startDynamo,
  startS3,
  startSes,
  urlHost,
} from './emulators';
import { type KeySource, loadServiceKey } from './service-key';

export const LOCAL_TABLE = 'scc-local';
export const LOCAL_BUCKET = 'scc-local-media';
export const LOCAL_REGION = 'us-east-1';
/** The emulators accept any credentials; fixed ones keep the SDK from searching for real ones. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export interface LocalStack {
  apiUrl: string;
  outboxUrl: string;
  dynamoUrl: string;
  s3Url: string;
  dataDir: string;
  serviceKey: string;
  serviceKeySource: KeySource;
  serviceKeyFile: string;
  close(): Promise<void>;
}

/** Everything `npm start` runs, in this process: emulators, table, bucket, and the API. */
export async function startLocalStack(config: LocalConfig): Promise<LocalStack> {
  await mkdir(join(config.dataDir, 's3'), { recursive: true });
  const closers: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    // Reverse order: the API stops taking requests before the stores under it close.
    for (const close of closers.reverse()) await close();
  };
  try {
    const dynamo = await listenOrExplain('LOCAL_DYNAMODB_PORT', config.dynamoPort, () =>
      startDynamo({
        host: config.host,
        port: config.dynamoPort,
        path: join(config.dataDir, 'dynamodb'),
      }),
    );
    closers.push(dynamo.close);
    const s3 = await listenOrExplain('LOCAL_S3_PORT', config.s3Port, () =>
      startS3({
        host: config.host,
        port: config.s3Port,
        directory: join(config.dataDir, 's3'),
        buckets: [LOCAL_BUCKET],
      }),
    );
    closers.push(s3.close);
    const ses = await listenOrExplain('LOCAL_SES_PORT', config.sesPort, () =>
      startSes({ host: config.host, port: config.sesPort }),
    );
    closers.push(ses.close);

    const aws = { endpoint: dynamo.url, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
    const admin = new DynamoDBClient(aws);
    await ensureTable(admin, LOCAL_TABLE);
    admin.destroy();
    const db = createDocumentClient(aws);
    closers.push(async () => db.destroy());

    const { key, source, file } = await loadServiceKey(config.dataDir, config.serviceKey);
    const app = createApp({
      services: createServices(db, LOCAL_TABLE),
      serviceKeyHash: sha256Hex(key),
      mode: 'local',
    });
    const api = await listenOrExplain('PORT', config.port, () =>
      serveApp(app.fetch, config.host, config.port),
    );
    closers.push(api.close);

    return {
      apiUrl: api.url,
      outboxUrl: ses.url,
      dynamoUrl: dynamo.url,
      s3Url: s3.url,
      dataDir: config.dataDir,
      serviceKey: key,
      serviceKeySource: source,
      serviceKeyFile: file,
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

function serveApp(
  fetch: (request: Request) => Response | Promise<Response>,
  host: string,
  port: number,
) {
  return new Promise<RunningEmulator>((resolve, reject) => {
    const server = serve({ fetch, hostname: host, port }) as Server;
    server.once('error', reject);
    server.once('listening', () => {
      const { port: actual } = server.address() as AddressInfo;
      resolve({ url: `http://${urlHost(host)}:${actual}`, close: () => closeServer(server) });
    });
  });
}

export class PortInUseError extends Error {
  constructor(variable: string, port: number, options?: { cause?: unknown }) {
    super(
      `Port ${port} is already in use. Stop what is using it, or set ${variable} to another port.`,
      options,
    );
    this.name = 'PortInUseError';
  }
}

async function listenOrExplain<T>(
  variable: string,
  port: number,
  start: () => Promise<T>,
): Promise<T> {
  try {
    return await start();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new PortInUseError(variable, port, { cause: error });
    }
    throw error;
  }
}
