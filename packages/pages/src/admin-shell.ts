import { adminScript } from './generated/scripts';
import { html, SafeHtml } from './html';
import { contentSecurityPolicy } from './layout';

/**
 * The admin console's shell: the same look as the other pages (system fonts, the shared
 * palette, light and dark), wider for tables, and one inlined script that draws every screen.
 * The shell holds no data: it is public and identical for every route under /admin; the
 * script signs in with the service key and fetches everything through the typed client.
 */
const STYLE = `
:root{color-scheme:light dark;--fg:#10202e;--muted:#4a5a68;--bg:#f7f9fb;--card:#fff;--line:#c9d3dc;--accent:#0b5cad;--accent-fg:#fff;--ok:#0f7a3a;--bad:#b3261e;--warn-bg:#fff4e5;--bad-bg:#fdecea;--ok-bg:#e7f6ec}
@media (prefers-color-scheme:dark){:root{--fg:#e8eef3;--muted:#a9b7c3;--bg:#0d1620;--card:#16222e;--line:#34495c;--accent:#6cb4ff;--accent-fg:#0d1620;--ok:#6fd69a;--bad:#ff8a80;--warn-bg:#3a2c12;--bad-bg:#3b1a18;--ok-bg:#143322}}
*{box-sizing:border-box}[hidden]{display:none!important}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--accent)}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
h1:focus,h2:focus{outline:none}h1:focus-visible,h2:focus-visible{outline:3px solid var(--accent)}
.skip{position:absolute;left:.5rem;top:-4rem;background:var(--card);padding:.5rem 1rem;border-radius:.5rem;z-index:10}.skip:focus{top:.5rem}
.visually-hidden{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap}
.bar{display:flex;flex-wrap:wrap;align-items:center;gap:.25rem .75rem;padding:.5rem 1rem;background:var(--card);border-bottom:1px solid var(--line)}
.brand{font-weight:700;text-decoration:none;color:var(--fg);margin-right:auto;min-height:44px;display:inline-flex;align-items:center}
.bar nav{display:flex;flex-wrap:wrap;gap:0;order:3;width:calc(100% + 1rem);margin:0 -.5rem}
.bar nav a{padding:.5rem .4rem;font-size:.92rem;border-radius:.5rem;text-decoration:none;min-height:44px;display:inline-flex;align-items:center}
.bar nav a[aria-current=page]{background:var(--accent);color:var(--accent-fg)}
.channel>h3{margin-top:0}
.webhook{overflow-wrap:anywhere}.webhook h3{margin-top:0}.webhook-title,.delivery-head{display:flex;flex-wrap:wrap;align-items:center;gap:.25rem .5rem}.webhook-title .badge,.delivery-head .badge{margin:0}.badge.pending{border-color:var(--accent);color:var(--accent)}
.webhook-url,.secret,.delivery-type{overflow-wrap:anywhere;word-break:break-all}
pre.code{white-space:pre-wrap;overflow-wrap:anywhere;font-size:.85rem;background:var(--bg);border:1px solid var(--line);border-radius:.5rem;padding:.5rem .75rem;margin:.5rem 0}
.delivery{padding:.6rem 0;border-bottom:1px solid var(--line)}.delivery p{margin:.15rem 0}.delivery-meta{font-size:.9rem;color:var(--muted)}.delivery-error{color:var(--bad);font-size:.9rem;overflow-wrap:anywhere}
.delivery-actions{display:flex;flex-wrap:wrap;align-items:center;gap:.25rem 1rem;margin-top:.35rem}.delivery-actions details[open]{flex-basis:100%}
details.payload summary{min-height:44px;display:flex;align-items:center;cursor:pointer;color:var(--accent)}.deliveries-bar{margin-top:.5rem}
.event-check{align-items:flex-start;margin-bottom:.5rem}.event-check input{margin-top:.15rem;flex:none}.hint.warning{color:var(--fg);background:var(--warn-bg);padding:.4rem .6rem;border-radius:.4rem}
@media (min-width:48rem){.bar nav{order:0;width:auto;margin:0;gap:.25rem}.bar nav a{font-size:1rem;padding:.5rem .75rem}.brand{margin-right:1rem}#sign-out{margin-left:auto}}
#notice:empty{display:none}#notice{max-width:64rem;margin:.75rem auto 0;padding:0 1rem}#notice p{margin:0;padding:.75rem 1rem;border-radius:.5rem;background:var(--warn-bg)}
main{max-width:64rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;line-height:1.2;margin:.5rem 0 1rem}h2{font-size:1.15rem;margin:0 0 .75rem}h3{font-size:1rem;margin:1rem 0 .5rem}
section,.card{background:var(--card);border:1px solid var(--line);border-radius:.75rem;padding:1rem;margin:0 0 1rem}
.narrow{max-width:28rem}
.lead{font-size:1.05rem}
.hint,.status{color:var(--muted);font-size:.9rem;margin:.25rem 0}.block{display:block}
.crumbs{margin:0}
.title-row{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.5rem}
fieldset.plain{border:0;margin:0;padding:0;min-width:0}
.field{margin:0 0 1rem;min-width:0}
fieldset.field{border:0;padding:0}
legend{font-weight:600;padding:0;margin-bottom:.25rem}
label{display:block;font-weight:600;margin-bottom:.25rem}
.field .hint{margin:-.1rem 0 .35rem}
input,select,textarea{font:inherit;color:inherit;background:var(--card);width:100%;min-height:44px;padding:.5rem .65rem;border:1px solid var(--muted);border-radius:.5rem}
textarea{min-height:5rem;resize:vertical}
input[type=checkbox],input[type=radio]{width:1.4rem;height:1.4rem;min-height:0;margin:0;flex:none}
[aria-invalid=true]{border-color:var(--bad);border-width:2px}
.field-error{color:var(--bad);font-weight:600;margin:.35rem 0 0}.field-error::before{content:"⚠ "}
.datetime{display:grid;grid-template-columns:1fr 1fr;gap:0 .5rem}.datetime legend,.datetime .field-error{grid-column:1/-1}
.datetime label{font-weight:400;color:var(--muted);font-size:.9rem}
.two,.three{display:grid;gap:0 1rem}
@media (min-width:40rem){.two{grid-template-columns:1fr 1fr}.three{grid-template-columns:1fr 1fr 1fr}}
.check{display:flex;align-items:center;gap:.5rem;min-height:44px}.check label{margin:0;font-weight:400}
button,.button-link{font:inherit;min-height:44px;padding:.5rem 1rem;border-radius:.5rem;border:1px solid var(--accent);background:var(--accent);color:var(--accent-fg);cursor:pointer;display:inline-flex;align-items:center;justify-content:center;text-decoration:none;gap:.4rem}
button.secondary{background:transparent;color:var(--accent)}
button.small{padding:.35rem .75rem}
button.primary{font-weight:700;padding:.6rem 1.5rem}
button:disabled,fieldset:disabled button{opacity:.55;cursor:default}
.actions{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem;margin:.5rem 0}
.filters{display:grid;grid-template-columns:1fr 1fr;gap:0 .75rem;align-items:end;background:var(--card);border:1px solid var(--line);border-radius:.75rem;padding:1rem;margin-bottom:1rem}
.filters .check,.filters .actions,.filters .wide{grid-column:1/-1}.filters .field{max-width:24rem}
@media (min-width:48rem){.filters{grid-template-columns:repeat(4,auto);justify-content:start}.filters .check,.filters .actions,.filters .wide{grid-column:auto}.filters .field,.filters .check,.filters .actions{margin:0}}
.rows{list-style:none;padding:0;margin:0 0 .5rem}
.row{display:grid;grid-template-columns:1fr auto;gap:0 .5rem;align-items:end;padding:.5rem 0;border-bottom:1px solid var(--line)}
.row .field{margin:0}.crew-row .field{margin-bottom:.5rem}.row .remove{margin-bottom:0}
.crew-row{grid-template-columns:1fr auto}.crew-row .role{grid-column:1}.crew-row .remove{grid-row:1/3;grid-column:2;align-self:center}
@media (min-width:40rem){.crew-row{grid-template-columns:2fr 1fr auto}.crew-row .role{grid-column:2}.crew-row .remove{grid-row:auto;grid-column:3;align-self:end}}
.net{font-weight:700;font-size:1.05rem}
.error-summary{border:2px solid var(--bad);background:var(--bad-bg);border-radius:.75rem;padding:1rem;margin:0 0 1rem}
.error-summary h2{color:var(--bad)}.error-summary ul{margin:0;padding-left:1.2rem}
.alert{border-left:4px solid var(--bad);background:var(--bad-bg);padding:.5rem 1rem;border-radius:.25rem;margin:.5rem 0}.alert p{margin:0}
.steps{list-style:none;padding:0;margin:0}
.step{display:grid;grid-template-columns:1.75rem 1fr auto;gap:0 .5rem;align-items:center;padding:.6rem 0;border-bottom:1px solid var(--line)}
.step:last-child{border-bottom:0}
.step-icon{font-size:1.2rem;text-align:center;font-weight:700;color:var(--muted)}
.step-name{font-weight:600}
.step-state{justify-self:end;font-size:.9rem;padding:.1rem .6rem;border-radius:1rem;background:var(--bg)}
.step-detail{grid-column:2/-1;margin:.15rem 0 0;font-size:.9rem;color:var(--muted);overflow-wrap:anywhere}
.step button{grid-column:2/-1;justify-self:start;margin-top:.4rem}
.step[data-status=succeeded] .step-icon,.step[data-status=succeeded] .step-state{color:var(--ok)}.step[data-status=succeeded] .step-state{background:var(--ok-bg)}
.step[data-status=failed] .step-icon,.step[data-status=failed] .step-state{color:var(--bad)}.step[data-status=failed] .step-state{background:var(--bad-bg)}
.step[data-status=failed] .step-detail{color:var(--bad)}
.step[data-status=running] .step-icon{color:var(--accent);animation:turn 1.2s linear infinite}
@keyframes turn{to{transform:rotate(360deg)}}@media (prefers-reduced-motion:reduce){.step[data-status=running] .step-icon{animation:none}}
.links{padding-left:1.2rem;overflow-wrap:anywhere}
.bookings,.roster,.plain-list{list-style:none;padding:0;margin:0}
.booking{display:grid;grid-template-columns:1fr;gap:.1rem;background:var(--card);border:1px solid var(--line);border-left:6px solid var(--ok);border-radius:.5rem;padding:.75rem 1rem;margin:0 0 .5rem}
.booking.attention{border-left-color:var(--bad)}
.booking-title{font-weight:700;font-size:1.05rem;overflow-wrap:anywhere}
.booking-when{font-weight:600;white-space:nowrap}.booking-meta,.booking-problems{font-size:.9rem;color:var(--muted);overflow-wrap:anywhere}.booking-problems{color:var(--bad)}
@media (min-width:48rem){.booking{grid-template-columns:12.5rem 1fr auto;align-items:baseline;column-gap:1rem}.booking .health{grid-column:3;grid-row:1}.booking-title{grid-column:2;grid-row:1}.booking-when{grid-column:1;grid-row:1}.booking-meta,.booking-problems{grid-column:2/-1}}
.health{font-weight:700;font-size:.9rem;justify-self:start}.health.ok{color:var(--ok)}.health.bad{color:var(--bad)}
.badge{display:inline-block;font-size:.8rem;padding:0 .5rem;border-radius:1rem;margin-left:.5rem;border:1px solid var(--muted);color:var(--muted)}
.member{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:.5rem;padding:.75rem 0;border-bottom:1px solid var(--line)}
.member.inactive .member-name{color:var(--muted)}
.member-info{display:flex;flex-direction:column;min-width:0}.member-contact{font-size:.9rem;overflow-wrap:anywhere}
.row-actions{display:flex;gap:.5rem;flex-wrap:wrap}
.member form{width:100%}
.grid-form{display:grid;gap:0 1rem}@media (min-width:48rem){.grid-form{grid-template-columns:1fr 1fr 1fr}.grid-form>div:nth-last-child(-n+2){grid-column:1/-1}}
.pager{display:flex;gap:.5rem;margin:.75rem 0}
.empty{color:var(--muted);padding:.75rem 0}
.pairs{display:grid;grid-template-columns:1fr;margin:0}.pairs dt{color:var(--muted);font-size:.9rem}.pairs dd{margin:0 0 .6rem;overflow-wrap:anywhere}
@media (min-width:40rem){.pairs{grid-template-columns:11rem 1fr;gap:0 1rem}}
.checklist-view li{padding:.2rem 0}.checklist-view li.done{color:var(--muted)}
.totals{display:grid;gap:1rem;margin-bottom:1rem}@media (min-width:40rem){.totals{grid-template-columns:repeat(auto-fill,minmax(18rem,1fr))}}
.total-card{margin:0}.figures{display:grid;grid-template-columns:1fr auto;gap:.2rem 1rem;margin:0}.figures dt{color:var(--muted)}.figures dd{margin:0;text-align:right;font-variant-numeric:tabular-nums}.figures .net{font-weight:700}
.table-wrap{overflow-x:auto;background:var(--card);border:1px solid var(--line);border-radius:.75rem}
table.finance{border-collapse:collapse;width:100%;min-width:44rem;font-size:.95rem}
.finance th,.finance td{padding:.5rem .75rem;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
.finance thead th{font-size:.85rem;color:var(--muted)}.finance tbody th{font-weight:600}
.finance .num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}.finance td.net{font-weight:700}
@media (max-width:47.99rem){table.finance{min-width:0}.finance thead{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}
.finance tr{display:flex;flex-direction:column;padding:.5rem 0;border-bottom:1px solid var(--line)}.finance tbody th{order:-1}.finance tbody th,.finance td{display:flex;justify-content:space-between;gap:1rem;border:0;padding:.15rem 1rem;text-align:right}
.finance tbody th{display:block;text-align:left}.finance td::before{content:attr(data-label);color:var(--muted);text-align:left}}
.badge.cancelled{border-color:var(--bad);color:var(--bad);background:var(--bad-bg);font-weight:700;margin-left:0}.badge.active{border-color:var(--ok);color:var(--ok);background:var(--ok-bg);margin-left:0}
.health .badge{margin-left:.5rem}
.booking.cancelled{border-left-color:var(--muted)}.booking.cancelled .booking-title{text-decoration:line-through;text-decoration-thickness:1px}
button.danger{background:var(--bad);border-color:var(--bad);color:#fff;font-weight:700}
button.danger-outline{color:var(--bad);border-color:var(--bad)}
.cancelled-note{border-left:4px solid var(--bad);background:var(--bad-bg);padding:.5rem 1rem;border-radius:.25rem;margin:0 0 1rem}.cancelled-note p{margin:.1rem 0}
.action-panel,.preview{border:2px solid var(--accent);border-radius:.75rem;background:var(--card);padding:1rem;margin:0 0 1rem}
.action-panel .preview{border:0;padding:0;margin:.5rem 0 0}
.preview ul{margin:.25rem 0 .75rem;padding-left:1.2rem}.preview h3{margin:.75rem 0 .25rem}
.notices li[data-kind=removed],.notices li[data-kind=cancelled]{color:var(--bad)}
.conflicts{padding-left:1.2rem;margin:.5rem 0 0}.conflicts li{margin:.25rem 0}
.crew-list{list-style:none;padding:0;margin:0}
.crew-member{padding:.6rem 0;border-bottom:1px solid var(--line)}.crew-member:last-child{border-bottom:0}.crew-member p{margin:.1rem 0}
.crew-links{display:flex;flex-wrap:wrap;align-items:center;gap:.35rem .75rem;margin:.35rem 0}.crew-links .expiry{flex-basis:100%;margin:0}
.links li{margin:.35rem 0}.links li .crew-links{margin:.1rem 0}
.confirm-row:empty{display:none}.confirm-row{margin-top:.35rem;align-items:center;padding:.5rem .75rem;background:var(--warn-bg);border-radius:.5rem}.confirm-row .confirm{flex-basis:100%;margin:0;font-weight:600}
.review{margin-top:1rem}
.timeline{list-style:none;margin:0;padding:0 0 0 1rem;border-left:3px solid var(--line)}
.tl-item{position:relative;padding:.35rem 0 .6rem .75rem}
.tl-item::before{content:"";position:absolute;left:calc(-1rem - 8px);top:.65rem;width:13px;height:13px;border-radius:50%;background:var(--accent);border:2px solid var(--card)}
.tl-item[data-kind=cancelled]::before{background:var(--bad)}.tl-item[data-kind=reinstated]::before,.tl-item[data-kind=created]::before{background:var(--ok)}
.tl-step{padding-top:.1rem;padding-bottom:.3rem;font-size:.9rem;color:var(--muted)}.tl-step::before{width:9px;height:9px;left:calc(-1rem - 6px);top:.45rem;background:var(--line)}
.tl-head{margin:0;display:flex;flex-wrap:wrap;gap:0 .6rem;align-items:baseline}.tl-step .tl-what{font-weight:400}
.tl-meta{font-size:.85rem;color:var(--muted)}
.tl-note,.tl-override{margin:.15rem 0;font-size:.95rem}.tl-override{color:var(--bad)}
.tl-changes{margin:.25rem 0 0;padding-left:1.1rem;font-size:.95rem;overflow-wrap:anywhere}.tl-changes li{margin:.15rem 0}
.tl-steps{list-style:none;margin:.35rem 0 0;padding:0;font-size:.85rem;color:var(--muted)}.tl-steps li{margin:0}.tl-steps li[data-status=failed]{color:var(--bad)}
.tl-field{font-weight:600}.tl-changes del{color:var(--muted)}.tl-changes ins{text-decoration:none;font-weight:600}
.guest-link-row{display:flex;flex-wrap:wrap;align-items:center;gap:.25rem .75rem;overflow-wrap:anywhere;word-break:break-all}
figure.qr{margin:.5rem 0;width:100%;max-width:13rem}figure.qr svg{display:block;width:100%;height:auto;border:1px solid var(--line);border-radius:.5rem}figure.qr figcaption{margin-top:.25rem}
.photo-grid{list-style:none;padding:0;margin:.5rem 0;display:grid;grid-template-columns:repeat(auto-fill,minmax(6rem,1fr));gap:.4rem}
.photo-tile a{display:block;aspect-ratio:1;border-radius:.4rem;overflow:hidden;background:var(--bg);border:1px solid var(--line);text-decoration:none}.photo-tile img{display:block;width:100%;height:100%;object-fit:cover}
.video-tile{display:flex;flex-direction:column;align-items:center;justify-content:center;height:100%;font-size:1.6rem;color:var(--accent)}.video-name{font-size:.75rem;color:var(--muted);padding:0 .3rem;overflow-wrap:anywhere;text-align:center}
.turnaround-row{grid-template-columns:1fr auto}.turnaround-row .field{margin-bottom:.5rem}
@media print{body.printing-qr *{visibility:hidden}body.printing-qr figure.qr,body.printing-qr figure.qr *{visibility:visible}body.printing-qr figure.qr{position:fixed;left:0;top:0;max-width:none}body.printing-qr figure.qr svg{width:12cm;border:0}}
`;

// `mediaOrigin`: the photo bucket, where a booking's photo thumbnails are pre-signed to.
const policy = (frameAncestors: boolean, mediaOrigin?: string) =>
  contentSecurityPolicy({ style: STYLE, script: adminScript, frameAncestors, ...(mediaOrigin ? { mediaOrigin } : {}) });

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
<style>${new SafeHtml(STYLE)}</style>
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
<script>${new SafeHtml(adminScript)}</script>
</body>
</html>
`.value;
}
