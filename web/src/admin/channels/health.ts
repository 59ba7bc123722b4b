import { h } from '../dom';
import type { ChannelView, SyncOutcome } from './channel-api';

/** Why a sync failed, in words an operator can act on (the API's `failure` codes). */
export const FAILURE_TEXT: Record<string, string> = {
  not_calendar: 'The address answered with a web page, not a calendar — the marketplace link may have expired. Copy a fresh calendar link from the marketplace.',
  blocked_address: 'The address points inside a private network, which SCC does not fetch. Use the marketplace’s public calendar link.',
  timeout: 'The marketplace took too long to answer. SCC tries again on the next sync.',
  http_status: 'The marketplace refused the calendar link (an error page). The link may have been reset: copy it again from the marketplace.',
  empty: 'The calendar came back empty. If you have trips on the marketplace, the link may be wrong.',
  too_large: 'The calendar is too large to read. Ask the marketplace for a feed of upcoming trips only.',
  too_many_redirects: 'The address kept redirecting elsewhere. Copy the calendar link again from the marketplace.',
  network: 'The marketplace could not be reached. SCC tries again on the next sync.',
  bad_url: 'The feed address is not a valid web address. Replace it with the marketplace’s calendar link.',
};

export function failureText(failure: string, message: string): string {
  return FAILURE_TEXT[failure] ?? message;
}

type Counts = NonNullable<ChannelView['sync']['counts']>;

/** "3 new, 1 changed, 1 missing": what the sync did; "no changes" when it did nothing. */
export function countsText(counts: Counts): string {
  const parts = [
    counts.created ? `${counts.created} new` : '',
    counts.changed ? `${counts.changed} changed` : '',
    counts.missing ? `${counts.missing} missing` : '',
    counts.blocks ? `${counts.blocks} ${counts.blocks === 1 ? 'block' : 'blocks'} kept` : '',
    counts.skipped ? `${counts.skipped} skipped` : '',
  ].filter(Boolean);
  const unchanged = counts.unchanged ? `${counts.unchanged} unchanged` : '';
  if (parts.length === 0) return unchanged ? `No changes (${unchanged})` : 'No changes';
  return [...parts, unchanged].filter(Boolean).join(', ');
}

/** "Dec 1, 11:05 AM" in the operator's own clock. */
export function whenText(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString('en-US', { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
}

/** What one press of "Sync now" did, as one sentence. */
export function outcomeText(outcome: SyncOutcome): string {
  if (outcome.status === 'failed') return `Sync failed: ${failureText(outcome.failure, outcome.message)}`;
  if (outcome.notModified) return 'Synced: the feed has not changed since the last sync.';
  return `Synced: ${countsText(outcome.counts)}.`;
}

/** The channel's health: when it last worked, and what is wrong now if anything. */
export function healthBlock(channel: ChannelView): HTMLElement {
  const { sync } = channel;
  const error = sync.lastError;
  const lines: HTMLElement[] = [];
  if (!channel.enabled) lines.push(h('span', { class: 'health bad block' }, '⏸ Paused: not synced until you turn it back on.'));
  if (error) {
    lines.push(
      h('span', { class: 'health bad block' }, `⚠ Last sync failed (${whenText(error.at)})`),
      h('span', { class: 'block channel-error' }, failureText(error.failure, error.message)),
    );
  } else if (sync.lastSuccessAt) {
    lines.push(h('span', { class: 'health ok block' }, `✓ Synced ${whenText(sync.lastSuccessAt)}`));
  } else if (channel.enabled) {
    lines.push(h('span', { class: 'hint block' }, 'Not synced yet. Press “Sync now”, or wait for the next automatic sync (every 15 minutes).'));
  }
  if (error && sync.lastSuccessAt) lines.push(h('span', { class: 'hint block' }, `Last good sync: ${whenText(sync.lastSuccessAt)}. Bookings stay as they were until it works again.`));
  if (error && !sync.lastSuccessAt) lines.push(h('span', { class: 'hint block' }, 'It has not worked yet; no booking came from it.'));
  return h('div', { class: 'channel-health' }, ...lines);
}

/** The last sync's figures and the events it could not use. */
export function lastSyncBlock(channel: ChannelView): HTMLElement | null {
  const { counts, problems } = channel.sync;
  if (!counts) return null;
  const list = problems ?? [];
  return h(
    'div',
    { class: 'channel-counts' },
    h('span', { class: 'block' }, `${countsText(counts)}.`),
    list.length > 0
      ? h(
          'ul',
          { class: 'links channel-problems', 'aria-label': 'Events the last sync could not use' },
          ...list.slice(0, 10).map((p) => h('li', {}, p.reason, p.uid ? h('span', { class: 'hint block' }, `Event ${p.uid}`) : null)),
          list.length > 10 ? h('li', { class: 'hint' }, `and ${list.length - 10} more`) : null,
        )
      : null,
  );
}
