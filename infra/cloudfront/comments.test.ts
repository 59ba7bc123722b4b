import { describe, expect, it } from 'vitest';
import { CLOUDFRONT_COMMENT_MAX, COMMENTS, cloudfrontComment } from './comments';

const keys = Object.keys(COMMENTS) as (keyof typeof COMMENTS)[];

describe('CloudFront comments', () => {
  it('name the stage in full when it fits', () => {
    expect(cloudfrontComment('production', 'apiOriginRequest')).toBe(
      'SCC production: to the API: all viewer headers but Host, all cookies, the query',
    );
  });

  it('stay within 128 characters for any stage, cutting a long stage name visibly', () => {
    const stage = 'a-very-long-personal-stage-name-'.repeat(8);
    for (const key of keys) {
      const comment = cloudfrontComment(stage, key);
      expect(comment.length, key).toBeLessThanOrEqual(CLOUDFRONT_COMMENT_MAX);
      expect(comment, key).toMatch(/^SCC a-very-long-personal-stage-name-.*~: /);
      expect(comment.endsWith(`: ${COMMENTS[key]}`), key).toBe(true);
    }
  });

  it('a stage exactly as long as the room left is kept whole', () => {
    const key = 'site';
    const room = CLOUDFRONT_COMMENT_MAX - `SCC : ${COMMENTS[key]}`.length;
    const comment = cloudfrontComment('s'.repeat(room), key);
    expect(comment.length).toBe(CLOUDFRONT_COMMENT_MAX);
    expect(comment).not.toContain('~');
  });

  it('are plain ASCII', () => {
    for (const key of keys) expect(cloudfrontComment('production', key)).toMatch(/^[\x20-\x7e]+$/);
  });
});
