import { bookingBody, expectNoMoneyOrGuestContact, startTestApp, type TestApp } from '@scc/test/support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MB = 1024 * 1024;
let now = Date.parse('2027-07-04T20:00:00-07:00');
let t: TestApp;
let slug: string;

/** What hono/aws-lambda hands the app as `c.env` for a request API Gateway took from `ip`. */
const fromApiGateway = (ip: string) => ({ event: { requestContext: { http: { sourceIp: ip } } } });
let spoof = 0;
/** A guest straight to API Gateway from `ip`, writing a fresh X-Forwarded-For each time. */
const upload = (body: unknown, ip = '203.0.113.7') =>
  t.app.request(
    `/g/${slug}/photos`,
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': `10.66.0.${++spoof % 250}, 10.0.0.1` },
      body: JSON.stringify(body),
    },
    fromApiGateway(ip),
  );
const post = (path: string, body?: unknown) =>
  t.app.request(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

beforeAll(async () => {
  t = await startTestApp({
    clock: () => new Date(now),
    settings: { uploadLimits: { maxUploadsPerClientPerMinute: 3, multipartThresholdBytes: 32 * MB, partSizeBytes: 8 * MB } },
  });
  // The trip cap is the operator's setting now (it was `uploadLimits.maxUploadsPerEvent`).
  expect((await t.call('PATCH', '/settings', { photos: { maxPerTrip: 8 } })).status).toBe(200);
  const created = await (await t.call('POST', '/bookings', bookingBody('BS-PHOTOS'))).json();
  slug = created.slug;
});
afterAll(() => t.stop());

describe('guest uploads', () => {
  let photoId: string;

  it('pre-signs one PUT for the exact type and size, under the event, for at most 10 minutes', async () => {
    const res = await upload({ filename: 'sunset.jpg', contentType: 'image/jpeg', size: 2 * MB });
    expect(res.status).toBe(201);
    const body = await res.json();
    photoId = body.photoId;
    expect(body).toEqual({
      photoId: expect.stringMatching(/^ph_/),
      url: expect.stringMatching(/^memory:\/\/photos\/evt_[a-z0-9]+\/ph_[a-z0-9]+\.jpg/),
      headers: { 'Content-Type': 'image/jpeg', 'Content-Length': String(2 * MB) },
      expiresAt: expect.any(String),
    });
    expect(t.fakes.photoStorage.presigned.at(-1)).toMatchObject({ contentType: 'image/jpeg', size: 2 * MB, expiresInSeconds: 600 });
  });

  it('adds a completed upload to the gallery only once storage holds what was promised', async () => {
    const early = await post(`/g/${slug}/photos/${photoId}/complete`);
    expect(early.status).toBe(422);
    expect((await early.json()).error.code).toBe('upload_mismatch');

    const key = t.fakes.photoStorage.presigned.at(-1)?.key ?? '';
    t.fakes.photoStorage.arrive(key, { size: 2 * MB, contentType: 'image/jpeg' });
    const done = await post(`/g/${slug}/photos/${photoId}/complete`);
    expect(done.status).toBe(200);
    expect((await done.json()).photo).toMatchObject({ photoId, contentType: 'image/jpeg', size: 2 * MB });

    const gallery = await (await t.app.request(`/g/${slug}/photos`)).json();
    expect(gallery).toMatchObject({ uploadsOpen: true, closesAt: '2027-07-05T04:00:00.000Z' });
    expect(gallery.photos.map((p: { photoId: string }) => p.photoId)).toEqual([photoId]);
    expect(gallery.photos[0].url).toMatch(/^memory:\/\/photos\//);
  });

  it('refuses a different size than promised', async () => {
    const { photoId: id } = await (await upload({ filename: 'a.png', contentType: 'image/png', size: 1000 }, '198.51.100.9')).json();
    t.fakes.photoStorage.arrive(t.fakes.photoStorage.presigned.at(-1)?.key ?? '', { size: 999, contentType: 'image/png' });
    expect((await post(`/g/${slug}/photos/${id}/complete`)).status).toBe(422);
  });

  it('answers 415 for other types, 413 for files over the limit, 404 for an unknown page', async () => {
    const pdf = await upload({ filename: 'menu.pdf', contentType: 'application/pdf', size: 1000 }, '198.51.100.10');
    expect(pdf.status).toBe(415);
    expect((await pdf.json()).error.code).toBe('unsupported_type');
    const huge = await upload({ filename: 'big.jpg', contentType: 'image/jpeg', size: 26 * MB }, '198.51.100.10');
    expect(huge.status).toBe(413);
    const video = await upload({ filename: 'big.mov', contentType: 'video/quicktime', size: 501 * MB }, '198.51.100.10');
    expect(video.status).toBe(413);
    const missing = await t.app.request('/g/no-such-trip-123/photos', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ filename: 'a.jpg', contentType: 'image/jpeg', size: 1 }) });
    expect(missing.status).toBe(404);
  });

  it('sends large videos in parts, resumable: the parts already stored are reported', async () => {
    const res = await upload({ filename: 'dolphins.mov', contentType: 'video/quicktime', size: 300 * MB }, '198.51.100.11');
    expect(res.status).toBe(201);
    const started = await res.json();
    expect(started.multipart).toEqual({ partSize: 8 * MB, partCount: 38 });
    const uploadId = [...t.fakes.photoStorage.multipart.keys()].at(-1) ?? '';

    const first = await (await post(`/g/${slug}/photos/${started.photoId}/parts`, { partNumbers: [1, 2, 3] })).json();
    expect(first.parts.map((p: { partNumber: number }) => p.partNumber)).toEqual([1, 2, 3]);
    expect(first.uploaded).toEqual([]);
    t.fakes.photoStorage.arrivePart(uploadId, 1, 8 * MB);
    const resumed = await (await post(`/g/${slug}/photos/${started.photoId}/parts`, { partNumbers: [2] })).json();
    expect(resumed.uploaded).toEqual([{ partNumber: 1, etag: '"etag-1"', size: 8 * MB }]);
    expect((await post(`/g/${slug}/photos/${started.photoId}/parts`, { partNumbers: [39] })).status).toBe(404);

    expect((await post(`/g/${slug}/photos/${started.photoId}/complete`)).status).toBe(422);
    for (let part = 2; part <= 38; part++) t.fakes.photoStorage.arrivePart(uploadId, part, part < 38 ? 8 * MB : 300 * MB - 37 * 8 * MB);
    const done = await post(`/g/${slug}/photos/${started.photoId}/complete`);
    expect(done.status).toBe(200);
    expect((await done.json()).photo.size).toBe(300 * MB);
  });

  it('limits one client per minute, with 429 and Retry-After', async () => {
    const ip = '192.0.2.50';
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await upload({ filename: `${i}.jpg`, contentType: 'image/jpeg', size: 10 }, ip)).status);
    expect(statuses).toEqual([201, 201, 201, 429]);
    const limited = await upload({ filename: 'x.jpg', contentType: 'image/jpeg', size: 10 }, ip);
    expect(limited.status).toBe(429);
    // A bucket of 3 refilling at 3 a minute, on a clock that stands still: one fits in 20 s.
    expect(limited.headers.get('retry-after')).toBe('20');
    expect((await limited.json()).error).toMatchObject({
      code: 'too_many_uploads',
      details: { retryAfterSeconds: 20, burst: 3, perMinute: 3 },
    });
    // Another guest on the same trip is not held back by this one.
    expect((await upload({ filename: 'y.jpg', contentType: 'image/jpeg', size: 10 }, '192.0.2.51')).status).toBe(201);
  });

  it('does not let a spoofed X-Forwarded-For dodge the per-guest limit, direct or through CloudFront', async () => {
    // Direct to API Gateway: sourceIp decides; `upload` already writes a new first entry each time.
    const direct: number[] = [];
    for (let i = 0; i < 4; i++) direct.push((await upload({ filename: `d${i}.jpg`, contentType: 'image/jpeg', size: 10 }, '192.0.2.60')).status);
    expect(direct).toEqual([201, 201, 201, 429]);
    // Through CloudFront: the viewer is the entry CloudFront appended, whatever the guest put first.
    const viaCloudFront = async (i: number) =>
      (
        await t.app.request(
          `/g/${slug}/photos`,
          {
            method: 'POST',
            headers: {
              'Content-Type': 'application/json',
              'X-Amz-Cf-Id': `cf-${i}`,
              Via: '2.0 0123abcd.cloudfront.net (CloudFront)',
              'X-Forwarded-For': `198.18.${i}.1, 192.0.2.61`,
            },
            body: JSON.stringify({ filename: `cf${i}.jpg`, contentType: 'image/jpeg', size: 10 }),
          },
          fromApiGateway('130.176.9.9'),
        )
      ).status;
    const edge: number[] = [];
    for (let i = 0; i < 4; i++) edge.push(await viaCloudFront(i));
    expect(edge).toEqual([201, 201, 201, 429]);
  });

  it('counts only completed uploads toward the trip cap: started-but-never-sent ones hold no slot', async () => {
    // Far more starts than the cap of 8, none sent: the trip still takes photos.
    for (let i = 0; i < 12; i++) {
      expect((await upload({ filename: `idle${i}.jpg`, contentType: 'image/jpeg', size: 10 }, `192.0.2.${100 + i}`)).status).toBe(201);
    }
    // Two are complete (the jpeg and the video); six more fill the trip.
    for (let i = 0; i < 6; i++) {
      const { photoId: id } = await (await upload({ filename: `f${i}.jpg`, contentType: 'image/jpeg', size: 10 }, `192.0.2.${120 + i}`)).json();
      t.fakes.photoStorage.arrive(t.fakes.photoStorage.presigned.at(-1)?.key ?? '', { size: 10, contentType: 'image/jpeg' });
      expect((await post(`/g/${slug}/photos/${id}/complete`)).status).toBe(200);
    }
    const full = await upload({ filename: 'full.jpg', contentType: 'image/jpeg', size: 10 }, '192.0.2.53');
    expect(full.status).toBe(429);
    expect(full.headers.get('retry-after')).toBeNull();
    const { error } = await full.json();
    expect(error.message).toContain('already has 8');
    expect(error.details).toEqual({ maxUploadsPerEvent: 8, tripFull: true });
    const gallery = await (await t.app.request(`/g/${slug}/photos`)).json();
    expect(gallery.photos).toHaveLength(8);
  });

  it('closes uploads at the end of the charter: 403 upload_closed, and the gallery says so', async () => {
    now = Date.parse('2027-07-04T21:00:00-07:00');
    const res = await upload({ filename: 'late.jpg', contentType: 'image/jpeg', size: 10 }, '192.0.2.99');
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('upload_closed');
    const gallery = await (await t.app.request(`/g/${slug}/photos`)).json();
    expect(gallery.uploadsOpen).toBe(false);
    expect(gallery.photos.length).toBeGreaterThan(0);
  });
});

