// First: zod's settings must be in place before any schema is built (see zod-config.ts).
import './zod-config';
import { h } from './dom';
import { clientFor, forgetKey, storedKey, whenUnauthorized } from './session';
import type { Ctx, View } from './ui';
import { bookingDetailView } from './views/booking-detail';
import { bookingsView } from './views/bookings';
import { channelsView } from './views/channels';
import { crewView } from './views/crew';
import { editBookingView } from './views/edit-booking';
import { financeView } from './views/finance';
import { newBookingView } from './views/new-booking';
import { settingsView } from './views/settings';
import { notFoundView } from './views/not-found';
import { signInView } from './views/sign-in';
import { webhooksView } from './views/webhooks';

/**
 * The admin console: one server-rendered shell, this one script, client-side routes with the
 * History API. Every data call goes through the typed client with the service key.
 */
const ROUTES: [RegExp, View, string[]][] = [
  [/^\/admin\/?$/, bookingsView, []],
  [/^\/admin\/new\/?$/, newBookingView, []],
  [/^\/admin\/bookings\/([A-Za-z0-9_-]{1,64})\/?$/, bookingDetailView, ['bookingId']],
  [/^\/admin\/bookings\/([A-Za-z0-9_-]{1,64})\/edit\/?$/, editBookingView, ['bookingId']],
  [/^\/admin\/crew\/?$/, crewView, []],
  [/^\/admin\/finance\/?$/, financeView, []],
  [/^\/admin\/channels\/?$/, channelsView, []],
  [/^\/admin\/webhooks\/?$/, webhooksView, []],
  [/^\/admin\/settings\/?$/, settingsView, []],
];

const main = document.getElementById('main') as HTMLElement;
const nav = document.getElementById('nav');
const signOut = document.getElementById('sign-out') as HTMLButtonElement | null;
const notice = document.getElementById('notice');
let current: AbortController | undefined;
let rendered = '';
let key = storedKey();

function match(path: string): { view: View; params: Record<string, string> } {
  for (const [pattern, view, names] of ROUTES) {
    const found = pattern.exec(path);
    if (!found) continue;
    const params: Record<string, string> = {};
    names.forEach((name, i) => {
      params[name] = decodeURIComponent(found[i + 1] ?? '');
    });
    return { view, params };
  }
  return { view: notFoundView, params: {} };
}

function notify(message: string, target?: { href: string; label: string }): void {
  if (!notice) return;
  notice.replaceChildren(h('p', {}, message, target ? ' ' : '', target ? h('a', { href: target.href }, target.label) : null));
}

function navigate(path: string, options: { replace?: boolean } = {}): void {
  notice?.replaceChildren();
  if (options.replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  render({ focus: true });
}

/** A screen's own state (filters, month) kept in the address, without a new history entry. */
function setQuery(query: URLSearchParams): void {
  const search = query.toString();
  history.replaceState(null, '', `${location.pathname}${search ? `?${search}` : ''}`);
  rendered = location.pathname + location.search;
}

function render({ focus }: { focus: boolean }): void {
  current?.abort();
  const controller = new AbortController();
  current = controller;
  rendered = location.pathname + location.search;
  main.replaceChildren();
  const signedIn = Boolean(key);
  if (nav) nav.hidden = !signedIn;
  if (signOut) signOut.hidden = !signedIn;
  if (!key) {
    signInView(main, (accepted) => {
      key = accepted;
      render({ focus: true });
    });
  } else {
    const ctx: Ctx = { api: clientFor(key), signal: controller.signal, navigate, notify, setQuery };
    const { view, params } = match(location.pathname);
    view(main, ctx, params, new URLSearchParams(location.search));
  }
  markCurrentLink();
  const title = main.querySelector('h1');
  document.title = `${title?.textContent ?? 'Admin'} — ShipCaptainCrew`;
  if (focus) title?.focus();
}

function markCurrentLink(): void {
  for (const a of nav?.querySelectorAll('a') ?? []) {
    const href = a.getAttribute('href') ?? '';
    const here = href === '/admin' ? /^\/admin\/?$|^\/admin\/bookings\//.test(location.pathname) : location.pathname.startsWith(href);
    if (here) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

function endSession(message: string): void {
  forgetKey();
  key = undefined;
  render({ focus: true });
  notify(message);
}

whenUnauthorized(() => endSession('The service key is no longer accepted. Sign in again.'));
signOut?.addEventListener('click', () => endSession('Signed out. The key is cleared from this tab.'));

// Same-origin console links are handled here; everything else (guest pages, crew links,
// modified clicks, downloads) is left to the browser.
document.addEventListener('click', (event) => {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const a = event.target instanceof Element ? event.target.closest('a') : null;
  if (!a || a.target || a.hasAttribute('download')) return;
  const href = a.getAttribute('href') ?? '';
  if (href.startsWith('#')) {
    // In-page jumps (skip link, error summary) move focus without touching the route.
    const target = document.getElementById(decodeURIComponent(href.slice(1)));
    if (target) {
      event.preventDefault();
      if (!target.hasAttribute('tabindex') && !/^(INPUT|SELECT|TEXTAREA|BUTTON|A)$/.test(target.tagName)) target.setAttribute('tabindex', '-1');
      target.focus();
      target.scrollIntoView({ block: 'center' });
    }
    return;
  }
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || !/^\/admin(\/|$)/.test(url.pathname)) return;
  event.preventDefault();
  if (url.pathname + url.search !== rendered) navigate(url.pathname + url.search);
  else main.querySelector('h1')?.focus();
});

window.addEventListener('popstate', () => {
  if (location.pathname + location.search === rendered) return;
  render({ focus: true });
});

render({ focus: false });
