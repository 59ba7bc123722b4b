import { createHash } from 'node:crypto';
import { html, SafeHtml } from './html';

/**
 * The shell every page shares: mobile-first, system fonts, no third-party requests, and a
 * strict Content-Security-Policy: nothing loads from anywhere, scripts are not allowed at all
 * (a page that needs one may load scripts from its own origin, where /assets/ serves the
 * hashed bundles), and the one inline style block is the only styling.
 *
 * Both palettes keep every text colour at 4.5:1 or more on every background it sits on
 * (layout.test.ts checks them); text on the accent takes --on-accent, since white on the dark
 * scheme's light blue is only 2.2:1.
 */

const STYLE = new SafeHtml(`
:root{color-scheme:light dark;--fg:#10202e;--muted:#4a5a68;--bg:#f7f9fb;--card:#fff;--accent:#0b5cad;--on-accent:#fff;--alert-bg:#fdecea;--alert-edge:#b3261e}
@media (prefers-color-scheme:dark){:root{--fg:#e8eef3;--muted:#a9b7c3;--bg:#0d1620;--card:#16222e;--accent:#6cb4ff;--on-accent:#0d1620;--alert-bg:#3a1614;--alert-edge:#ff8a80}}
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:40rem;margin:0 auto;padding:1rem}h1{font-size:1.6rem;line-height:1.2;margin:.5rem 0 1rem}
h2{font-size:1.1rem;margin:1.5rem 0 .5rem}section{background:var(--card);border-radius:.75rem;padding:1rem;margin:0 0 1rem}
dl{margin:0}dt{color:var(--muted);font-size:.9rem}dd{margin:0 0 .75rem}a{color:var(--accent)}
ul{padding-left:1.2rem;margin:0}li{margin:.25rem 0}.done{text-decoration:line-through;color:var(--muted)}
.muted{color:var(--muted);font-size:.9rem}
.checklist{list-style:none;padding:0}.checklist li{padding:.35rem 0}
.checklist label{display:inline-flex;gap:.6rem;align-items:center;min-height:44px}
.checklist input{width:1.4rem;height:1.4rem}
.checklist li.done{text-decoration:none}
button,input[type=file]{font:inherit;min-height:44px}
button{padding:.5rem 1rem;border-radius:.5rem;border:1px solid var(--accent);background:var(--accent);color:var(--on-accent)}
button:disabled,input:disabled{opacity:.5}
.uploads{list-style:none;padding:0}.uploads li{display:grid;grid-template-columns:1fr auto;gap:.25rem .5rem;margin:.5rem 0}
.uploads progress{grid-column:1/-1;width:100%;height:.6rem}
.gallery{display:grid;grid-template-columns:repeat(auto-fill,minmax(7rem,1fr));gap:.5rem;margin-top:1rem}
.gallery img,.gallery video{width:100%;aspect-ratio:1;object-fit:cover;border-radius:.5rem;background:var(--bg)}
.gallery a.file{display:flex;align-items:center;justify-content:center;aspect-ratio:1;border:1px solid var(--muted);border-radius:.5rem;text-align:center;padding:.25rem}
.banner{background:var(--alert-bg);border:2px solid var(--alert-edge);font-size:1.05rem}.banner p{margin:0}.banner p+p{margin-top:.5rem}
.off dd{color:var(--muted)}.off .struck{text-decoration:line-through}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}.checklist li.done label{text-decoration:line-through;color:var(--muted)}
`);

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

export interface CspSources {
  /** The page's one inline style block; without one, its stylesheet is a file of this origin. */
  style?: string;
  /** Whether it loads a script (its bundle under /assets/, on this origin). */
  script?: boolean;
  /** The object store that guests upload to and view photos from. */
  mediaOrigin?: string;
  /** False for a <meta> tag, where browsers ignore frame-ancestors (and complain). */
  frameAncestors: boolean;
}

/**
 * Every page's policy: only its own style block (or, for a page without one, stylesheets of
 * this origin) applies; a page with a script may run scripts of this origin only (its hashed
 * bundle under /assets/; no inline script, no eval), which may talk only to this origin (and
 * the media store); nothing loads from anywhere else, and no other site may frame it.
 */
export function contentSecurityPolicy({ style, script, mediaOrigin, frameAncestors }: CspSources): string {
  const media = mediaOrigin ? ` ${mediaOrigin}` : '';
  return [
    "default-src 'none'",
    `style-src ${style === undefined ? "'self'" : sha256(style)}`,
    ...(script ? ["script-src 'self'", `connect-src 'self'${media}`] : []),
    `img-src 'self' data:${media}`,
    ...(mediaOrigin ? [`media-src${media}`] : []),
    "base-uri 'none'",
    "form-action 'none'",
    ...(frameAncestors ? ["frame-ancestors 'none'"] : []),
  ].join('; ');
}

/**
 * The header policy of a page built with `page()`: `script` when it was given one, and the same
 * `style` it was given, if any.
 */
export function pageCsp(script?: boolean, mediaOrigin?: string, style?: string): string {
  return contentSecurityPolicy({ style: STYLE.value + (style ?? ''), script, mediaOrigin, frameAncestors: true });
}

/** The CSP of a page without script. */
export const PAGE_CSP = pageCsp();

export interface PageOptions {
  /**
   * The meta description (what link previews and search tools show); the title when absent,
   * since the pages are noindex and a preview should say no more than the title does.
   */
  description?: string;
  /** The public path of the page's script (a hashed web/ bundle, generated/assets.ts). */
  script?: string;
  /** `data-*` attributes on <body>, for the script to read. */
  data?: Record<string, string>;
  /** A same-site path to move on to at once (works without script). */
  refreshTo?: string;
  /** Origin of the object store the page's script uploads to and shows media from. */
  mediaOrigin?: string;
  /** A page's own CSS, appended to the shared block (still one block, one hash). */
  style?: string;
}

export function page(title: string, body: SafeHtml, options: PageOptions = {}): string {
  const style = new SafeHtml(STYLE.value + (options.style ?? ''));
  const data = Object.entries(options.data ?? {}).map(
    ([name, value]) => html` data-${name.replace(/[^a-z0-9-]/g, '')}="${value}"`,
  );
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy({ style: style.value, script: options.script !== undefined, mediaOrigin: options.mediaOrigin, frameAncestors: false })}">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<meta name="description" content="${options.description ?? title}">
<link rel="icon" href="data:,">
${options.refreshTo ? html`<meta http-equiv="refresh" content="0;url=${options.refreshTo}">` : ''}
<title>${title}</title>
<style>${style}</style>
${options.script ? html`<script src="${options.script}" defer></script>\n` : ''}</head>
<body${data}>
<main>
${body}
</main>
</body>
</html>
`.value;
}
