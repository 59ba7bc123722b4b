import { adminShellCsp, renderAdminShell } from '@scc/pages';
import { type Context, Hono } from 'hono';

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
  // Not compressed here: CloudFront compresses it on the way out (br or gzip, the API
  // behaviors' cache policy in infra/site.ts allows it), and so does the local stack's edge.
  return new Hono().get('/', serve).get('/*', serve);
}