describe('guest uploads: 50 concurrent guests against the cap (DynamoDB on dynalite)', () => {
  let app: TestApp;
  let trip: string;
  beforeAll(async () => {
    app = await startTestApp({
      clock: () => new Date(Date.parse('2027-07-04T20:00:00-07:00')),
      settings: { uploadLimits: { maxUploadsPerClientPerMinute: 30 } },
    });
    expect((await app.call('PATCH', '/settings', { photos: { maxPerTrip: 10 } })).status).toBe(200);
    trip = (await (await app.call('POST', '/bookings', bookingBody('BS-CONCURRENT'))).json()).slug;
  });
  afterAll(() => app.stop());

  it('puts exactly 10 in the gallery when 50 start and finish at once; the rest get 429 too_many_uploads', async () => {
    const started = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        app.app.request(
          `/g/${trip}/photos`,
          { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ filename: `${i}.jpg`, contentType: 'image/jpeg', size: 100 + i }) },
          fromApiGateway(`198.51.100.${i + 1}`),
        ),
      ),
    );
    // Starting reserves nothing, so nobody is refused yet.
    expect(started.map((r) => r.status)).toEqual(Array(50).fill(201));
    const ids: string[] = await Promise.all(started.map(async (r) => (await r.json()).photoId));
    for (const p of app.fakes.photoStorage.presigned) app.fakes.photoStorage.arrive(p.key, { size: p.size ?? 0, contentType: 'image/jpeg' });

    const completed = await Promise.all(
      ids.map((id) => app.app.request(`/g/${trip}/photos/${id}/complete`, { method: 'POST' })),
    );
    const statuses = completed.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(40);
    const refused = completed.find((r) => r.status === 429) as Response;
    expect((await refused.json()).error.code).toBe('too_many_uploads');
    expect((await (await app.app.request(`/g/${trip}/photos`)).json()).photos).toHaveLength(10);
    // Completing an upload again is not a second photo.
    const again = ids[statuses.indexOf(200)] ?? '';
    expect((await app.app.request(`/g/${trip}/photos/${again}/complete`, { method: 'POST' })).status).toBe(200);
    expect((await (await app.app.request(`/g/${trip}/photos`)).json()).photos).toHaveLength(10);
  });
});

