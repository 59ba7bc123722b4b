import { describe, expect, it } from 'vitest';
import { TooManyUploadsError, UploadClosedError } from '../errors';
import type { EventRepository } from '../ports';
import type { CrewEvent } from '../schemas/event';
import { DEFAULT_SETTINGS, type OperatorSettings } from '../settings/operator-settings';
import { PhotoService } from './photo-service';
import { type ClientRate, clientRate, DEFAULT_UPLOAD_LIMITS, takeToken, uploadDeadline, uploadsCloseAt } from './policy';
import type { PhotoStorage } from './ports';
import type { PhotoRepository } from './repository';
import type { PhotoRecord } from './schema';

const END = '2027-08-14T20:00:00.000Z';
const end = Date.parse(END);
const MIN = 60_000;

describe('the upload window', () => {
  it('closes at the end plus the grace, and accepts nothing 120 s after that', () => {
    expect(uploadsCloseAt(END)).toBe(end);
    expect(uploadsCloseAt(END, 90)).toBe(end + 90 * MIN);
    expect(uploadDeadline(END)).toBe(end + 120_000);
    expect(uploadDeadline(END, 90)).toBe(end + 90 * MIN + 120_000);
  });
});

describe('the per-guest token bucket (GCRA)', () => {
  const rate: ClientRate = { burst: 3, intervalMs: 20_000 };

  it('lets a burst through at once, then one per interval, and says exactly how long to wait', () => {
    let tat: number | undefined;
    const now = 1_000_000;
    const results = [];
    for (let i = 0; i < 4; i++) {
      const r = takeToken(tat, now, rate);
      results.push(r.allowed);
      tat = r.tat;
      if (!r.allowed) expect(r.retryAfterMs).toBe(20_000);
    }
    expect(results).toEqual([true, true, true, false]);
    // One interval later exactly one more fits; 1 ms earlier none does.
    expect(takeToken(tat, now + 19_999, rate)).toMatchObject({ allowed: false, retryAfterMs: 1 });
    const next = takeToken(tat, now + 20_000, rate);
    expect(next.allowed).toBe(true);
    expect(takeToken(next.tat, now + 20_000, rate).allowed).toBe(false);
    // Idle for a long time: a full bucket again, never more.
    let later = next.tat;
    const after = now + 3600_000;
    const burst = [];
    for (let i = 0; i < 4; i++) {
      const r = takeToken(later, after, rate);
      burst.push(r.allowed);
      later = r.tat;
    }
    expect(burst).toEqual([true, true, true, false]);
  });

  it('defaults: a 200-photo camera roll starts within 100 s, and a script is held to 60 a minute', () => {
    const defaults = clientRate(DEFAULT_UPLOAD_LIMITS);
    expect(defaults).toEqual({ burst: 100, intervalMs: 1000 });
    let tat: number | undefined;
    let now = 0;
    let started = 0;
    // A client that waits exactly as long as it is told, as the guest page does.
    while (started < 200) {
      const r = takeToken(tat, now, defaults);
      tat = r.tat;
      if (r.allowed) started++;
      else now += r.retryAfterMs;
    }
    expect(now).toBe(100_000);
    // Sustained over an hour, a tight loop gets burst + 3 600, no more.
    tat = undefined;
    let allowed = 0;
    for (let t = 0; t < 3600_000; t += 100) {
      const r = takeToken(tat, t, defaults);
      tat = r.tat;
      if (r.allowed) allowed++;
    }
    expect(allowed).toBe(100 + 3600 - 1);
  });
});

/** A repository in memory with the same rules as the DynamoDB one. */
function memoryPhotos(): PhotoRepository & { records: Map<string, PhotoRecord> } {
  const records = new Map<string, PhotoRecord>();
  const completed = new Map<string, number>();
  const buckets = new Map<string, number>();
  return {
    records,
    countCompleted: async (eventId) => completed.get(eventId) ?? 0,
    takeSlot: async (eventId, max) => {
      const n = completed.get(eventId) ?? 0;
      if (n >= max) return false;
      completed.set(eventId, n + 1);
      return true;
    },
    releaseSlot: async (eventId) => void completed.set(eventId, Math.max(0, (completed.get(eventId) ?? 0) - 1)),
    takeClientToken: async (clientKey, now, rate) => {
      const r = takeToken(buckets.get(clientKey), now.getTime(), rate);
      buckets.set(clientKey, r.tat);
      return r.allowed ? { allowed: true } : { allowed: false, retryAfterMs: r.retryAfterMs };
    },
    create: async (photo) => void records.set(photo.photoId, photo),
    get: async (_eventId, photoId) => records.get(photoId),
    markComplete: async (_eventId, photoId, completedAt) => {
      const photo = records.get(photoId);
      if (!photo || photo.status === 'complete') return undefined;
      const done = { ...photo, status: 'complete' as const, completedAt };
      records.set(photoId, done);
      return done;
    },
    listComplete: async () => [...records.values()].filter((p) => p.status === 'complete'),
  };
}

