import { h } from '../dom';
import { tripDate } from '../ui';

export interface CrewStatusItem {
  crewId: string;
  status: 'pending' | 'confirmed' | 'declined';
  at?: string;
  note?: string;
}

const WORDS = { pending: 'Pending', confirmed: '✓ Confirmed', declined: "✗ Can't make it" } as const;
const BADGE = { pending: 'badge pending', confirmed: 'badge active', declined: 'badge cancelled' } as const;

/** One person's answer on the booking: the mark, when (on the trip's clock) and their note. */
export function crewAnswer(item: CrewStatusItem | undefined, timeZone: string): HTMLElement {
  const status = item?.status ?? 'pending';
  return h(
    'p',
    { class: 'crew-answer', 'data-answer': status },
    h('span', { class: BADGE[status] }, WORDS[status]),
    item?.at ? h('span', { class: 'hint' }, ` ${tripDate(item.at, timeZone)}`) : null,
    item?.note ? h('span', { class: 'hint crew-answer-note' }, ` — “${item.note}”`) : null,
  );
}

/** "1 declined · 2 pending" for a row of the booking list; nothing when everyone confirmed. */
export function crewMark(items: readonly CrewStatusItem[]): string {
  const declined = items.filter((i) => i.status === 'declined').length;
  const pending = items.filter((i) => i.status === 'pending').length;
  const confirmed = items.length - declined - pending;
  const parts = [declined ? `${declined} declined` : '', pending ? `${pending} pending` : '', confirmed ? `${confirmed} confirmed` : ''].filter(Boolean);
  return parts.length ? `Crew: ${parts.join(' · ')}` : '';
}
