import { mkdir } from 'node:fs/promises';
import { startRepeating } from './repeating-task';
import { LocalDeliveryQueue } from './local-delivery-queue';
import { type LocalScheduler, startLocalScheduler } from './local-scheduler';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { serve } from '@hono/node-server';
import {
  createApp,
  createFeedFetcher,
  createServices,
  createWebhookSender,
  LOCAL_STACK,
  MagicLinks,
  type Outside,
  parseMagicLinkKeys,
  type Services,
  type ServiceSettings,
  sha256Hex,
} from '@scc/api';
import {
  createDocumentClient,
  ensureTable,
  type RecordedInvalidation,
  RecordingInvalidator,
  S3AlbumArchiver,
  S3GuestPageStore,
  S3PhotoStorage,
  SesMailer,
} from '@scc/aws';
import { type Clock, type StepName, type StepPolicy, systemClock, type UploadLimits } from '@scc/core';
import type { StoredEvent } from '@scc/google-standin';
import { type CalendarMode, startLocalCalendar } from './calendar';
import type { LocalConfig } from './config';
import { lockDataFolder } from './data-folder-lock';
import { localEdge } from './edge';
import { closeServer, LOCAL_S3_CORS, type RunningEmulator, startDynamo, startS3, startSes, urlHost } from './emulators';
import { mediaS3Client } from './media-client';
import { startMediaProxy } from './media-proxy';
import { loadSecret, newMagicLinkKeys, newMediaSigningSecret, newServiceKey, type SecretSource } from './secrets';

export const LOCAL_TABLE = 'scc-local';
export const LOCAL_BUCKET = 'scc-local-media';
export const LOCAL_REGION = 'us-east-1';
/** The emulators accept any credentials; fixed ones keep the SDK from searching for real ones. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
/** The email outbox, kept across restarts so crew links in earlier emails still open. */
export const OUTBOX_FILE = 'outbox.json';
/** How often due reminders are looked for: Scheduler fires within a minute, so this does too. */
export const REMINDER_TICK_MS = 15_000;

export interface LocalStack {
  apiUrl: string;
  publicUrl: string;
  outboxUrl: string;
  dynamoUrl: string;
  /** The local S3 as phones reach it: the verifying proxy on HOST (s3rver itself is on loopback). */
  s3Url: string;
  dataDir: string;
  serviceKey: string;
  serviceKeySource: SecretSource;
  serviceKeyFile: string;
  /** Where the calendar step writes. */
  calendar: CalendarMode;
  /** The stand-in's page of events, when the stand-in runs (JSON at the same URL + `.json`). */
  calendarUrl?: string;
  /** The events the stand-in holds, cancelled ones too; none when it does not run. */
  calendarEvents(): StoredEvent[];
  /** What would have been sent to CloudFront. */
  invalidations(): RecordedInvalidation[];
  /** The reminders' one-time schedules (EventBridge Scheduler's stand-in); tests fire them with `runDue`. */
  reminders: Pick<LocalScheduler, 'pending' | 'runDue'>;
  close(): Promise<void>;
}

export interface LocalStackOptions {
  /** Tests shorten the booking steps' timeouts and backoff. */
  stepPolicies?: Partial<Record<StepName, StepPolicy>>;
  /** Tests move the server's clock (e.g. past a charter's end). */
  clock?: Clock;
  /** Tests use small multipart thresholds. */
  uploadLimits?: Partial<UploadLimits>;
}