function memoryStorage(): PhotoStorage & { signed: number[]; arrived: Set<string> } {
  const arrived = new Set<string>();
  const signed: number[] = [];
  const sizes = new Map<string, { size: number; contentType: string }>();
  return {
    signed,
    arrived,
    presignPut: async (key, contentType, size, expiresInSeconds) => {
      signed.push(expiresInSeconds);
      sizes.set(key, { size, contentType });
      arrived.add(key);
      return { method: 'PUT', url: `memory://${key}`, headers: {}, expiresAt: '' };
    },
    presignGet: async (key) => ({ method: 'GET', url: `memory://${key}`, headers: {}, expiresAt: '' }),
    head: async (key) => (arrived.has(key) ? sizes.get(key) : undefined),
    createMultipart: async () => 'up',
    presignPart: async (key, _u, _n, _s, expiresInSeconds) => {
      signed.push(expiresInSeconds);
      return { method: 'PUT', url: `memory://${key}`, headers: {}, expiresAt: '' };
    },
    listParts: async () => [],
    completeMultipart: async () => undefined,
    abortMultipart: async () => undefined,
  };
}

function rig(options: { grace?: number; maxPerTrip?: number; noSettings?: boolean; limits?: Partial<typeof DEFAULT_UPLOAD_LIMITS> } = {}) {
  let now = end - 30 * MIN;
  const event = { eventId: 'evt_1', title: 'Sail', start: '2027-08-14T17:00:00.000Z', end: END, timezone: 'UTC', boat: 'B', meetingPoint: 'Dock', guestCount: 4, crew: [], notes: '', crewTasks: [], version: 1 } as unknown as CrewEvent;
  const settings: OperatorSettings = {
    ...DEFAULT_SETTINGS,
    guestPage: { ...DEFAULT_SETTINGS.guestPage, uploadGraceMinutes: options.grace ?? 0 },
    photos: { maxPerTrip: options.maxPerTrip ?? DEFAULT_SETTINGS.photos.maxPerTrip },
  };
  const photos = memoryPhotos();
  const storage = memoryStorage();
  const service = new PhotoService({
    events: { findBySlug: async () => event } as unknown as EventRepository,
    photos,
    storage,
    clock: () => new Date(now),
    ...(options.noSettings ? {} : { settings: async () => settings }),
    ...(options.limits ? { limits: options.limits } : {}),
  });
  const photo = (n: number) => ({ filename: `${n}.jpg`, contentType: 'image/jpeg', size: 10 });
  return {
    service,
    storage,
    settings,
    photo,
    at: (t: number) => void (now = t),
    share: async (n: number, client = 'guest') => {
      const started = await service.start('trip', photo(n), client);
      return service.complete('trip', started.photoId);
    },
  };
}

