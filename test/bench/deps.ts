/**
 * The booking's outside world for the benchmark, each dependency a local server that speaks
 * its protocol and answers after a fixed delay. They run either in a child process (the
 * default), so that their CPU work (dynalite, s3rver, the stand-ins) does not queue on the
 * API's event loop, as it would not with real, remote services; or on the API's own thread,
 * as `npm start` runs its emulators.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startDynamo, startS3, startSes } from '@scc/local/emulators';
import { startGoogleStandIn } from '@scc/test/google-standin';
import { startCloudFrontStandIn, startDelayingProxy } from './delay-servers';

export const DELAYS = {
  googleToken: 150,
  calendarInsert: 200,
  sesSend: 120,
  s3Put: 80,
  cloudFrontInvalidation: 200,
  /** EventBridge Scheduler CreateSchedule / DeleteSchedule (an in-process stand-in). */
  schedulerCall: 60,
} as const;

export const BENCH_BUCKET = 'scc-bench-media';
/** The token is fetched once and cached for an hour; this bounds the counted delay fault. */
const TOKEN_DELAY_REQUESTS = 1_000;

export interface DepsInfo {
  dynamoUrl: string;
  /** The delaying proxy in front of s3rver. */
  s3Url: string;
  /** The delaying proxy in front of aws-ses-v2-local. */
  sesUrl: string;
  /** aws-ses-v2-local itself, for its outbox. */
  outboxUrl: string;
  googleUrl: string;
  googleTokenUri: string;
  googleServiceAccountJson: string;
  cloudFrontUrl: string;
}

export interface DepsCounts {
  calendarEvents: number;
  invalidations: number;
  tokenRequests: number;
}

/** A span measured by a dependency server: epoch milliseconds, sub-millisecond precision. */
export type RemoteSpan = { name: string; start: number; end: number };

export interface Deps {
  info: DepsInfo;
  where: "the API's own thread" | 'a child process';
  counts(): Promise<DepsCounts>;
  close(): Promise<void>;
}

export async function startDeps(dir: string, onSpan: (span: RemoteSpan) => void): Promise<Deps> {
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const c of closers.reverse()) await c().catch(() => undefined);
  };
  try {
    await mkdir(join(dir, 'booking-s3'), { recursive: true });
    const dynamo = await startDynamo({ path: join(dir, 'booking-dynamodb') });
    closers.push(dynamo.close);
    const s3 = await startS3({ directory: join(dir, 'booking-s3'), buckets: [BENCH_BUCKET] });
    closers.push(s3.close);
    const ses = await startSes();
    closers.push(ses.close);
    const upstream = (name: string) => (_path: string, start: number, end: number) =>
      onSpan({ name, start: performance.timeOrigin + start, end: performance.timeOrigin + end });
    const s3Proxy = await startDelayingProxy({
      target: s3.url,
      // PutObject: a PUT on an object key (/bucket/key, path-style).
      delayOf: (method, path) => (method === 'PUT' && path.split('/').filter(Boolean).length >= 2 ? DELAYS.s3Put : 0),
      onUpstream: upstream('s3rver behind the proxy'),
    });
    closers.push(s3Proxy.close);
    const sesProxy = await startDelayingProxy({
      target: ses.url,
      delayOf: (method, path) => (method === 'POST' && path === '/v2/email/outbound-emails' ? DELAYS.sesSend : 0),
      onUpstream: upstream('aws-ses-v2-local behind the proxy'),
    });
    closers.push(sesProxy.close);
    const google = await startGoogleStandIn();
    closers.push(google.close);
    // A standing fault covers one endpoint only; the token delay is a counted fault, which the
    // stand-in plays before the standing one and only on the token endpoint.
    google.failNext(TOKEN_DELAY_REQUESTS, { delayMs: DELAYS.googleToken, on: 'token' });
    google.setFault({ delayMs: DELAYS.calendarInsert, on: 'events' });
    const cloudFront = await startCloudFrontStandIn({ delayMs: DELAYS.cloudFrontInvalidation });
    closers.push(cloudFront.close);
    return {
      info: {
        dynamoUrl: dynamo.url,
        s3Url: s3Proxy.url,
        sesUrl: sesProxy.url,
        outboxUrl: ses.url,
        googleUrl: google.url,
        googleTokenUri: google.tokenUri,
        googleServiceAccountJson: google.serviceAccountJson,
        cloudFrontUrl: cloudFront.url,
      },
      where: "the API's own thread",
      counts: async () => ({
        calendarEvents: google.events().length,
        invalidations: cloudFront.created,
        tokenRequests: google.tokenCount,
      }),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

type FromChild =
  | { type: 'ready'; info: DepsInfo }
  | { type: 'failed'; message: string }
  | { type: 'span'; span: RemoteSpan }
  | { type: 'counts'; counts: DepsCounts }
  | { type: 'closed' };

/**
 * The same servers in a child process of their own (`deps-process.ts`, run with this
 * process's flags, tsx's loader among them); spans and counts come back over IPC.
 */
export async function startDepsInChild(dir: string, onSpan: (span: RemoteSpan) => void): Promise<Deps> {
  const child = fork(fileURLToPath(new URL('./deps-process.ts', import.meta.url)), [dir], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  type Waiter = { resolve: (message: FromChild) => void; reject: (error: Error) => void };
  const waiting = new Map<FromChild['type'], Waiter>();
  const failAll = (error: Error) => {
    for (const waiter of waiting.values()) waiter.reject(error);
    waiting.clear();
  };
  exited.then(() => failAll(new Error('The dependency process exited')));
  const next = <T extends FromChild['type']>(type: T, timeoutMs: number) =>
    new Promise<Extract<FromChild, { type: T }>>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiting.delete(type);
        reject(new Error(`No "${type}" from the dependency process in ${timeoutMs} ms`));
      }, timeoutMs);
      waiting.set(type, {
        resolve: (message) => {
          clearTimeout(timer);
          resolve(message as Extract<FromChild, { type: T }>);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
    });
  child.on('message', (message: FromChild) => {
    if (message.type === 'span') onSpan(message.span);
    else if (message.type === 'failed') failAll(new Error(`The dependency servers did not start: ${message.message}`));
    else {
      const waiter = waiting.get(message.type);
      waiting.delete(message.type);
      waiter?.resolve(message);
    }
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill();
      await exited;
    }
  };
  try {
    const ready = await next('ready', 60_000);
    return {
      info: ready.info,
      where: 'a child process',
      counts: async () => {
        const answer = next('counts', 10_000);
        child.send({ type: 'counts' });
        return (await answer).counts;
      },
      close: async () => {
        try {
          const closed = next('closed', 15_000);
          child.send({ type: 'close' });
          await closed;
          await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
        } finally {
          await stop();
        }
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
