import { GUEST_PAGE_CACHE_CONTROL, GUEST_PAGE_CONTENT_TYPE, type S3GuestPageStore } from '@scc/aws';
import { GUEST_PAGE_CSP } from '@scc/pages';
import { Hono } from 'hono';

type Fetch = (request: Request) => Response | Promise<Response>;

const NOT_FOUND_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Trip not found</title></head>
<body><main><h1>Trip not found</h1><p>Check the link you were sent, or ask the charter company for a new one.</p></main></body></html>`;

/**
 * What CloudFront does in AWS, for the local stack: `/g/{slug}` comes from the bucket's
 * `g/{slug}.html`; everything else goes to the API.
 */
export function localEdge(api: Fetch, pages: S3GuestPageStore) {
  const servePage = async (slug: string) => {
    const page = await pages.get(slug);
    if (page === undefined) {
      return new Response(NOT_FOUND_PAGE, { status: 404, headers: { 'content-type': GUEST_PAGE_CONTENT_TYPE } });
    }
    return new Response(page, {
      headers: {
        'content-type': GUEST_PAGE_CONTENT_TYPE,
        'cache-control': GUEST_PAGE_CACHE_CONTROL,
        'content-security-policy': GUEST_PAGE_CSP,
        'referrer-policy': 'no-referrer',
        'x-content-type-options': 'nosniff',
      },
    });
  };
  return new Hono()
    .get('/g/:slug{[a-z0-9-]{1,120}}', (c) => servePage(c.req.param('slug')))
    .get('/g/:slug{[a-z0-9-]{1,120}}/', (c) => servePage(c.req.param('slug')))
    .all('*', (c) => api(c.req.raw));
}
