import type { AlbumArchiver, AlbumFile } from '@scc/core';
import { bookingBody, startTestApp, type TestApp } from '@scc/test/support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const now = Date.parse('2027-07-04T20:00:00-07:00');
let t: TestApp;
let bookingId: string;
let emptyBookingId: string;
const archived: { key: string; files: readonly AlbumFile[] }[] = [];

/** Records what would be zipped; the S3 adapter has its own tests against the local S3. */
const archiver: AlbumArchiver = {
  archive: async (key, files) => {
    archived.push({ key, files });
    return { size: 4242 };
  },
  presignExport: async (key, filename, seconds) => ({ method: 'GET', url: `memory://${key}?filename=${filename}`, headers: {}, expiresAt: new Date(now + seconds * 1000).toISOString() }),
};

/** A guest's upload from start to complete, as the guest page does it. */
async function share(slug: string, filename: string, size: number): Promise<string> {
  const post = (path: string, body?: unknown) =>
    t.app.request(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const started = await (await post(`/g/${slug}/photos`, { filename, contentType: 'image/jpeg', size })).json();
  t.fakes.photoStorage.arrive(t.fakes.photoStorage.presigned.at(-1)?.key ?? '', { size, contentType: 'image/jpeg' });
  expect((await post(`/g/${slug}/photos/${started.photoId}/complete`)).status).toBe(200);
  return started.photoId;
}

beforeAll(async () => {
  t = await startTestApp({ clock: () => new Date(now), outside: { albumArchiver: archiver } });
  const booked = await (await t.call('POST', '/bookings', bookingBody('BS-ALBUM', { title: 'Sunset sail — Smith party' }))).json();
  bookingId = booked.bookingId;
  await share(booked.slug, 'IMG_0001.JPG', 1000);
  await share(booked.slug, '../../evil.jpg', 2000);
  emptyBookingId = (await (await t.call('POST', '/bookings', bookingBody('BS-ALBUM-EMPTY', { boat: 'Other' }))).json()).bookingId;
});
afterAll(() => t.stop());

describe('GET /bookings/:bookingId/photos', () => {
  it('lists the booking’s photos, newest first, with short-lived links and the totals', async () => {
    const res = await t.call('GET', `/bookings/${bookingId}/photos`);

    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const album = await res.json();
    expect(album).toMatchObject({ bookingId, count: 2, totalBytes: 3000, parts: 1 });
    expect(album.photos.map((p: { filename: string }) => p.filename).sort()).toEqual(['../../evil.jpg', 'IMG_0001.JPG']);
    for (const photo of album.photos) expect(photo.url).toMatch(/^memory:\/\/photos\/evt_/);
  });

  it('answers an empty album for a booking without photos', async () => {
    const album = await (await t.call('GET', `/bookings/${emptyBookingId}/photos`)).json();
    expect(album).toEqual({ bookingId: emptyBookingId, count: 0, totalBytes: 0, parts: 0, photos: [] });
  });

  it('answers 404 for an unknown booking', async () => {
    const res = await t.call('GET', '/bookings/bk_nosuchbooking/photos');
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('not_found');
  });
});

describe('POST /bookings/:bookingId/photos/download', () => {
  it('zips every photo, with safe names, and answers a short-lived link named after the trip', async () => {
    const res = await t.call('POST', `/bookings/${bookingId}/photos/download`);

    expect(res.status).toBe(200);
    const zip = await res.json();
    expect(zip).toMatchObject({ filename: 'sunset-sail-smith-party-photos.zip', count: 2, size: 4242, part: 1, parts: 1, url: expect.stringMatching(/^memory:\/\/exports\//) });
    const last = archived.at(-1);
    expect(last?.key).toMatch(new RegExp(`^exports/${bookingId}/\\d{8}T\\d{9}Z\\.zip$`));
    // Both were shared at the same instant, so either may come first; the folders are gone either way.
    const names = last?.files.map((f) => f.name) ?? [];
    expect(names.map((n) => n.slice(0, 4))).toEqual(['001-', '002-']);
    expect(names.map((n) => n.slice(4)).sort()).toEqual(['IMG_0001.JPG', 'evil.jpg']);
  });

  it('answers 409 album_empty, and writes nothing, for a booking without photos', async () => {
    const before = archived.length;
    const res = await t.call('POST', `/bookings/${emptyBookingId}/photos/download`);

    expect(res.status).toBe(409);
    expect((await res.json()).error).toMatchObject({ code: 'album_empty', message: expect.stringMatching(/no photos/) });
    expect(archived.length).toBe(before);
  });

  it('answers 404 for an unknown booking', async () => {
    expect((await t.call('POST', '/bookings/bk_nosuchbooking/photos/download')).status).toBe(404);
  });

  it('answers 400 for a part the album does not have, or one that is not a number', async () => {
    const beyond = await t.call('POST', `/bookings/${bookingId}/photos/download?part=2`);
    const word = await t.call('POST', `/bookings/${bookingId}/photos/download?part=two`);

    expect(beyond.status).toBe(400);
    expect((await beyond.json()).error).toMatchObject({ code: 'invalid_request', details: { part: 2, parts: 1 } });
    expect(word.status).toBe(400);
  });
});

describe('the album is the office’s', () => {
  it.each([
    ['GET', 'photos'],
    ['POST', 'photos/download'],
  ])('%s …/%s answers 401 without the service key, and with a wrong one', async (method, path) => {
    const before = archived.length;
    const none = await t.app.request(`/bookings/${bookingId}/${path}`, { method });
    const wrong = await t.app.request(`/bookings/${bookingId}/${path}`, { method, headers: { 'X-Service-Key': 'not-the-key' } });

    expect(none.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect((await none.json()).error.code).toBe('unauthorized');
    expect(archived.length).toBe(before);
  });
});