describe('PhotoService: the window with the operator grace', () => {
  it('grace 0: open until the end exactly; the gallery says so', async () => {
    const r = rig();
    r.at(end - 1);
    expect(await r.service.gallery('trip')).toMatchObject({ uploadsOpen: true, closesAt: END });
    await r.service.start('trip', r.photo(1), 'a');
    r.at(end);
    expect(await r.service.gallery('trip')).toMatchObject({ uploadsOpen: false, closesAt: END });
    await expect(r.service.start('trip', r.photo(2), 'a')).rejects.toBeInstanceOf(UploadClosedError);
  });

  it('grace 90 min: starts until end + 90 min, URLs cut to end + 90 min + 120 s, complete until then', async () => {
    const r = rig({ grace: 90 });
    const closes = end + 90 * MIN;
    r.at(end + 30 * MIN);
    expect(await r.service.gallery('trip')).toMatchObject({ uploadsOpen: true, closesAt: new Date(closes).toISOString() });
    r.at(closes - 30_000);
    const late = await r.service.start('trip', r.photo(1), 'a');
    expect(r.storage.signed.at(-1)).toBe(150);
    r.at(closes);
    expect(await r.service.gallery('trip')).toMatchObject({ uploadsOpen: false });
    const refused = await r.service.start('trip', r.photo(2), 'a').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(UploadClosedError);
    expect((refused as UploadClosedError).details).toEqual({ closedAt: new Date(closes).toISOString() });
    // Inside the slack: the photo started in time is added.
    r.at(closes + 119_999);
    expect((await r.service.complete('trip', late.photoId)).photoId).toBe(late.photoId);
    const second = await (async () => {
      r.at(closes - 1000);
      return r.service.start('trip', r.photo(3), 'a');
    })();
    r.at(closes + 120_000);
    const closed = await r.service.complete('trip', second.photoId).catch((e: unknown) => e);
    expect((closed as UploadClosedError).details).toEqual({
      closedAt: new Date(closes).toISOString(),
      acceptedUntil: new Date(closes + 120_000).toISOString(),
    });
  });

  it('reads the settings on every request: a grace set later opens a closed trip again', async () => {
    const r = rig();
    r.at(end + 10 * MIN);
    expect((await r.service.gallery('trip')).uploadsOpen).toBe(false);
    r.settings.guestPage.uploadGraceMinutes = 60;
    expect(await r.service.gallery('trip')).toMatchObject({ uploadsOpen: true, closesAt: new Date(end + 60 * MIN).toISOString() });
    expect((await r.service.start('trip', r.photo(1), 'a')).photoId).toMatch(/^ph_/);
  });
});

describe('PhotoService: the limits', () => {
  it('429 with retryAfterSeconds once the bucket is empty; the next start fits exactly then', async () => {
    const r = rig({ limits: { clientBurst: 2, maxUploadsPerClientPerMinute: 6 } });
    const t0 = end - 30 * MIN;
    r.at(t0);
    await r.service.start('trip', r.photo(1), 'a');
    await r.service.start('trip', r.photo(2), 'a');
    const refused = await r.service.start('trip', r.photo(3), 'a').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TooManyUploadsError);
    expect((refused as TooManyUploadsError).details).toEqual({ retryAfterSeconds: 10, burst: 2, perMinute: 6 });
    // Another guest has a bucket of their own.
    await r.service.start('trip', r.photo(4), 'b');
    r.at(t0 + 9_999);
    await expect(r.service.start('trip', r.photo(5), 'a')).rejects.toBeInstanceOf(TooManyUploadsError);
    r.at(t0 + 10_000);
    await r.service.start('trip', r.photo(6), 'a');
  });

  it('a per-minute figure alone makes a bucket of that size', async () => {
    const r = rig({ limits: { maxUploadsPerClientPerMinute: 3 } });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push(await r.service.start('trip', r.photo(i), 'a').then(() => 201, () => 429));
    expect(statuses).toEqual([201, 201, 201, 429]);
  });

  it('the trip cap is settings.photos.maxPerTrip, counted on completed uploads, final (tripFull)', async () => {
    const r = rig({ maxPerTrip: 3 });
    const idle = await Promise.all([1, 2, 3, 4].map((n) => r.service.start('trip', r.photo(n), `idle${n}`)));
    expect(idle).toHaveLength(4);
    for (let i = 0; i < 3; i++) await r.share(10 + i, `g${i}`);
    const full = await r.service.start('trip', r.photo(20), 'g9').catch((e: unknown) => e);
    expect((full as TooManyUploadsError).details).toEqual({ maxUploadsPerEvent: 3, tripFull: true });
    // A started-before-the-cap upload is refused at complete.
    const late = await r.service.complete('trip', idle[0]?.photoId ?? '').catch((e: unknown) => e);
    expect(late).toBeInstanceOf(TooManyUploadsError);
    expect((await r.service.gallery('trip')).photos).toHaveLength(3);
  });

  it('without settings the deployment limit (maxUploadsPerEvent) is the cap', async () => {
    const r = rig({ noSettings: true, limits: { maxUploadsPerEvent: 2 } });
    await r.share(1, 'a');
    await r.share(2, 'b');
    await expect(r.share(3, 'c')).rejects.toThrow('already has 2');
  });
});
