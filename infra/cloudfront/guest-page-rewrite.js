// CloudFront Function (runtime cloudfront-js-2.0, viewer request) on the public site's `/g/*`
// behavior (infra/site.ts). Guests are given `/g/{slug}`; the page is the object
// `g/{slug}.html` in the media bucket. So:
//   /g/{slug} and /g/{slug}/  ->  /g/{slug}.html, fetched from the bucket (or the cache)
//   anything else under /g/   ->  404 here, without touching the bucket
//   any other path            ->  the request unchanged
// A slug is 1 to 120 characters of a-z, 0-9 and "-" (what core generates), so no request
// reaches the bucket with another key, an encoded character, a dot or a second path segment.
// The guest routes of the API (`/g/{slug}/photos…`, `/g/{slug}/checklist…`) are behaviors of
// their own, matched before `/g/*`, so they never get here: on this behavior a second segment
// is a wrong link. Paths outside /g/ never get here either; they pass untouched should the
// function ever be attached to a wider behavior.
// The query string is left alone (the request's `querystring` is returned as it came); the
// bucket behavior does not forward it.
//
// infra/site.ts deploys this file's text as it is, read with readFileSync, so it follows
// CloudFront Functions' rules: one global `handler(event)`, no imports or require, no Node
// APIs. Tests (guest-page-rewrite.test.ts) and the local stack (packages/local) load the very
// same text and call `handler`.

var GUEST_PATH = /^\/g(\/|$)/;
var GUEST_PAGE_PATH = /^\/g\/([a-z0-9-]{1,120})\/?$/;

var NOT_FOUND_PAGE =
  '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
  '<meta name="viewport" content="width=device-width, initial-scale=1"><title>Trip not found</title></head>' +
  '<body><main><h1>Trip not found</h1>' +
  '<p>Check the link you were sent, or ask the charter company for a new one.</p></main></body></html>';

// eslint-disable-next-line @typescript-eslint/no-unused-vars -- CloudFront calls it
function handler(event) {
  var request = event.request;
  if (!GUEST_PATH.test(request.uri)) return request;
  var match = GUEST_PAGE_PATH.exec(request.uri);
  if (!match) {
    // The same security headers the behavior's response headers policy gives pages, set here
    // too so that this answer does not depend on whether the policy covers generated responses.
    return {
      statusCode: 404,
      statusDescription: 'Not Found',
      headers: {
        'content-type': { value: 'text/html; charset=utf-8' },
        'cache-control': { value: 'public, max-age=300' },
        'x-content-type-options': { value: 'nosniff' },
        'x-frame-options': { value: 'DENY' },
        'referrer-policy': { value: 'no-referrer' },
      },
      body: { encoding: 'text', data: NOT_FOUND_PAGE },
    };
  }
  request.uri = '/g/' + match[1] + '.html';
  return request;
}
