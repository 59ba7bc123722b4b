import { describe, expect, it } from 'vitest';
import type { BookingRecord } from '../booking/schema';
import { NotFoundError } from '../errors';
import { type AlbumArchiver, type AlbumFile, AlbumService, EmptyAlbumError, fileSlug, safeName, zipEntries, zipParts } from './album';
import { ValidationError } from '../errors';
import type { PhotoRecord } from './schema';

const photo = (id: string, completedAt: string, filename = `${id}.jpg`): PhotoRecord => ({
  photoId: id,
  eventId: 'evt_1',
  key: `photos/evt_1/${id}.jpg`,
  contentType: 'image/jpeg',
  size: 100,
  filename,
  status: 'complete',
  createdAt: completedAt,
  completedAt,
});

function rig(photos: PhotoRecord[], maxZipBytes?: number) {
  const archived: { key: string; files: readonly AlbumFile[] }[] = [];
  const archiver: AlbumArchiver = {
    archive: async (key, files) => {
      archived.push({ key, files });
      return { size: 1234 };
    },
    presignExport: async (key, filename, seconds) => ({ method: 'GET', url: `memory://${key}?as=${filename}`, headers: {}, expiresAt: `+${seconds}s` }),
  };
  const booking = { bookingId: 'bk_1', eventId: 'evt_1', request: { title: 'Sunset sail — Smith party' } } as BookingRecord;
  const service = new AlbumService({
    bookings: { get: async (id) => (id === 'bk_1' ? booking : undefined) },
    photos: { listComplete: async () => photos },
    storage: { presignGet: async (key, seconds) => ({ method: 'GET', url: `memory://${key}`, headers: {}, expiresAt: `+${seconds}s` }) },
    archiver,
    clock: () => new Date('2027-07-05T09:00:00.000Z'),
    ...(maxZipBytes ? { maxZipBytes } : {}),
  });
  return { service, archived };
}

describe('AlbumService', () => {
  it('lists the booking’s photos newest first with short-lived links and the album’s totals', async () => {
    const { service } = rig([photo('ph_b', '2027-07-04T20:00:00Z'), photo('ph_a', '2027-07-04T19:00:00Z')]);

    const album = await service.list('bk_1');

    expect(album).toMatchObject({ bookingId: 'bk_1', count: 2, totalBytes: 200, parts: 1 });
    expect(album.photos.map((p) => [p.photoId, p.url])).toEqual([
      ['ph_b', 'memory://photos/evt_1/ph_b.jpg'],
      ['ph_a', 'memory://photos/evt_1/ph_a.jpg'],
    ]);
  });

  it('zips oldest first under exports/{bookingId}/{time}.zip and answers a link named after the trip', async () => {
    const { service, archived } = rig([photo('ph_b', '2027-07-04T20:00:00Z', 'IMG_1.JPG'), photo('ph_a', '2027-07-04T19:00:00Z', 'IMG_1.JPG')]);

    const download = await service.download('bk_1');

    expect(archived).toHaveLength(1);
    expect(archived[0]?.key).toBe('exports/bk_1/20270705T090000000Z.zip');
    expect(archived[0]?.files.map((f) => [f.key, f.name])).toEqual([
      ['photos/evt_1/ph_a.jpg', '001-IMG_1.JPG'],
      ['photos/evt_1/ph_b.jpg', '002-IMG_1.JPG'],
    ]);
    expect(download).toEqual({
      url: 'memory://exports/bk_1/20270705T090000000Z.zip?as=sunset-sail-smith-party-photos.zip',
      expiresAt: '+300s',
      filename: 'sunset-sail-smith-party-photos.zip',
      count: 2,
      size: 1234,
      part: 1,
      parts: 1,
    });
  });

  it('splits an album over the zip limit into consecutive parts, numbered on across them', async () => {
    // Prepare: five photos of 100 bytes, at most 250 bytes a zip.
    const photos = ['e', 'd', 'c', 'b', 'a'].map((id, i) => photo(`ph_${id}`, `2027-07-04T2${4 - i}:00:00Z`));
    const { service, archived } = rig(photos, 250);

    // Act
    const album = await service.list('bk_1');
    const third = await service.download('bk_1', 3);

    // Assess
    expect(album.parts).toBe(3);
    expect(archived[0]?.key).toBe('exports/bk_1/20270705T090000000Z-3.zip');
    expect(archived[0]?.files.map((f) => f.name)).toEqual(['005-ph_e.jpg']);
    expect(third).toMatchObject({ filename: 'sunset-sail-smith-party-photos-3-of-3.zip', count: 1, part: 3, parts: 3 });
    await expect(service.download('bk_1', 4)).rejects.toBeInstanceOf(ValidationError);
  });

  it('orders photos shared at the same instant by id, so the same album always zips the same way', async () => {
    const { service, archived } = rig([photo('ph_a', '2027-07-04T19:00:00Z'), photo('ph_c', '2027-07-04T19:00:00Z'), photo('ph_b', '2027-07-04T19:00:00Z')]);

    const album = await service.list('bk_1');
    await service.download('bk_1');

    expect(album.photos.map((p) => p.photoId)).toEqual(['ph_c', 'ph_b', 'ph_a']);
    expect(archived[0]?.files.map((f) => f.name)).toEqual(['001-ph_a.jpg', '002-ph_b.jpg', '003-ph_c.jpg']);
  });

  it('refuses an empty album with EmptyAlbumError, writing nothing', async () => {
    const { service, archived } = rig([]);
    await expect(service.download('bk_1')).rejects.toBeInstanceOf(EmptyAlbumError);
    expect(archived).toEqual([]);
  });

  it('answers NotFoundError for an unknown booking', async () => {
    const { service } = rig([]);
    await expect(service.list('bk_nope')).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.download('bk_nope')).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('names inside the zip', () => {
  it('keeps only the file’s own name: no folders, no parent jumps, no control characters', () => {
    expect(safeName('../../etc/passwd', 'image/jpeg')).toBe('passwd');
    expect(safeName('C:\\Users\\ana\\IMG_2.HEIC', 'image/heic')).toBe('IMG_2.HEIC');
    expect(safeName('..', 'image/png')).toBe('photo.png');
    expect(safeName('a\u0000b\nc.jpg', 'image/jpeg')).toBe('abc.jpg');
    expect(safeName('   ', 'video/quicktime')).toBe('photo.mov');
  });

  it('numbers entries so that two phones’ IMG_0001.JPG stay two files', () => {
    const names = zipEntries([photo('a', 'x', 'IMG_0001.JPG'), photo('b', 'y', 'IMG_0001.JPG')]).map((f) => f.name);
    expect(new Set(names).size).toBe(2);
  });

  it('packs consecutive files up to the limit, and a file over it alone', () => {
    const file = (name: string, size: number): AlbumFile => ({ key: `photos/e/${name}`, name, size, modifiedAt: 'x' });
    const parts = zipParts([file('a', 60), file('b', 40), file('c', 30), file('big', 500), file('d', 10)], 100);
    expect(parts.map((p) => p.map((f) => f.name))).toEqual([['a', 'b'], ['c'], ['big'], ['d']]);
  });

  it('names the download after the trip, in plain ASCII', () => {
    expect(fileSlug('Sunset sail — Smith party')).toBe('sunset-sail-smith-party');
    expect(fileSlug('Día de pesca')).toBe('dia-de-pesca');
    expect(fileSlug('🎉')).toBe('trip');
  });
});
