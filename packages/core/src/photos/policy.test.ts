import { describe, expect, it } from 'vitest';
import {
  DEFAULT_UPLOAD_LIMITS,
  PHOTO_TYPES,
  UPLOAD_GRACE_SECONDS,
  clientRate,
  partSizes,
  takeToken,
  uploadDeadline,
  uploadUrlSeconds,
  uploadsCloseAt,
} from './policy';

/** 19:00 UTC on 10 June 2027. */
const END = '2027-06-10T21:00:00+02:00';
const END_MS = Date.parse('2027-06-10T19:00:00Z');

describe('PHOTO_TYPES', () => {
  it('accepts the phone camera formats, each with the extension its key gets', () => {
    // Assess
    expect(PHOTO_TYPES).toEqual({
      'image/jpeg': { ext: 'jpg', kind: 'image' },
      'image/png': { ext: 'png', kind: 'image' },
      'image/heic': { ext: 'heic', kind: 'image' },
      'image/heif': { ext: 'heif', kind: 'image' },
      'image/webp': { ext: 'webp', kind: 'image' },
      'image/gif': { ext: 'gif', kind: 'image' },
      'video/mp4': { ext: 'mp4', kind: 'video' },
      'video/quicktime': { ext: 'mov', kind: 'video' },
    });
  });
});

describe('DEFAULT_UPLOAD_LIMITS', () => {
  it('are 25 MiB a photo, 500 MiB a video, parts of 8 MiB above 32 MiB, 500 a trip, 100 at once then one a second', () => {
    // Assess
    expect(DEFAULT_UPLOAD_LIMITS).toEqual({
      maxImageBytes: 26_214_400,
      maxVideoBytes: 524_288_000,
      multipartThresholdBytes: 33_554_432,
      partSizeBytes: 8_388_608,
      maxUploadsPerEvent: 500,
      maxUploadsPerClientPerMinute: 60,
      clientBurst: 100,
      urlTtlSeconds: 600,
    });
  });
});

describe('uploadsCloseAt and uploadDeadline', () => {
  it('close uploads at the end of the trip by default, and accept nothing 120 s later', () => {
    // Act / Assess
    expect(uploadsCloseAt(END)).toBe(END_MS);
    expect(uploadDeadline(END)).toBe(END_MS + 120_000);
    expect(UPLOAD_GRACE_SECONDS).toBe(120);
  });

  it("move both by the operator's grace in minutes", () => {
    // Act / Assess
    expect(uploadsCloseAt(END, 30)).toBe(END_MS + 1_800_000);
    expect(uploadDeadline(END, 30)).toBe(END_MS + 1_800_000 + 120_000);
  });
});

describe('clientRate', () => {
  it('is the burst at once, then one start per sixtieth of a minute at the per-minute rate', () => {
    // Act / Assess
    expect(clientRate(DEFAULT_UPLOAD_LIMITS)).toEqual({ burst: 100, intervalMs: 1_000 });
    expect(clientRate({ maxUploadsPerClientPerMinute: 4, clientBurst: 2 })).toEqual({ burst: 2, intervalMs: 15_000 });
  });
});

describe('takeToken', () => {
  const rate = { burst: 3, intervalMs: 1_000 };
  const NOW = 10_000;

  it('lets a new guest start, and counts the start', () => {
    // Act / Assess
    expect(takeToken(undefined, NOW, rate)).toEqual({ allowed: true, tat: 11_000 });
  });

  it('treats a bucket that filled up again in the past as full now', () => {
    // Act / Assess
    expect(takeToken(4_000, NOW, rate)).toEqual({ allowed: true, tat: 11_000 });
  });

  it('counts on from a bucket that is not full again yet', () => {
    // Act / Assess
    expect(takeToken(10_500, NOW, rate)).toEqual({ allowed: true, tat: 11_500 });
  });

  it('allows the last start of the burst, exactly at the limit', () => {
    // Act / Assess: limit = now + (3 − 1) × 1000
    expect(takeToken(12_000, NOW, rate)).toEqual({ allowed: true, tat: 13_000 });
  });

  it('refuses one past the burst, saying how long until a start fits, and leaves the bucket as it was', () => {
    // Act / Assess
    expect(takeToken(12_001, NOW, rate)).toEqual({ allowed: false, tat: 12_001, retryAfterMs: 1 });
    expect(takeToken(13_000, NOW, rate)).toEqual({ allowed: false, tat: 13_000, retryAfterMs: 1_000 });
  });

  it('allows exactly the burst from empty, then one per interval', () => {
    // Prepare
    let tat: number | undefined;
    const outcomes: boolean[] = [];
    // Act: four starts at once, then one an interval later
    for (const now of [NOW, NOW, NOW, NOW, NOW + 1_000]) {
      const result = takeToken(tat, now, rate);
      outcomes.push(result.allowed);
      tat = result.tat;
    }
    // Assess
    expect(outcomes).toEqual([true, true, true, false, true]);
  });
});

describe('uploadUrlSeconds', () => {
  const NOW = new Date(END_MS - 3_600_000);

  it('is the usual lifetime when the deadline is further away', () => {
    // Act / Assess
    expect(uploadUrlSeconds(600, END_MS, NOW)).toBe(600);
  });

  it('is the usual lifetime when the deadline is exactly that far', () => {
    // Act / Assess
    expect(uploadUrlSeconds(600, NOW.getTime() + 600_000, NOW)).toBe(600);
  });

  it('is cut short to the deadline, in whole seconds rounded down', () => {
    // Act / Assess
    expect(uploadUrlSeconds(600, NOW.getTime() + 90_999, NOW)).toBe(90);
    expect(uploadUrlSeconds(600, NOW.getTime() + 999, NOW)).toBe(0);
  });
});

describe('partSizes', () => {
  it('cuts a file into full parts and a shorter last one', () => {
    // Act / Assess
    expect(partSizes(20, 8)).toEqual([8, 8, 4]);
    expect(partSizes(17, 8)).toEqual([8, 8, 1]);
  });

  it('makes no short last part when the size is a whole number of parts', () => {
    // Act / Assess
    expect(partSizes(16, 8)).toEqual([8, 8]);
    expect(partSizes(8, 8)).toEqual([8]);
  });

  it('makes one part of a file smaller than a part', () => {
    // Act / Assess
    expect(partSizes(3, 8)).toEqual([3]);
  });

  it('cuts a file of the default limits into parts that add up to it', () => {
    // Prepare
    const size = 100 * 1024 * 1024 + 5;
    // Act
    const sizes = partSizes(size, DEFAULT_UPLOAD_LIMITS.partSizeBytes);
    // Assess
    expect(sizes).toHaveLength(13);
    expect(sizes.slice(0, 12).every((part) => part === 8_388_608)).toBe(true);
    expect(sizes[12]).toBe(size - 12 * 8_388_608);
  });
});
