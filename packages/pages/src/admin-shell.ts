import { adminScript, adminStyle } from './generated/assets';
import { html } from './html';
import { contentSecurityPolicy } from './layout';

/**
 * The admin console's shell: the same look as the other pages (system fonts, the shared
 * palette, light and dark; web/src/admin/console.css), wider for tables, and one script that
 * draws every screen. Both are hashed files under /assets/ (web/build.ts), kept by the browser
 * for a year, so the shell itself is a few hundred bytes of markup on every visit.
 * The shell holds no data: it is public and identical for every route under /admin; the
 * script signs in with the service key and fetches everything through the typed client.
 */

// `mediaOrigin`: the photo bucket, where a booking's photo thumbnails are pre-signed to.
const policy = (frameAncestors: boolean, mediaOrigin?: string) =>
  contentSecurityPolicy({ script: true, frameAncestors, ...(mediaOrigin ? { mediaOrigin } : {}) });

/** The header form of the policy (with frame-ancestors, which a <meta> policy cannot carry). */
export const ADMIN_SHELL_CSP = policy(true);

/** The header policy when the console shows photos from `mediaOrigin`. */
export function adminShellCsp(mediaOrigin?: string): string {
  return policy(true, mediaOrigin);
}

/** The same page for /admin and every route under it; the script picks the screen. */
export function renderAdminShell(options: { mediaOrigin?: string } = {}): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${policy(false, options.mediaOrigin)}">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<meta name="description" content="ShipCaptainCrew console: bookings, crew, finance, channels and settings.">
<link rel="icon" href="data:,">
<title>Admin — ShipCaptainCrew</title>
<link rel="stylesheet" href="${adminStyle}">
<script src="${adminScript}" defer></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="bar">
<a class="brand" href="/admin">⚓ SCC Admin</a>
<nav id="nav" aria-label="Console" hidden>
<a href="/admin">Bookings</a>
<a href="/admin/new">New booking</a>
<a href="/admin/crew">Crew</a>
<a href="/admin/finance">Finance</a>
<a href="/admin/channels">Channels</a>
<a href="/admin/webhooks">Webhooks</a>
<a href="/admin/settings">Settings</a>
</nav>
<button id="sign-out" class="secondary small" type="button" hidden>Sign out</button>
</header>
<div id="notice" role="status" aria-live="polite"></div>
<main id="main" tabindex="-1">
<h1>Admin console</h1>
<noscript><p>The console needs JavaScript. Everything it does is also in the API (see the README).</p></noscript>
</main>
</body>
</html>
`.value;
}
