import { bookingBody, startTestApp, type TestApp } from '@scc/test/support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MB = 1024 * 1024;
let now = Date.parse('2027-07-04T20:00:00-07:00');
let t: TestApp;
let slug: string;

const upload = (body: unknown, ip = '203.0.113.7') =>
  t.app.request(`/g/${slug}/photos`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': `${ip}, 10.0.0.1` },
    body: JSON.stringify(body),
  });
const post = (path: string, body?: unknown) =>
  t.app.request(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

beforeAll(async () => {
  t = await startTestApp({
    clock: () => new Date(now),
    outside: { uploadLimits: { maxUploadsPerEvent: 8, maxUploadsPerClientPerMinute: 3, multipartThresholdBytes: 32 * MB, partSizeBytes: 8 * MB } },
  });
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
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    // Another guest on the same trip is not held back by this one.
    expect((await upload({ filename: 'y.jpg', contentType: 'image/jpeg', size: 10 }, '192.0.2.51')).status).toBe(201);
  });

  it('limits the whole event', async () => {
    // Eight slots: three earlier uploads, three from the busy guest, one from the other.
    expect((await upload({ filename: 'z.jpg', contentType: 'image/jpeg', size: 10 }, '192.0.2.52')).status).toBe(201);
    const full = await upload({ filename: 'full.jpg', contentType: 'image/jpeg', size: 10 }, '192.0.2.53');
    expect(full.status).toBe(429);
    expect((await full.json()).error.message).toContain('already has 8');
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
