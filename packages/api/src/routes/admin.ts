import { ADMIN_SHELL_CSP, renderAdminShell } from '@scc/pages';
import { type Context, Hono } from 'hono';
import { compress } from 'hono/compress';

/**
 * The admin console's shell, for `/admin` and every route under it (the script routes on the
 * client). Public on purpose: it holds no data, and every call it makes sends the service key.
 */
export function adminRoutes() {
  const shell = renderAdminShell();
  const serve = (c: Context) => {
    c.header('Content-Security-Policy', ADMIN_SHELL_CSP);
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
