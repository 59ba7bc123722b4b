import { adminShellCsp, renderAdminShell } from '@scc/pages';
import { type Context, Hono } from 'hono';
import { compress } from 'hono/compress';

/**
 * The admin console's shell, for `/admin` and every route under it (the script routes on the
 * client). Public on purpose: it holds no data, and every call it makes sends the service key.
 */
export function adminRoutes(options: { mediaOrigin?: string } = {}) {
  // The photo bucket's origin lets a booking's photo thumbnails through the policy.
  const shell = renderAdminShell(options);
  const csp = adminShellCsp(options.mediaOrigin);
  const serve = (c: Context) => {
    c.header('Content-Security-Policy', csp);
    c.header('Referrer-Policy', 'no-referrer');
    c.header('Cache-Control', 'no-store');
    c.header('X-Frame-Options', 'DENY');
    c.header('X-Content-Type-Options', 'nosniff');
    return c.html(shell);
  };
  // The shell carries its whole script inline and is never cached: compress it here, since
  // the CDN passes API answers through as they are.
  return new Hono().use(compress()).get('/', serve).get('/*', serve);
}
