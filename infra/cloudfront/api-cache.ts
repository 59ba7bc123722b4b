// The cache policy of the API's uncached behaviors (infra/site.ts). CloudFront compresses an
// answer only under a cache policy whose TTLs are not all zero and which has Gzip and Brotli
// on: under the managed CachingDisabled policy (every TTL 0) `compress: true` does nothing, and
// the crew page, /admin and every JSON answer went out as the API wrote them.
//
// This one still caches nothing the API does not ask for. The default TTL is 0: an answer
// without Cache-Control (the crew page, JSON) is not kept. The minimum is 0, so no-store,
// no-cache and private are honoured (/admin says no-store, the calendar feeds private). Only an
// answer the API itself marks cacheable (max-age or s-maxage without private) may be shared,
// and for at most a second: the cache key (path and query string, no header, no cookie) cannot
// tell one caller's X-Service-Key from another's, so nothing but a public answer may be kept.
export const API_CACHE_POLICY = {
  minTtl: 0,
  defaultTtl: 0,
  maxTtl: 1,
  parametersInCacheKeyAndForwardedToOrigin: {
    cookiesConfig: { cookieBehavior: 'none' },
    headersConfig: { headerBehavior: 'none' },
    queryStringsConfig: { queryStringBehavior: 'all' },
    enableAcceptEncodingGzip: true,
    enableAcceptEncodingBrotli: true,
  },
} as const;
