import { describe, expect, it } from 'vitest';
import { NotFoundError, PhotoTooLargeError, TooManyUploadsError, UnsupportedPhotoTypeError, UploadClosedError, UploadMismatchError } from '../errors';
import type { EventRepository } from '../ports';
import type { CrewEvent } from '../schemas/event';
import { DEFAULT_SETTINGS, type OperatorSettings } from '../settings/operator-settings';
import { PhotoService } from './photo-service';
import { type ClientRate, clientRate, DEFAULT_UPLOAD_LIMITS, PHOTO_TYPES, takeToken, uploadDeadline, uploadsCloseAt } from './policy';
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

/**
 * A rig that records what the service asks of storage and the repository, with a storage that
 * holds objects and parts the way S3 does: what a test puts there is what `head` and
 * `listParts` answer.
 */
function recordingRig(options: { event?: Partial<CrewEvent>; settings?: Partial<OperatorSettings['guestPage']> & { maxPerTrip?: number }; limits?: Partial<typeof DEFAULT_UPLOAD_LIMITS> } = {}) {
  let now = end - 30 * MIN;
  const event = {
    eventId: 'evt_1',
    title: 'Sail',
    start: '2027-08-14T17:00:00.000Z',
    end: END,
    timezone: 'UTC',
    boat: 'B',
    meetingPoint: 'Dock',
    guestCount: 4,
    crew: [],
    notes: '',
    crewTasks: [],
    version: 1,
    bookingId: 'bk_1',
    slug: 'trip',
    ...options.event,
  } as unknown as CrewEvent;
  const { maxPerTrip, ...guestPage } = options.settings ?? {};
  const settings: OperatorSettings = {
    ...DEFAULT_SETTINGS,
    guestPage: { ...DEFAULT_SETTINGS.guestPage, ...guestPage },
    photos: { maxPerTrip: maxPerTrip ?? DEFAULT_SETTINGS.photos.maxPerTrip },
  };
  const photos = memoryPhotos();
  const calls: unknown[][] = [];
  const objects = new Map<string, { size: number; contentType: string }>();
  const parts = new Map<string, { partNumber: number; etag: string; size: number }[]>();
  const storage: PhotoStorage = {
    presignPut: async (...args) => {
      calls.push(['presignPut', ...args]);
      return { method: 'PUT', url: `put://${args[0]}`, headers: { 'content-type': args[1] }, expiresAt: 'put-expiry' };
    },
    presignGet: async (...args) => {
      calls.push(['presignGet', ...args]);
      return { method: 'GET', url: `get://${args[0]}`, headers: {}, expiresAt: '' };
    },
    head: async (key) => objects.get(key),
    createMultipart: async (...args) => {
      calls.push(['createMultipart', ...args]);
      return 'upload-1';
    },
    presignPart: async (...args) => {
      calls.push(['presignPart', ...args]);
      return { method: 'PUT', url: `part://${args[2]}`, headers: {}, expiresAt: 'part-expiry' };
    },
    listParts: async (key) => parts.get(key) ?? [],
    completeMultipart: async (...args) => {
      calls.push(['completeMultipart', ...args]);
    },
    abortMultipart: async () => undefined,
  };
  const published: string[][] = [];
  const outbox: unknown[] = [];
  const markComplete = photos.markComplete;
  photos.markComplete = async (eventId, photoId, completedAt, events) => {
    outbox.push(...(events ?? []));
    return markComplete(eventId, photoId, completedAt, events);
  };
  let publish: (eventId: string, photoId: string) => Promise<void> = async (eventId, photoId) => {
    published.push([eventId, photoId]);
  };
  const service = new PhotoService({
    events: { findBySlug: async (slug: string) => (slug === 'trip' ? event : undefined) } as unknown as EventRepository,
    photos,
    storage,
    clock: () => new Date(now),
    settings: async () => settings,
    publish: (eventId, photoId) => publish(eventId, photoId),
    ...(options.limits ? { limits: options.limits } : {}),
  });
  const MB = 1024 * 1024;
  return {
    service,
    photos,
    calls,
    objects,
    parts,
    published,
    outbox,
    MB,
    at: (t: number) => void (now = t),
    failPublish: () => {
      publish = async () => {
        throw new Error('queue down');
      };
    },
    /** Puts what the phone would have uploaded for `photoId`. */
    arrive: (photoId: string, stored?: { size: number; contentType: string }) => {
      const photo = photos.records.get(photoId)!;
      objects.set(photo.key, stored ?? { size: photo.size, contentType: photo.contentType });
    },
    arriveParts: (photoId: string, numbers: number[]) => {
      const photo = photos.records.get(photoId)!;
      parts.set(photo.key, numbers.map((partNumber) => ({ partNumber, etag: `"e${partNumber}"`, size: 1 })));
    },
  };
}

