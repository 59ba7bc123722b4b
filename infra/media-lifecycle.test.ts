import { describe, expect, it } from 'vitest';
import { mediaLifecycleRules } from './media-lifecycle';

const rule = (id: string) => mediaLifecycleRules.find((r) => r.id === id);

describe('media bucket lifecycle', () => {
  it('aborts multipart uploads under photos/ that are still incomplete after a day', () => {
    const matching = mediaLifecycleRules.filter((r) => r.abortIncompleteMultipartUpload && r.filter.prefix === 'photos/');
    expect(matching).toEqual([
      {
        id: 'abort-abandoned-photo-uploads',
        status: 'Enabled',
        filter: { prefix: 'photos/' },
        abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
      },
    ]);
  });

  it('keeps overwritten or deleted photos for 30 days and old page versions for one', () => {
    expect(rule('photo-old-versions')).toMatchObject({
      filter: { prefix: 'photos/' },
      noncurrentVersionExpiration: { noncurrentDays: 30 },
    });
    expect(rule('page-old-versions')).toMatchObject({
      filter: { prefix: 'g/' },
      noncurrentVersionExpiration: { noncurrentDays: 1 },
    });
  });

  it('removes the console’s album zips, and any parts of one that broke off, a day after they are made', () => {
    expect(rule('expire-album-exports')).toEqual({
      id: 'expire-album-exports',
      status: 'Enabled',
      filter: { prefix: 'exports/' },
      expiration: { days: 1 },
      noncurrentVersionExpiration: { noncurrentDays: 1 },
      abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
    });
  });

  it('never expires a current object: guest pages and photos stay until removed on purpose', () => {
    for (const r of mediaLifecycleRules.filter((rule) => rule.filter.prefix !== 'exports/')) {
      expect(r.expiration ?? {}, r.id).not.toHaveProperty('days');
      expect(r.expiration ?? {}, r.id).not.toHaveProperty('date');
    }
  });

  it('has S3-valid rules: unique ids of at most 255 characters, every rule enabled and filtered by prefix', () => {
    const ids = mediaLifecycleRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of mediaLifecycleRules) {
      expect(r.id.length).toBeLessThanOrEqual(255);
      expect(r.status).toBe('Enabled');
      expect(r.filter.prefix).toMatch(/^[a-z]+\/$/);
    }
  });
});
