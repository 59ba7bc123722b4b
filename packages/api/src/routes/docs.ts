import { API_DOCS_CSP, renderApiDocs } from '@scc/pages';
import { Hono } from 'hono';
import { buildOpenApiDocument, lazily } from '../openapi/document';

/**
 * `/openapi.json` and the reference page drawn from it, `/docs`. Public: the document holds no
 * secrets. Both are built from `app` on their first request and kept, so a cold start never
 * pays for them; `app` is read then, with every route it has by that time.
 */
export function docsRoutes(app: Pick<Hono, 'routes'>) {
  const document = lazily(() => buildOpenApiDocument(app));
  const page = lazily(async () => renderApiDocs(await document()));
  return new Hono()
    .get('/openapi.json', async (c) => {
      // Revalidated, so a deploy is seen at once; the CDN passes API answers through uncached.
      c.header('Cache-Control', 'no-cache');
      return c.json(await document());
    })
    .get('/docs', async (c) => {
      c.header('Content-Security-Policy', API_DOCS_CSP);
      c.header('Referrer-Policy', 'no-referrer');
      c.header('Cache-Control', 'no-cache');
      c.header('X-Frame-Options', 'DENY');
      c.header('X-Content-Type-Options', 'nosniff');
      return c.html(await page());
    });
}