describe('guest uploads: nothing outlives the window by more than 2 minutes', () => {
  const end = Date.parse('2027-07-04T21:00:00-07:00');
  let clock = end - 30_000;
  let app: TestApp;
  let trip: string;
  const start = (body: unknown, ip: string) =>
    app.app.request(
      `/g/${trip}/photos`,
      { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) },
      fromApiGateway(ip),
    );
  beforeAll(async () => {
    app = await startTestApp({
      clock: () => new Date(clock),
      settings: { uploadLimits: { multipartThresholdBytes: 32 * MB, partSizeBytes: 8 * MB } },
    });
    trip = (await (await app.call('POST', '/bookings', bookingBody('BS-WINDOW'))).json()).slug;
  });
  afterAll(() => app.stop());

  it('signs URLs only until 2 minutes after the end, and refuses complete after that with 403 upload_closed', async () => {
    clock = end - 30_000;
    // 30 s before the end: a URL lives 30 + 120 s, not the usual 600.
    const single = await (await start({ filename: 'dock.jpg', contentType: 'image/jpeg', size: 10 }, '192.0.2.70')).json();
    expect(app.fakes.photoStorage.presigned.at(-1)?.expiresInSeconds).toBe(150);
    const late = await (await start({ filename: 'late.jpg', contentType: 'image/jpeg', size: 20 }, '192.0.2.71')).json();
    const lateKey = app.fakes.photoStorage.presigned.at(-1)?.key ?? '';
    const video = await (await start({ filename: 'wake.mov', contentType: 'video/quicktime', size: 40 * MB }, '192.0.2.72')).json();
    expect(video.expiresAt).toBe(new Date(end + 120_000).toISOString());
    clock = end - 10_000;
    const parts = await (await app.app.request(`/g/${trip}/photos/${video.photoId}/parts`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ partNumbers: [1] }),
    })).json();
    expect(parts.parts[0].url).toContain('expires=130');

    // A minute after the end: still inside the grace, so the photo sent in time is added.
    app.fakes.photoStorage.arrive(app.fakes.photoStorage.presigned[0]?.key ?? '', { size: 10, contentType: 'image/jpeg' });
    clock = end + 60_000;
    expect((await app.app.request(`/g/${trip}/photos/${single.photoId}/complete`, { method: 'POST' })).status).toBe(200);

    // Past end + 2 min: refused, even for bytes that are in storage.
    app.fakes.photoStorage.arrive(lateKey, { size: 20, contentType: 'image/jpeg' });
    clock = end + 120_000;
    const refused = await app.app.request(`/g/${trip}/photos/${late.photoId}/complete`, { method: 'POST' });
    expect(refused.status).toBe(403);
    const { error } = await refused.json();
    expect(error).toMatchObject({ code: 'upload_closed', details: { acceptedUntil: new Date(end + 120_000).toISOString() } });
    const gallery = await (await app.app.request(`/g/${trip}/photos`)).json();
    expect(gallery.photos.map((p: { photoId: string }) => p.photoId)).toEqual([single.photoId]);
  });

  it('refuses to complete an upload once the trip is cancelled, though it started before', async () => {
    clock = end - 3600_000;
    const booked = await (await app.call('POST', '/bookings', { ...bookingBody('BS-WINDOW-CXL'), allowConflicts: true })).json();
    const started = await (
      await app.app.request(
        `/g/${booked.slug}/photos`,
        { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ filename: 'a.jpg', contentType: 'image/jpeg', size: 5 }) },
        fromApiGateway('192.0.2.80'),
      )
    ).json();
    app.fakes.photoStorage.arrive(app.fakes.photoStorage.presigned.at(-1)?.key ?? '', { size: 5, contentType: 'image/jpeg' });
    expect((await app.call('POST', `/bookings/${booked.bookingId}/cancel`, { reason: 'weather' })).status).toBe(200);
    const refused = await app.app.request(`/g/${booked.slug}/photos/${started.photoId}/complete`, { method: 'POST' });
    expect(refused.status).toBe(403);
    expect((await refused.json()).error).toMatchObject({ code: 'upload_closed', details: { cancelled: true } });
  });
});

