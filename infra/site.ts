import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { api } from './api';
import { ASSETS_CACHE_POLICY, ASSETS_PATH_PATTERN } from './asset-files';
// Uploads the files the behavior below serves (and the pages the Lambda renders link).
import './assets';
import { API_CACHE_POLICY } from './cloudfront/api-cache';
import { cloudfrontComment } from './cloudfront/comments';
import { publicDomain, publicDomainCert } from './config';
import { edgeTokenOf, EDGE_HEADER } from '../packages/api/src/client-address';
import { serviceKeyHash } from './secrets';
import { media } from './storage';

// The public site: one CloudFront distribution at the address guests and crew are given.
//   /g/{slug}                          guest pages from the media bucket (cached at the edge);
//                                      a missing one: the API's 404 page (origin group below)
//   /g/{slug}/photos…, /checklist…     the API (DESIGN.md's URL map: guest uploads, checklist)
//   /assets/{name}.{hash}.js|css       the pages' scripts and the console's stylesheet, from
//                                      the media bucket (infra/assets.ts), kept for a year
//   everything else                    the API, uncached: /c/…, /admin…, /health, /crew, …
// Integrations should keep calling the API's own URL (the `api` output); through this site
// they work too.
//
// Built with sst.aws.Cdn rather than sst.aws.Router. Router (3.19) can send a path to a
// bucket and the rest to a URL, but only with SST's own CloudFront Function code (user code
// is spliced into it), its own cache policy and the managed AllViewerExceptHostHeader origin
// request policy on every route; here each behavior needs its own function, cache policy and
// an origin request policy of ours.

// CloudFront's managed cache policies (the same ids in every account).
// Honors the origin's Cache-Control: guest pages are stored with
// `public, max-age=60, s-maxage=31536000`, so the edge keeps them until the API invalidates
// `/g/{slug}*` on a change, and browsers recheck after a minute.
const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';

// The guest routes of the API (`/g/{slug}/checklist`, later `/g/{slug}/photos`) are public and
// the same for every guest of a trip, so the edge may share an answer for as long as the API
// says (the checklist sends `s-maxage=10`: a party refreshing at once costs one read). Nothing
// is cached unless the API says so, and never longer than an hour. The cache key is the path
// and query string only: these routes must never vary by header or cookie.
const guestApiCache = new aws.cloudfront.CachePolicy('SccGuestApiCache', {
  comment: cloudfrontComment($app.stage, 'guestApiCache'),
  // The API's own key and compression (path and query only), kept for as long as it says.
  ...API_CACHE_POLICY,
  maxTtl: 3600,
});

// The API's answers, compressed by CloudFront and not cached: see infra/cloudfront/api-cache.ts
// (the managed CachingDisabled policy would turn compression off).
const apiCache = new aws.cloudfront.CachePolicy('SccApiCache', {
  comment: cloudfrontComment($app.stage, 'apiCache'),
  ...API_CACHE_POLICY,
});

// The hashed scripts and stylesheet: see infra/asset-files.ts.
const assetsCache = new aws.cloudfront.CachePolicy('SccAssetsCache', {
  comment: cloudfrontComment($app.stage, 'assetsCache'),
  ...ASSETS_CACHE_POLICY,
});

// What reaches the API through CloudFront: every viewer header except Host (API Gateway
// routes by its own host name), every cookie, the whole query string. Forwarding is not
// caching: none of this is part of a cache key. The headers the API depends on are named
// here so that a narrower list cannot silently drop them.
const API_HEADERS = ['x-service-key', 'if-match', 'if-none-match', 'content-type', 'accept'];
const HEADERS_NOT_FORWARDED = ['host'];
for (const header of API_HEADERS) {
  if (HEADERS_NOT_FORWARDED.includes(header)) throw new Error(`The API needs the ${header} header`);
}
const apiOriginRequest = new aws.cloudfront.OriginRequestPolicy('SccApiOriginRequest', {
  comment: cloudfrontComment($app.stage, 'apiOriginRequest'),
  headersConfig: { headerBehavior: 'allExcept', headers: { items: HEADERS_NOT_FORWARDED } },
  cookiesConfig: { cookieBehavior: 'all' },
  queryStringsConfig: { queryStringBehavior: 'all' },
});