const errorOf = async (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as Error & { details?: unknown });

describe('PhotoService.start', () => {
  it('signs a single PUT of exactly the announced file and records the upload as pending', async () => {
    // Prepare
    const r = recordingRig();
    // Act
    const started = await r.service.start('trip', { filename: 'deck.jpg', contentType: 'image/jpeg', size: 2_000 }, 'a');
    // Assess
    expect(started.photoId).toMatch(/^ph_[0-9a-z]{16}$/);
    const key = `photos/evt_1/${started.photoId}.jpg`;
    expect(started).toEqual({ photoId: started.photoId, url: `put://${key}`, headers: { 'content-type': 'image/jpeg' }, expiresAt: 'put-expiry' });
    expect(r.calls).toEqual([['presignPut', key, 'image/jpeg', 2_000, 600]]);
    expect(r.photos.records.get(started.photoId)).toEqual({
      photoId: started.photoId,
      eventId: 'evt_1',
      key,
      contentType: 'image/jpeg',
      size: 2_000,
      filename: 'deck.jpg',
      status: 'pending',
      createdAt: new Date(end - 30 * MIN).toISOString(),
    });
  });

  it('uses the extension of the type for the key', async () => {
    // Prepare
    const r = recordingRig();
    // Act
    const started = await r.service.start('trip', { filename: 'clip', contentType: 'video/quicktime', size: 10 }, 'a');
    // Assess
    expect(r.photos.records.get(started.photoId)!.key).toBe(`photos/evt_1/${started.photoId}.mov`);
  });

  it('sends a file of exactly the threshold as one PUT, and one byte more in parts', async () => {
    // Prepare
    const r = recordingRig();
    const threshold = 32 * r.MB;
    // Act
    const single = await r.service.start('trip', { filename: 'a.mp4', contentType: 'video/mp4', size: threshold }, 'a');
    const multi = await r.service.start('trip', { filename: 'b.mp4', contentType: 'video/mp4', size: threshold + 1 }, 'a');
    // Assess
    expect('url' in single).toBe(true);
    // 600 s from now
    expect(multi).toEqual({ photoId: multi.photoId, multipart: { partSize: 8 * r.MB, partCount: 5 }, expiresAt: new Date(end - 30 * MIN + 600_000).toISOString() });
    const key = `photos/evt_1/${multi.photoId}.mp4`;
    expect(r.calls.at(-1)).toEqual(['createMultipart', key, 'video/mp4']);
    expect(r.photos.records.get(multi.photoId)).toMatchObject({ key, size: threshold + 1, status: 'pending', uploadId: 'upload-1', partSize: 8 * r.MB });
  });

  it('cuts the lifetime of a multipart upload to the deadline', async () => {
    // Prepare
    const r = recordingRig();
    r.at(end - 100_000);
    // Act
    const multi = await r.service.start('trip', { filename: 'b.mp4', contentType: 'video/mp4', size: 40 * r.MB }, 'a');
    // Assess: 100 s to the close plus 120 s of slack
    expect(multi.expiresAt).toBe(new Date(end + 120_000).toISOString());
  });

  it('refuses a type it does not take, naming those it does', async () => {
    // Prepare
    const r = recordingRig();
    // Act
    const error = await errorOf(r.service.start('trip', { filename: 'a.pdf', contentType: 'application/pdf', size: 10 }, 'a'));
    // Assess
    expect(error).toBeInstanceOf(UnsupportedPhotoTypeError);
    expect(error?.message).toBe('application/pdf is not a photo or video type we accept');
    expect(error?.details).toEqual({ accepted: Object.keys(PHOTO_TYPES) });
    expect(r.calls).toEqual([]);
  });

  it('takes a photo of exactly the image limit and refuses one byte more', async () => {
    // Prepare
    const r = recordingRig();
    const max = 25 * r.MB;
    // Act
    await r.service.start('trip', { filename: 'a.png', contentType: 'image/png', size: max }, 'a');
    const error = await errorOf(r.service.start('trip', { filename: 'b.png', contentType: 'image/png', size: max + 1 }, 'a'));
    // Assess
    expect(error).toBeInstanceOf(PhotoTooLargeError);
    expect(error?.message).toBe('That image is over 25 MB');
    expect(error?.details).toEqual({ maxBytes: max, size: max + 1 });
  });

  it('holds a video to the video limit, not the image one', async () => {
    // Prepare
    const r = recordingRig();
    const max = 500 * r.MB;
    // Act
    await r.service.start('trip', { filename: 'a.mp4', contentType: 'video/mp4', size: max }, 'a');
    const error = await errorOf(r.service.start('trip', { filename: 'b.mp4', contentType: 'video/mp4', size: max + 1 }, 'a'));
    // Assess
    expect(error).toBeInstanceOf(PhotoTooLargeError);
    expect(error?.message).toBe('That video is over 500 MB');
  });

  it('rounds the wait it names up to whole seconds', async () => {
    // Prepare: one start per 15 s, two at once
    const r = recordingRig({ limits: { clientBurst: 1, maxUploadsPerClientPerMinute: 4 } });
    await r.service.start('trip', { filename: 'a.jpg', contentType: 'image/jpeg', size: 1 }, 'a');
    r.at(end - 30 * MIN + 14_001);
    // Act
    const error = await errorOf(r.service.start('trip', { filename: 'b.jpg', contentType: 'image/jpeg', size: 1 }, 'a'));
    // Assess: 999 ms to wait
    expect(error).toBeInstanceOf(TooManyUploadsError);
    expect(error?.message).toBe('Many uploads at once: the next can start in 1 s');
    expect(error?.details).toEqual({ retryAfterSeconds: 1, burst: 1, perMinute: 4 });
  });

  it('refuses a start once the trip holds exactly its cap', async () => {
    // Prepare
    const r = recordingRig({ settings: { maxPerTrip: 1 } });
    const first = await r.service.start('trip', { filename: 'a.jpg', contentType: 'image/jpeg', size: 1 }, 'a');
    r.arrive(first.photoId);
    await r.service.complete('trip', first.photoId);
    // Act
    const error = await errorOf(r.service.start('trip', { filename: 'b.jpg', contentType: 'image/jpeg', size: 1 }, 'b'));
    // Assess
    expect(error).toBeInstanceOf(TooManyUploadsError);
    expect(error?.message).toBe('This trip already has 1 photos and videos');
  });

  it('refuses a cancelled trip, even before its end', async () => {
    // Prepare
    const r = recordingRig({ event: { cancelled: true } });
    // Act
    const error = await errorOf(r.service.start('trip', { filename: 'a.jpg', contentType: 'image/jpeg', size: 1 }, 'a'));
    // Assess
    expect(error).toBeInstanceOf(UploadClosedError);
    expect(error?.message).toBe('This trip was cancelled, so it takes no photos');
    expect(error?.details).toEqual({ cancelled: true });
  });

  it('says uploads closed when the charter ended, or after it with a grace', async () => {
    // Prepare
    const plain = recordingRig();
    const graced = recordingRig({ settings: { uploadGraceMinutes: 10 } });
    plain.at(end);
    graced.at(end + 10 * MIN);
    const request = { filename: 'a.jpg', contentType: 'image/jpeg', size: 1 };
    // Act
    const atEnd = await errorOf(plain.service.start('trip', request, 'a'));
    const afterGrace = await errorOf(graced.service.start('trip', request, 'a'));
    // Assess
    expect(atEnd?.message).toBe('Uploads closed when the charter ended');
    expect(afterGrace?.message).toBe('Uploads closed after the charter');
    expect(afterGrace?.details).toEqual({ closedAt: new Date(end + 10 * MIN).toISOString() });
  });

  it('refuses a trip page that does not exist', async () => {
    // Prepare
    const r = recordingRig();
    // Act
    const error = await errorOf(r.service.start('nope', { filename: 'a.jpg', contentType: 'image/jpeg', size: 1 }, 'a'));
    // Assess
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error?.message).toBe('No trip page nope');
    expect(error?.details).toEqual({ slug: 'nope' });
  });
});