describe('guest uploads: the operator grace and the camera-roll rate (defaults)', () => {
  const end = Date.parse('2027-07-04T21:00:00-07:00');
  let clock = end - 3600_000;
  let app: TestApp;
  let trip: string;
  const start = (i: number, ip = '192.0.2.90') =>
    app.app.request(
      `/g/${trip}/photos`,
      { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ filename: `${i}.jpg`, contentType: 'image/jpeg', size: 10 }) },
      fromApiGateway(ip),
    );
  beforeAll(async () => {
    app = await startTestApp({ clock: () => new Date(clock) });
    trip = (await (await app.call('POST', '/bookings', bookingBody('BS-GRACE'))).json()).slug;
  });
  afterAll(() => app.stop());

  it('lets 100 starts from one guest through at once, then one a second, with Retry-After', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 101; i++) statuses.push((await start(i)).status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(100);
    expect(statuses.at(-1)).toBe(429);
    const limited = await start(101);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect((await limited.json()).error.details).toEqual({ retryAfterSeconds: 1, burst: 100, perMinute: 60 });
    clock += 1000;
    expect((await start(102)).status).toBe(201);
  });

  it('closes at the end plus uploadGraceMinutes, read at each request', async () => {
    clock = end + 30 * 60_000;
    const closed = await (await app.app.request(`/g/${trip}/photos`)).json();
    expect(closed).toMatchObject({ uploadsOpen: false, closesAt: new Date(end).toISOString() });
    expect((await start(200, '192.0.2.91')).status).toBe(403);

    expect((await app.call('PATCH', '/settings', { guestPage: { uploadGraceMinutes: 60 } })).status).toBe(200);
    const reopened = await (await app.app.request(`/g/${trip}/photos`)).json();
    expect(reopened).toMatchObject({ uploadsOpen: true, closesAt: new Date(end + 60 * 60_000).toISOString() });
    expect((await start(201, '192.0.2.91')).status).toBe(201);
    // 30 min left of the window: the URL lives its usual 600 s.
    expect(app.fakes.photoStorage.presigned.at(-1)?.expiresInSeconds).toBe(600);
    clock = end + 60 * 60_000 - 1000;
    expect((await start(202, '192.0.2.91')).status).toBe(201);
    expect(app.fakes.photoStorage.presigned.at(-1)?.expiresInSeconds).toBe(121);
    clock = end + 60 * 60_000;
    const refused = await start(203, '192.0.2.91');
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.details).toEqual({ closedAt: new Date(end + 60 * 60_000).toISOString() });
  });

  it('the gallery answer carries no money figures', async () => {
    const text = await (await app.app.request(`/g/${trip}/photos`)).text();
    expectNoMoneyOrGuestContact('the gallery', text);
    expect(text).not.toMatch(/\$|USD|revenue|captainFee|platformFee/);
  });
});
