import { describe, expect, it } from 'vitest';
import { API_CACHE_POLICY } from './api-cache';

describe("the API behaviors' cache policy", () => {
  it('lets CloudFront compress: not every TTL is zero, Gzip and Brotli are on', () => {
    const { minTtl, defaultTtl, maxTtl, parametersInCacheKeyAndForwardedToOrigin: key } = API_CACHE_POLICY;
    expect(Math.max(minTtl, defaultTtl, maxTtl)).toBeGreaterThan(0);
    expect(key.enableAcceptEncodingGzip).toBe(true);
    expect(key.enableAcceptEncodingBrotli).toBe(true);
  });

  it('keeps nothing the API does not mark cacheable, and that for a second at most', () => {
    expect(API_CACHE_POLICY.minTtl).toBe(0);
    expect(API_CACHE_POLICY.defaultTtl).toBe(0);
    expect(API_CACHE_POLICY.maxTtl).toBeLessThanOrEqual(1);
  });

  it('keys on the path and the whole query string only', () => {
    const key = API_CACHE_POLICY.parametersInCacheKeyAndForwardedToOrigin;
    expect(key.cookiesConfig.cookieBehavior).toBe('none');
    expect(key.headersConfig.headerBehavior).toBe('none');
    expect(key.queryStringsConfig.queryStringBehavior).toBe('all');
  });
});
