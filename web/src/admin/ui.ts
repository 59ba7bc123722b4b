import type { ApiClient } from '../api-client';
import { type Child, fill, h } from './dom';

/** What every screen gets from the shell. */
export interface Ctx {
  api: ApiClient;
  /** Aborted when the operator leaves the screen: stop polling, skip late renders. */
  signal: AbortSignal;
  navigate(path: string, options?: { replace?: boolean }): void;
  /** A message in the shell's live region, seen on any screen. */
  notify(message: string, link?: { href: string; label: string }): void;
  /** Keeps a screen's state (filters, month) in the address bar, without a history entry. */
  setQuery(query: URLSearchParams): void;
}

export type View = (main: HTMLElement, ctx: Ctx, params: Record<string, string>, query: URLSearchParams) => void;

/** The screen's main heading; the shell moves focus to it on every route change. */
export function heading(text: string): HTMLHeadingElement {
  return h('h1', { tabindex: '-1' }, text);
}

/** A polite live line for "Loading…", "Saved." and the like. */
export function statusLine(text = ''): HTMLParagraphElement {
  return h('p', { class: 'status', role: 'status', 'aria-live': 'polite' }, text);
}

export function alertBox(message: string, ...extra: Child[]): HTMLDivElement {
  return h('div', { class: 'alert', role: 'alert' }, h('p', {}, message), ...extra);
}

export function section(title: string, ...children: Child[]): HTMLElement {
  const id = `s-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return h('section', { 'aria-labelledby': id }, h('h2', { id }, title), ...children);
}

/** A <dl> of label/value pairs; empty values are left out. */
export function details(pairs: [string, Child | Child[]][]): HTMLDListElement {
  const list = h('dl', { class: 'pairs' });
  for (const [term, value] of pairs) {
    if (value === undefined || value === null || value === '' || value === false) continue;
    const dd = h('dd');
    fill(dd, ...(Array.isArray(value) ? value : [value]));
    list.append(h('dt', {}, term), dd);
  }
  return list;
}

export function link(href: string, text: string, attrs: Record<string, string> = {}): HTMLAnchorElement {
  return h('a', { href, ...attrs }, text);
}

/** "Sun, Jul 4, 2027, 6:00 – 9:00 PM PDT" on the trip's own clock. */
export function tripWhen(start: string, end: string, timeZone: string): string {
  const options: Intl.DateTimeFormatOptions = {
    timeZone,
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  };
  try {
    return new Intl.DateTimeFormat('en-US', options).formatRange(new Date(start), new Date(end));
  } catch {
    return `${start} – ${end}`;
  }
}

export function tripDate(start: string, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }).format(
      new Date(start),
    );
  } catch {
    return start;
  }
}

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/**
 * Calls `tick` every `intervalMs` (one call at a time, never overlapping) until `stop()` or
 * the signal. Errors in a tick are ignored: the next tick tries again.
 */
export function poll(tick: () => Promise<void>, intervalMs: number, signal?: AbortSignal): () => void {
  const controller = new AbortController();
  const stopped = () => controller.signal.aborted || Boolean(signal?.aborted);
  void (async () => {
    while (!stopped()) {
      await sleep(intervalMs, controller.signal);
      if (stopped()) break;
      try {
        await tick();
      } catch {
        // A dropped poll: the next one will do.
      }
    }
  })();
  return () => controller.abort();
}

/** YYYY-MM-DD of a local date. */
export function isoDate(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}