describe('PhotoService.parts', () => {
  async function multipart(r: ReturnType<typeof recordingRig>, size: number) {
    const started = await r.service.start('trip', { filename: 'v.mp4', contentType: 'video/mp4', size }, 'a');
    r.calls.length = 0;
    return started.photoId;
  }

  it('signs the first and the last part, the last one as short as it is, and lists those already stored', async () => {
    // Prepare: 5 parts, the last of 1 byte
    const r = recordingRig();
    const photoId = await multipart(r, 32 * r.MB + 1);
    r.arriveParts(photoId, [2]);
    const key = `photos/evt_1/${photoId}.mp4`;
    // Act
    const answer = await r.service.parts('trip', photoId, [1, 5]);
    // Assess
    expect(answer).toEqual({
      partSize: 8 * r.MB,
      partCount: 5,
      parts: [
        { partNumber: 1, method: 'PUT', url: 'part://1', headers: {}, expiresAt: 'part-expiry' },
        { partNumber: 5, method: 'PUT', url: 'part://5', headers: {}, expiresAt: 'part-expiry' },
      ],
      uploaded: [{ partNumber: 2, etag: '"e2"', size: 1 }],
    });
    expect(r.calls).toEqual([
      ['presignPart', key, 'upload-1', 1, 8 * r.MB, 600],
      ['presignPart', key, 'upload-1', 5, 1, 600],
    ]);
  });

  it('refuses a part past the last, naming how many there are', async () => {
    // Prepare
    const r = recordingRig();
    const photoId = await multipart(r, 32 * r.MB + 1);
    // Act
    const error = await errorOf(r.service.parts('trip', photoId, [5, 6, 7]));
    // Assess
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error?.message).toBe('This upload has 5 parts');
    expect(error?.details).toEqual({ unknown: [6, 7] });
    expect(r.calls).toEqual([]);
  });

  it('signs no part URL once uploads have closed, though the slack is still running', async () => {
    // Prepare
    const r = recordingRig();
    const photoId = await multipart(r, 40 * r.MB);
    r.at(end);
    // Act
    const error = await errorOf(r.service.parts('trip', photoId, [1]));
    // Assess
    expect(error).toBeInstanceOf(UploadClosedError);
    expect(r.calls).toEqual([]);
  });

  it('cuts part URLs to the deadline', async () => {
    // Prepare
    const r = recordingRig();
    const photoId = await multipart(r, 40 * r.MB);
    r.at(end - 1_000);
    // Act
    await r.service.parts('trip', photoId, [1]);
    // Assess: 1 s to the close plus 120 s
    expect(r.calls).toEqual([['presignPart', expect.any(String), 'upload-1', 1, 8 * r.MB, 121]]);
  });

  it('refuses parts of an upload that is a single PUT', async () => {
    // Prepare
    const r = recordingRig();
    const started = await r.service.start('trip', { filename: 'a.jpg', contentType: 'image/jpeg', size: 10 }, 'a');
    // Act
    const error = await errorOf(r.service.parts('trip', started.photoId, [1]));
    // Assess
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error?.message).toBe('This upload is not in parts');
    expect(error?.details).toEqual({ photoId: started.photoId });
  });

  it('refuses parts of an upload that lacks its part size, signing nothing', async () => {
    // Prepare: an upload id without the part size it was cut by
    const r = recordingRig();
    const photoId = await multipart(r, 40 * r.MB);
    const { partSize: _, ...withoutSize } = r.photos.records.get(photoId)!;
    r.photos.records.set(photoId, withoutSize);
    // Act
    const error = await errorOf(r.service.parts('trip', photoId, [1]));
    // Assess
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error?.message).toBe('This upload is not in parts');
    expect(r.calls).toEqual([]);
  });

  it('refuses an upload this trip does not have', async () => {
    // Prepare
    const r = recordingRig();
    // Act
    const error = await errorOf(r.service.parts('trip', 'ph_unknown', [1]));
    // Assess
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error?.message).toBe('No upload ph_unknown for this trip');
    expect(error?.details).toEqual({ photoId: 'ph_unknown' });
  });
});

