import type { InferResponseType } from 'hono/client';
import type { ApiClient } from '../api-client';
import { button, h } from './dom';
import { andList, CREW_FIELD_LABELS, fieldLabel } from './field-labels';
import { ApiError } from './session';
import { tripWhen } from './ui';

export type ChangePreview = InferResponseType<ApiClient['bookings'][':bookingId']['preview']['$post'], 200>;
type Notice = ChangePreview['notices'][number];

/** A double booking, as the preview lists it and as a 409 `boat_conflict`/`crew_conflict` names it. */
export type Conflict = ChangePreview['conflicts'][number];

/** The conflicts of a 409 `boat_conflict` / `crew_conflict`, or undefined for any other error. */
export function conflictsOf(error: unknown): Conflict[] | undefined {
  if (!(error instanceof ApiError) || (error.code !== 'boat_conflict' && error.code !== 'crew_conflict')) return undefined;
  const list = error.details.conflicts;
  return Array.isArray(list) ? (list as Conflict[]) : [];
}

/** "Ana Lopez: time and meeting point changed", "Ben Ortiz: removed from the trip". */
export function noticeText(notice: Pick<Notice, 'name' | 'kind' | 'changed'>): string {
  switch (notice.kind) {
    case 'invite':
      return `${notice.name}: invited to the trip (gets a crew link)`;
    case 'changed': {
      const what = andList(notice.changed.map((f) => CREW_FIELD_LABELS[f] ?? f));
      return `${notice.name}: ${what || 'trip'} changed`;
    }
    case 'removed':
      return `${notice.name}: removed from the trip (their link stops working)`;
    case 'cancelled':
      return `${notice.name}: told the trip is cancelled`;
    case 'reinstated':
      return `${notice.name}: told the trip is back on`;
  }
}

/**
 * The other trips a save would double-book, each opening in a new tab so no edit is lost; a
 * marketplace block is named, not linked (there is no booking behind it).
 */
export function conflictList(conflicts: Conflict[], timeZone: string, nameOf: (crewId: string) => string): HTMLElement {
  return h(
    'ul',
    { class: 'conflicts' },
    ...conflicts.map((c) => {
      // An owner's block on a marketplace: no booking to open, only the boat's unavailable time.
      if (c.kind === 'block') {
        return h('li', { 'data-kind': c.kind }, `Blocked on a marketplace: ${c.title}`, h('span', { class: 'hint block' }, tripWhen(c.start, c.end, timeZone)));
      }
      const who = c.kind === 'boat' ? `The boat ${c.boat ?? ''}`.trim() : nameOf(c.crewId ?? '');
      return h(
        'li',
        { 'data-kind': c.kind },
        `${who} is already on `,
        h('a', { href: `/admin/bookings/${c.bookingId}`, target: '_blank', rel: 'noreferrer' }, c.title),
        h('span', { class: 'hint block' }, tripWhen(c.start, c.end, timeZone)),
      );
    }),
  );
}

export interface ConfirmPanelOptions {
  /** The button that saves: "Save changes", "Reinstate the trip". */
  confirmLabel: string;
  /** The button that books over the conflicts: "Save anyway". */
  overrideLabel?: string;
  conflicts: Conflict[];
  timeZone: string;
  nameOf(crewId: string): string;
  onConfirm(allowConflicts: boolean): void;
  onBack(): void;
  backLabel?: string;
}

/**
 * The last look before a change is saved: what changes, who is emailed and why, which other
 * systems are written, and any double booking, which must be overridden on purpose.
 */
export function previewPanel(preview: ChangePreview | undefined, options: ConfirmPanelOptions): HTMLElement {
  // Without a preview (a reinstate refused for conflicts) the alert alone says it all.
  const panel = h('section', { class: 'preview', id: 'change-preview', ...(preview ? { 'aria-labelledby': 'preview-title' } : { 'aria-label': 'Double booking' }) });
  const title = preview ? h('h2', { id: 'preview-title', tabindex: '-1' }, 'Before you save') : null;
  if (title) panel.append(title);
  if (preview) {
    panel.append(
      h('p', {}, h('strong', {}, 'Changes: '), preview.changedFields.map(fieldLabel).join(', ') || 'none'),
      h('h3', {}, 'Who is emailed'),
      preview.notices.length === 0
        ? h('p', { class: 'hint', id: 'preview-nobody' }, 'Nobody: no crew member sees anything change.')
        : h('ul', { class: 'notices', 'aria-label': 'Crew emails' }, ...preview.notices.map((n) => h('li', { 'data-kind': n.kind, 'data-crew-id': n.crewId }, noticeText(n)))),
      h('h3', {}, 'Also updated'),
      h(
        'ul',
        { class: 'systems' },
        h('li', {}, preview.calendar ? 'Google Calendar event: updated' : 'Google Calendar event: unchanged'),
        h('li', {}, preview.guestPage ? 'Guest page: published again' : 'Guest page: unchanged'),
      ),
    );
  }
  if (options.conflicts.length > 0) {
    panel.append(
      h(
        'div',
        { class: 'alert', role: 'alert' },
        h('p', {}, h('strong', {}, 'Double booking.'), ' Going ahead anyway is recorded in the booking’s history.'),
        conflictList(options.conflicts, options.timeZone, options.nameOf),
      ),
    );
  }
  const confirm = options.conflicts.length > 0 ? (options.overrideLabel ?? 'Save anyway') : options.confirmLabel;
  const go = button(confirm, () => options.onConfirm(options.conflicts.length > 0), { class: 'primary', id: 'confirm-save' });
  panel.append(h('div', { class: 'actions' }, go, button(options.backLabel ?? 'Keep editing', () => options.onBack(), { class: 'secondary' })));
  queueMicrotask(() => (title ?? go).focus());
  return panel;
}