// CloudFront signs its requests to the bucket (SigV4); the bucket policy (infra/storage.ts)
// answers only such requests, and only for g/*.
const mediaAccess = new aws.cloudfront.OriginAccessControl('SccMediaAccess', {
  description: cloudfrontComment($app.stage, 'mediaAccess'),
  originAccessControlOriginType: 's3',
  signingBehavior: 'always',
  signingProtocol: 'sigv4',
});

// `/g/{slug}` -> `/g/{slug}.html`, 404 for anything else under /g/. The source is a file of its
// own so tests (and the local stack) can run the exact code CloudFront runs. $cli.paths.root
// is the repository root: SST bundles this module elsewhere before running it.
const guestPageRewrite = new aws.cloudfront.Function('SccGuestPageRewrite', {
  runtime: 'cloudfront-js-2.0',
  comment: cloudfrontComment($app.stage, 'guestPageRewrite'),
  code: readFileSync(join($cli.paths.root, 'infra/cloudfront/guest-page-rewrite.js'), 'utf8'),
  publish: true,
});

// The guest page sets its Content-Security-Policy and referrer policy in <meta> tags; a <meta>
// CSP cannot forbid framing and cannot stop MIME sniffing, so those come as headers, with the
// referrer policy again and HSTS.
const guestPageHeaders = new aws.cloudfront.ResponseHeadersPolicy('SccGuestPageHeaders', {
  comment: cloudfrontComment($app.stage, 'guestPageHeaders'),
  securityHeadersConfig: {
    contentTypeOptions: { override: true },
    frameOptions: { frameOption: 'DENY', override: true },
    referrerPolicy: { referrerPolicy: 'no-referrer', override: true },
    strictTransportSecurity: { accessControlMaxAgeSec: 31536000, includeSubdomains: false, override: true },
  },
});

const API_ORIGIN = 'api';
const MEDIA_ORIGIN = 'media';
// Guest pages: the bucket first, the API when the bucket has no such page. CloudFront may not
// list the bucket, so S3 answers a missing `g/{slug}.html` with 403 (404 should that change);
// on either, CloudFront asks the API for the same path, and the API answers its friendly 404
// page (`GET /g/{slug}.html`). An origin group rather than a custom error response: a custom
// error response is distribution-wide and would also replace the API's own 403s and 404s
// (a wrong service key, an unknown booking) with a guest page.
const GUEST_PAGE_ORIGIN = 'guest-page';
const GUEST_PAGE_FAILOVER_STATUS = [403, 404];

// Everything else under the API is uncached unless the API marks an answer public, and then
// for a second at most: its cache key could not tell one caller's X-Service-Key from
// another's. Every behavior compresses (br or gzip, as the viewer takes them) HTML, CSS,
// JavaScript and JSON over 1,000 bytes; the local stack's edge does the same (edge-compress.ts).
const apiBehavior = {
  targetOriginId: API_ORIGIN,
  viewerProtocolPolicy: 'redirect-to-https',
  allowedMethods: ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'],
  cachedMethods: ['GET', 'HEAD'],
  cachePolicyId: apiCache.id,
  originRequestPolicyId: apiOriginRequest.id,
  compress: true,
};