describe('PhotoService.complete', () => {
  const jpeg = { filename: 'a.jpg', contentType: 'image/jpeg', size: 10 };

  it('adds what arrived to the gallery, with its uploaded event written with it, and publishes it', async () => {
    // Prepare
    const r = recordingRig();
    const started = await r.service.start('trip', jpeg, 'a');
    r.arrive(started.photoId);
    const completedAt = end - 20 * MIN;
    r.at(completedAt);
    r.calls.length = 0;
    // Act
    const photo = await r.service.complete('trip', started.photoId);
    // Assess
    const key = `photos/evt_1/${started.photoId}.jpg`;
    expect(photo).toEqual({ photoId: started.photoId, contentType: 'image/jpeg', size: 10, url: `get://${key}`, uploadedAt: new Date(completedAt).toISOString() });
    expect(r.calls).toEqual([['presignGet', key, 600, { downloadAs: `${started.photoId}.jpg` }]]);
    expect(r.outbox).toEqual([
      {
        eventId: expect.stringMatching(new RegExp(`^msg_${completedAt.toString(36).padStart(9, '0')}[0-9a-z]{3}[0-9a-f]{16}$`)),
        type: 'photos.uploaded',
        at: new Date(completedAt).toISOString(),
        bookingId: 'bk_1',
        data: { eventId: 'evt_1', bookingId: 'bk_1', photoId: started.photoId, contentType: 'image/jpeg', size: 10 },
      },
    ]);
    expect(r.published).toEqual([['evt_1', started.photoId]]);
  });

  it('writes no booking id into the event of a trip without a booking', async () => {
    // Prepare
    const r = recordingRig({ event: { bookingId: undefined } });
    const started = await r.service.start('trip', jpeg, 'a');
    r.arrive(started.photoId);
    // Act
    await r.service.complete('trip', started.photoId);
    // Assess
    expect(r.outbox).toEqual([expect.objectContaining({ data: { eventId: 'evt_1', photoId: started.photoId, contentType: 'image/jpeg', size: 10 } })]);
    expect(r.outbox[0]).not.toHaveProperty('bookingId');
  });

  it('completes even when publishing fails: the sweep catches up', async () => {
    // Prepare
    const r = recordingRig();
    const started = await r.service.start('trip', jpeg, 'a');
    r.arrive(started.photoId);
    r.failPublish();
    // Act
    const photo = await r.service.complete('trip', started.photoId);
    // Assess
    expect(photo.photoId).toBe(started.photoId);
  });

  it('answers a completed upload again as it is, even after the close, without a second event', async () => {
    // Prepare
    const r = recordingRig();
    const started = await r.service.start('trip', jpeg, 'a');
    r.arrive(started.photoId);
    const first = await r.service.complete('trip', started.photoId);
    r.at(end + 3_600_000);
    // Act
    const again = await r.service.complete('trip', started.photoId);
    // Assess
    expect(again).toEqual(first);
    expect(r.outbox).toHaveLength(1);
  });

  it('refuses when nothing has arrived', async () => {
    // Prepare
    const r = recordingRig();
    const started = await r.service.start('trip', jpeg, 'a');
    // Act
    const error = await errorOf(r.service.complete('trip', started.photoId));
    // Assess
    expect(error).toBeInstanceOf(UploadMismatchError);
    expect(error?.message).toBe('Nothing has arrived for this upload yet');
    expect(error?.details).toEqual({ photoId: started.photoId });
  });

  it.each([
    ['a different size', { size: 11, contentType: 'image/jpeg' }],
    ['a different type', { size: 10, contentType: 'image/png' }],
  ])('refuses what arrived with %s than announced', async (_, stored) => {
    // Prepare
    const r = recordingRig();
    const started = await r.service.start('trip', jpeg, 'a');
    r.arrive(started.photoId, stored);
    // Act
    const error = await errorOf(r.service.complete('trip', started.photoId));
    // Assess
    expect(error).toBeInstanceOf(UploadMismatchError);
    expect(error?.message).toBe('What arrived is not the file that was announced');
    expect(error?.details).toEqual({ expected: { size: 10, contentType: 'image/jpeg' }, received: stored });
    expect(r.outbox).toEqual([]);
  });

  it('refuses a multipart upload with a part missing, naming those that arrived', async () => {
    // Prepare: 5 parts, the middle one missing
    const r = recordingRig();
    const started = await r.service.start('trip', { filename: 'v.mp4', contentType: 'video/mp4', size: 32 * r.MB + 1 }, 'a');
    r.arriveParts(started.photoId, [1, 2, 4, 5]);
    r.calls.length = 0;
    // Act
    const error = await errorOf(r.service.complete('trip', started.photoId));
    // Assess
    expect(error).toBeInstanceOf(UploadMismatchError);
    expect(error?.message).toBe('4 of 5 parts have arrived');
    expect(error?.details).toEqual({ uploaded: [1, 2, 4, 5] });
    expect(r.calls).toEqual([]);
  });

  it('joins the parts of a multipart upload once all have arrived, then checks the whole', async () => {
    // Prepare
    const r = recordingRig();
    const size = 32 * r.MB + 1;
    const started = await r.service.start('trip', { filename: 'v.mp4', contentType: 'video/mp4', size }, 'a');
    r.arriveParts(started.photoId, [1, 2, 3, 4, 5]);
    r.arrive(started.photoId);
    r.calls.length = 0;
    // Act
    const photo = await r.service.complete('trip', started.photoId);
    // Assess
    const key = `photos/evt_1/${started.photoId}.mp4`;
    expect(r.calls[0]).toEqual(['completeMultipart', key, 'upload-1', [1, 2, 3, 4, 5].map((partNumber) => ({ partNumber, etag: `"e${partNumber}"`, size: 1 }))]);
    expect(photo).toMatchObject({ photoId: started.photoId, size });
  });

  it('takes completion until exactly the deadline, not at it', async () => {
    // Prepare
    const r = recordingRig();
    const early = await r.service.start('trip', jpeg, 'a');
    const late = await r.service.start('trip', jpeg, 'a');
    r.arrive(early.photoId);
    r.arrive(late.photoId);
    // Act
    r.at(end + 119_999);
    const inTime = await r.service.complete('trip', early.photoId);
    r.at(end + 120_000);
    const error = await errorOf(r.service.complete('trip', late.photoId));
    // Assess
    expect(inTime.photoId).toBe(early.photoId);
    expect(error).toBeInstanceOf(UploadClosedError);
    expect(error?.message).toBe('Uploads closed when the charter ended');
  });

  it('refuses completion on a cancelled trip', async () => {
    // Prepare
    const r = recordingRig();
    const started = await r.service.start('trip', jpeg, 'a');
    r.arrive(started.photoId);
    const cancelled = recordingRig({ event: { cancelled: true } });
    cancelled.photos.records.set(started.photoId, r.photos.records.get(started.photoId)!);
    cancelled.arrive(started.photoId);
    // Act
    const error = await errorOf(cancelled.service.complete('trip', started.photoId));
    // Assess
    expect(error).toBeInstanceOf(UploadClosedError);
    expect(error?.details).toEqual({ cancelled: true });
  });

  it('gives its slot back when another request completed the same upload first', async () => {
    // Prepare: the other request lands between our checks and our write
    const r = recordingRig({ settings: { maxPerTrip: 2 } });
    const started = await r.service.start('trip', jpeg, 'a');
    const other = await r.service.start('trip', jpeg, 'b');
    r.arrive(started.photoId);
    r.arrive(other.photoId);
    const markComplete = r.photos.markComplete;
    let raced = false;
    r.photos.markComplete = async (eventId, photoId, completedAt, events) => {
      if (!raced) {
        raced = true;
        await r.photos.takeSlot(eventId, 2);
        await markComplete(eventId, photoId, new Date(end - 25 * MIN).toISOString(), events);
      }
      return markComplete(eventId, photoId, completedAt, events);
    };
    // Act
    const photo = await r.service.complete('trip', started.photoId);
    // Assess: the other request's completion stands, and a slot is left for the second photo
    expect(photo.uploadedAt).toBe(new Date(end - 25 * MIN).toISOString());
    expect(await r.photos.countCompleted('evt_1')).toBe(1);
    expect(r.published).toEqual([]);
    expect((await r.service.complete('trip', other.photoId)).photoId).toBe(other.photoId);
  });
});