/** Everything `npm start` runs, in this process: emulators, table, bucket, and the API. */
export async function startLocalStack(config: LocalConfig, options: LocalStackOptions = {}): Promise<LocalStack> {
  await mkdir(join(config.dataDir, 's3'), { recursive: true });
  const closers: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    // Reverse order: the API stops taking requests before the stores under it close, and the
    // data folder is released last.
    for (const close of closers.reverse()) await close();
  };
  const lock = await lockDataFolder(config.dataDir);
  closers.push(lock.release);
  try {
    // The emulators listen on loopback whatever HOST says (see emulators.ts).
    const dynamo = await listenOrExplain('LOCAL_DYNAMODB_PORT', config.dynamoPort, () =>
      startDynamo({ port: config.dynamoPort, path: join(config.dataDir, 'dynamodb') }),
    );
    closers.push(dynamo.close);
    // s3rver on a free loopback port; LOCAL_S3_PORT on HOST is the verifying proxy's.
    const s3 = await startS3({
      directory: join(config.dataDir, 's3'),
      buckets: [LOCAL_BUCKET],
      // Guests' browsers PUT photos straight to the bucket from the page's origin.
      cors: LOCAL_S3_CORS,
    });
    closers.push(s3.close);
    // Photo URLs are signed with this stack's own secret, which the proxy checks; s3rver's
    // well-known S3RVER secret would let anyone sign their own. Kept, so URLs handed out
    // just before a restart still work.
    const mediaSecret = await loadSecret(config.dataDir, 'media-signing-key', undefined, newMediaSigningSecret);
    const mediaCredentials = { accessKeyId: S3RVER_CREDENTIALS.accessKeyId, secretAccessKey: mediaSecret.value };
    const media = await listenOrExplain('LOCAL_S3_PORT', config.s3Port, () =>
      startMediaProxy({
        host: config.host,
        port: config.s3Port,
        upstream: s3.url,
        signingKey: { ...mediaCredentials, region: LOCAL_REGION },
      }),
    );
    closers.push(media.close);
    const ses = await listenOrExplain('LOCAL_SES_PORT', config.sesPort, () =>
      startSes({ port: config.sesPort, outboxFile: join(config.dataDir, OUTBOX_FILE) }),
    );
    closers.push(ses.close);
    const calendar = await startLocalCalendar(config, (start) =>
      listenOrExplain('LOCAL_GOOGLE_PORT', config.googlePort, start),
    );
    closers.push(calendar.close);

    const aws = { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
    const admin = new DynamoDBClient({ ...aws, endpoint: dynamo.url });
    await ensureTable(admin, LOCAL_TABLE);
    admin.destroy();
    const db = createDocumentClient({ ...aws, endpoint: dynamo.url });
    // s3rver knows exactly one access key, its own.
    const s3Client = new S3Client({
      ...aws,
      credentials: S3RVER_CREDENTIALS,
      endpoint: s3.url,
      forcePathStyle: true,
    });
    const sesClient = new SESv2Client({ ...aws, endpoint: ses.url });
    // Guests' phones upload to the bucket themselves, through the proxy, so photo URLs are
    // signed for the address they reach this machine at: PUBLIC_URL's host, on the S3 port.
    const mediaUrl = config.publicUrl ? sameHostOtherPort(config.publicUrl, media.url) : media.url;
    const mediaClient = mediaS3Client({
      region: LOCAL_REGION,
      credentials: mediaCredentials,
      publicEndpoint: mediaUrl,
      s3rverUrl: s3.url,
    });
    closers.push(async () => {
      db.destroy();
      s3Client.destroy();
      mediaClient.destroy();
      sesClient.destroy();
    });

    const serviceKey = await loadSecret(config.dataDir, 'service-key', config.serviceKey, newServiceKey);
    const magicLinkKeys = await loadSecret(config.dataDir, 'magic-link-keys', config.magicLinkKeys, newMagicLinkKeys);

    // Webhook deliveries, in this process; the services that handle them exist only below.
    const built: { services?: Services } = {};
    const deliveryQueue = new LocalDeliveryQueue(
      () => {
        if (!built.services) throw new Error('The services are not built yet');
        return built.services.webhookDelivery;
      },
      {
        report: (problem, message, error) =>
          console.error(`Webhook delivery ${message.deliveryId}: ${problem}${error instanceof Error ? `: ${error.message}` : ''}`),
      },
    );
    // Closed after the API stops taking requests (closers run in reverse), before the
    // stores: attempts under way finish first.
    closers.push(() => deliveryQueue.close());

    // Reminders, fired by a timer through the services below, as EventBridge Scheduler fires
    // the reminder Lambda; kept in the data folder like everything else.
    const reminderScheduler = await startLocalScheduler({
      fire: (payload) => {
        if (!built.services) throw new Error('The services are not built yet');
        return built.services.reminders.fire(payload);
      },
      clock: options.clock ?? systemClock,
      // A test that moves the clock fires what is due itself (`reminders.runDue`): a timer
      // would fire on its own schedule, between the test's steps.
      tickMs: options.clock ? 0 : REMINDER_TICK_MS,
      file: join(config.dataDir, 'schedules.json'),
      report: (outcome) => {
        if (!outcome.ok) console.error(`Reminder ${outcome.name} failed${outcome.final ? ' (giving up)' : ''}: ${outcome.error instanceof Error ? outcome.error.message : String(outcome.error)}`);
      },
    });
    closers.push(() => reminderScheduler.close());

    // Listen first: with port 0 the public URL in links is known only once the port is.
    let handle: (request: Request, env: unknown) => Response | Promise<Response> = () =>
      new Response('Starting', { status: 503 });
    const api = await listenOrExplain('PORT', config.port, () =>
      serveFetch((request, env) => handle(request, env), config.host, config.port),
    );
    closers.push(api.close);

    const publicUrl = config.publicUrl ?? api.url;
    const invalidator = new RecordingInvalidator();
    const guestPages = new S3GuestPageStore(s3Client, LOCAL_BUCKET);
    const outside: Outside = {
      guestPages,
      photoStorage: new S3PhotoStorage(mediaClient, LOCAL_BUCKET),
      // Reads and writes go straight to s3rver; the zip's link is signed for the proxy, like photos'.
      albumArchiver: new S3AlbumArchiver(mediaClient, LOCAL_BUCKET),
      cdn: invalidator,
      mailer: new SesMailer(sesClient, { from: config.emailFrom }),
      ...(calendar.port ? { calendar: calendar.port } : {}),
      magicLinks: new MagicLinks(parseMagicLinkKeys(magicLinkKeys.value)),
      // Loopback feeds allowed, so a feed served on this machine can be tried; private
      // network and link-local addresses stay refused.
      feedFetcher: createFeedFetcher(LOCAL_STACK),
      deliveryQueue,
      webhookSender: createWebhookSender(LOCAL_STACK),
      reminderScheduler,
    };
    const serviceSettings: ServiceSettings = {
      publicBaseUrl: publicUrl,
      mediaOrigin: mediaUrl,
      ...(options.stepPolicies ? { stepPolicies: options.stepPolicies } : {}),
      ...(options.uploadLimits ? { uploadLimits: options.uploadLimits } : {}),
    };
    const services = createServices(db, LOCAL_TABLE, outside, serviceSettings, options.clock);
    built.services = services;
    const report = (what: string) => (error: unknown) => console.error(`${what} failed: ${error instanceof Error ? error.message : String(error)}`);
    const { channelSync, outboxRelay } = services;
    closers.push(startRepeating(() => channelSync.syncAll(), config.channelSyncMinutes * 60_000, report('Channel sync')));
    // As the every-minute Cron in AWS: webhook events a crash left in an outbox go out.
    closers.push(startRepeating(() => outboxRelay.sweep(), 60_000, report('Webhook outbox sweep')));
    // As the digest's 15-minute Cron in AWS, more often: it sends once a day at most anyway.
    closers.push(startRepeating(() => services.digest.run(), options.clock ? 0 : 60_000, report('Operator digest')));
    const app = createApp({
      services,
      serviceKeyHash: sha256Hex(serviceKey.value),
      mode: 'local',
    });
    const edge = localEdge(app.fetch, guestPages, { mediaOrigin: mediaUrl });
    handle = edge.fetch;

    return {
      apiUrl: api.url,
      publicUrl,
      outboxUrl: ses.url,
      dynamoUrl: dynamo.url,
      s3Url: media.url,
      dataDir: config.dataDir,
      serviceKey: serviceKey.value,
      serviceKeySource: serviceKey.source,
      serviceKeyFile: serviceKey.file,
      calendar: calendar.mode,
      ...(calendar.standIn ? { calendarUrl: calendar.standIn.pageUrl } : {}),
      calendarEvents: () => calendar.standIn?.events() ?? [],
      invalidations: () => invalidator.invalidations(),
      reminders: reminderScheduler,
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/** `http://192.168.1.20:3000` and `http://127.0.0.1:4568` → `http://192.168.1.20:4568`. */
function sameHostOtherPort(publicUrl: string, serviceUrl: string): string {
  const url = new URL(publicUrl);
  return `${url.protocol}//${url.hostname}:${new URL(serviceUrl).port}`;
}

function serveFetch(fetch: (request: Request, env: unknown) => Response | Promise<Response>, host: string, port: number) {
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
    super(`Port ${port} is already in use. Stop what is using it, or set ${variable} to another port.`, options);
    this.name = 'PortInUseError';
  }
}

async function listenOrExplain<T>(variable: string, port: number, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new PortInUseError(variable, port, { cause: error });
    }
    throw error;
  }
}