export const site = new sst.aws.Cdn('SccSite', {
  comment: cloudfrontComment($app.stage, 'site'),
  domain: publicDomain
    ? publicDomainCert
      ? { name: publicDomain, dns: false, cert: publicDomainCert }
      : publicDomain
    : undefined,
  origins: [
    {
      originId: API_ORIGIN,
      domainName: api.url.apply((url) => new URL(url).host),
      customOriginConfig: {
        httpPort: 80,
        httpsPort: 443,
        originProtocolPolicy: 'https-only',
        originSslProtocols: ['TLSv1.2'],
        // API Gateway gives up on the Lambda after 30 s and answers 503 itself; waiting a
        // little longer lets that answer through instead of a CloudFront 504.
        originReadTimeout: 35,
      },
      // Proves a request came through this distribution (the API keys guests' upload limit on
      // the address CloudFront saw only then); it replaces any such header a viewer sends.
      customHeaders: [{ name: EDGE_HEADER, value: serviceKeyHash.value.apply(edgeTokenOf) }],
    },
    {
      originId: MEDIA_ORIGIN,
      domainName: media.nodes.bucket.bucketRegionalDomainName,
      // An S3 origin (no customOriginConfig) whose requests CloudFront signs.
      originAccessControlId: mediaAccess.id,
      originPath: '',
    },
  ],
  originGroups: [
    {
      originId: GUEST_PAGE_ORIGIN,
      failoverCriteria: { statusCodes: GUEST_PAGE_FAILOVER_STATUS },
      members: [{ originId: MEDIA_ORIGIN }, { originId: API_ORIGIN }],
    },
  ],
  defaultCacheBehavior: apiBehavior,
  // Matched in this order; the first match wins.
  orderedCacheBehaviors: [
    { pathPattern: '/g/*/photos*', ...apiBehavior, cachePolicyId: guestApiCache.id },
    { pathPattern: '/g/*/checklist*', ...apiBehavior, cachePolicyId: guestApiCache.id },
    {
      pathPattern: '/g/*',
      // GET, HEAD and OPTIONS only, which origin groups require. The API's answer is cached
      // like a page (as its Cache-Control says); publishing the page invalidates it.
      targetOriginId: GUEST_PAGE_ORIGIN,
      viewerProtocolPolicy: 'redirect-to-https',
      allowedMethods: ['GET', 'HEAD', 'OPTIONS'],
      cachedMethods: ['GET', 'HEAD'],
      cachePolicyId: CACHING_OPTIMIZED,
      responseHeadersPolicyId: guestPageHeaders.id,
      compress: true,
      functionAssociations: [{ eventType: 'viewer-request', functionArn: guestPageRewrite.arn }],
    },
    {
      // The bucket's `assets/…` objects, as they are: the name is the object's key. A name
      // that is not there gets S3's 403 (CloudFront may not list the bucket), cached briefly.
      // The guest pages' security headers, nosniff above all: a script is served as one.
      pathPattern: ASSETS_PATH_PATTERN,
      targetOriginId: MEDIA_ORIGIN,
      viewerProtocolPolicy: 'redirect-to-https',
      allowedMethods: ['GET', 'HEAD'],
      cachedMethods: ['GET', 'HEAD'],
      cachePolicyId: assetsCache.id,
      responseHeadersPolicyId: guestPageHeaders.id,
      compress: true,
    },
  ],
});

/** The id the API invalidates `/g/{slug}*` on. */
export const distributionId = site.nodes.distribution.id;
export const distributionArn = site.nodes.distribution.arn;

/** The base of every link SCC sends: the custom domain if there is one, else CloudFront's. */
export const publicUrl = $util.all([site.domainUrl, site.url]).apply(([domainUrl, url]) => domainUrl ?? url);

// Guests' browsers upload photos straight to the bucket with pre-signed PUTs (and later read
// parts' ETags for multipart uploads), from pages served at the public URL. Only that origin,
// only these methods and headers; everything else still needs a valid signature anyway.
// A header the API's pre-signer signs and the browser must send (x-amz-…) has to be added to
// allowedHeaders.
new aws.s3.BucketCorsConfigurationV2('SccMediaUploadCors', {
  bucket: media.name,
  corsRules: [
    {
      allowedOrigins: [publicUrl],
      allowedMethods: ['PUT', 'GET', 'HEAD'],
      allowedHeaders: ['Content-Type', 'Content-Length'],
      exposeHeaders: ['ETag'],
      maxAgeSeconds: 3600,
    },
  ],
});