describe('PhotoService.gallery', () => {
  it('lists the completed photos, says whether uploads are open by the server clock, and when they close', async () => {
    // Prepare
    const r = recordingRig({ settings: { uploadGraceMinutes: 15 } });
    const started = await r.service.start('trip', { filename: 'a.jpg', contentType: 'image/jpeg', size: 10 }, 'a');
    await r.service.start('trip', { filename: 'b.jpg', contentType: 'image/jpeg', size: 10 }, 'a');
    r.arrive(started.photoId);
    await r.service.complete('trip', started.photoId);
    r.at(end + 15 * MIN - 1);
    // Act
    const gallery = await r.service.gallery('trip');
    // Assess
    expect(gallery).toEqual({
      photos: [expect.objectContaining({ photoId: started.photoId })],
      uploadsOpen: true,
      closesAt: new Date(end + 15 * MIN).toISOString(),
      serverTime: new Date(end + 15 * MIN - 1).toISOString(),
    });
  });

  it('shows a cancelled trip closed', async () => {
    // Prepare
    const r = recordingRig({ event: { cancelled: true } });
    // Act
    const gallery = await r.service.gallery('trip');
    // Assess
    expect(gallery.uploadsOpen).toBe(false);
  });

  it('names a download of a type it no longer takes .bin, and dates a photo without a completion time by its start', async () => {
    // Prepare
    const r = recordingRig();
    r.photos.records.set('ph_old', { photoId: 'ph_old', eventId: 'evt_1', key: 'photos/evt_1/ph_old.tif', contentType: 'image/tiff', size: 5, filename: 'old.tif', status: 'complete', createdAt: '2027-08-01T00:00:00.000Z' });
    // Act
    const gallery = await r.service.gallery('trip');
    // Assess
    expect(gallery.photos).toEqual([{ photoId: 'ph_old', contentType: 'image/tiff', size: 5, url: 'get://photos/evt_1/ph_old.tif', uploadedAt: '2027-08-01T00:00:00.000Z' }]);
    expect(r.calls).toEqual([['presignGet', 'photos/evt_1/ph_old.tif', 600, { downloadAs: 'ph_old.bin' }]]);
  });
});
