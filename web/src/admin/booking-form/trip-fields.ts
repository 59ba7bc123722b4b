import { describe, field, h } from '../dom';
import { section, tripWhen } from '../ui';
import { browserTimeZone, parseWallTime, timeZones, toInputs, type ZonedInstant, zonedToInstant } from '../zoned-time';
import { type Issue, type Target, target } from './issues';
import type { EditedBooking } from './patch';

const SOURCES = ['boatsetter', 'getmyboat', 'direct', 'website'];

/** The trip's own fields as the form holds them, ready for the API (times as instants). */
export interface TripValues {
  title: string;
  start: string;
  end: string;
  timezone: string;
  boat: string;
  meetingPoint: string;
  whatToBring?: string;
  guest: { name: string; count: number; email?: string; phone?: string };
  /** Only sent when off: leaving it out means the guest is emailed. */
  notifyGuest?: false;
  notes: string;
}

/** What a stored booking gives the fields back (Edit booking). */
export type TripPrefill = Omit<EditedBooking, 'crew' | 'finance'>;

const input = (id: string, attrs: Record<string, string | boolean> = {}) => h('input', { id, autocomplete: 'off', ...attrs });
const textarea = (id: string, attrs: Record<string, string> = {}) => h('textarea', { id, rows: '3', ...attrs });

/**
 * Every field of a booking but its crew, checklist and money: the marketplace reference (only
 * when creating: it is the booking's identity), title, when on the trip's own clock, the trip,
 * the guests and the crew's notes.
 */
export function tripFields(options: { reference: boolean }) {
  const source = field('Source', input('f-source', { list: 'sources', value: 'boatsetter', required: true, autocapitalize: 'off', spellcheck: 'false' }), {
    hint: 'Where the booking came from, in lowercase: boatsetter, direct…',
  });
  const externalId = field('Booking reference', input('f-externalId', { required: true, autocapitalize: 'off', spellcheck: 'false' }), {
    hint: "The marketplace's booking number, or your own. The same source and reference never book twice.",
  });
  const tripTitle = field('Title', input('f-title', { required: true, maxlength: '200' }), { hint: 'Crew and guests see it, e.g. Sunset sail — Smith party' });

  // When, on the trip's own clock.
  const zone = h('select', { id: 'f-timezone' });
  const ownZone = browserTimeZone();
  for (const name of timeZones()) zone.append(h('option', { value: name, selected: name === ownZone }, name.replace(/_/g, ' ')));
  const timezone = field('Time zone', zone, { hint: 'The trip’s clock; start and end are read in this zone.' });
  const start = dateTimeGroup('start', 'Start');
  const end = dateTimeGroup('end', 'End');
  const preview = h('p', { class: 'hint', id: 'when-preview', 'aria-live': 'polite' });

  const boat = field('Boat', input('f-boat', { required: true, maxlength: '100' }));
  const meetingPoint = field('Meeting point', input('f-meetingPoint', { required: true, maxlength: '300' }), { hint: 'Crew get a map link to it.' });
  const whatToBring = field('What to bring (optional)', textarea('f-whatToBring', { maxlength: '1000' }), { hint: 'Shown on the guest page.' });

  // The guest party: contact details stay in the office.
  const guestName = field('Guest name', input('f-guest-name', { required: true, maxlength: '200' }), { hint: 'Crew see it to greet the party.' });
  const guestEmail = field('Guest email (optional)', input('f-guest-email', { type: 'email' }), { hint: 'Office only.' });
  const guestPhone = field('Guest phone (optional)', input('f-guest-phone', { type: 'tel' }), { hint: 'Office only.' });
  const notifyGuest = h('input', { id: 'f-notify-guest', type: 'checkbox', checked: true, 'aria-describedby': 'f-notify-guest-hint' });
  const notifyField = h(
    'div',
    { class: 'field' },
    h('div', { class: 'check' }, notifyGuest, h('label', { for: notifyGuest.id }, 'Email the guest their trip page')),
    h(
      'p',
      { class: 'hint', id: 'f-notify-guest-hint' },
      'With a guest email: the trip, the meeting point, what to bring and the page for their photos, and a word if it moves or is cancelled. Never prices. Turn off if the marketplace already writes to them.',
    ),
  );
  const guestCount = field('Guests on board', input('f-guest-count', { type: 'number', inputmode: 'numeric', min: '1', max: '1000', step: '1', required: true }));
  const notes = field('Notes for the crew (optional)', textarea('f-notes', { maxlength: '5000' }), {
    hint: 'On the crew page and the office calendar; guests do not see them.',
  });

  const bookingSection = options.reference
    ? section('Booking', h('datalist', { id: 'sources' }, ...SOURCES.map((value) => h('option', { value }))), source.wrapper, externalId.wrapper, tripTitle.wrapper)
    : section('Booking', tripTitle.wrapper);
  const head = [
    bookingSection,
    section('When', h('div', { class: 'two' }, start.wrapper, end.wrapper), timezone.wrapper, preview),
    section('Trip', boat.wrapper, meetingPoint.wrapper, whatToBring.wrapper),
    section('Guests', guestName.wrapper, h('div', { class: 'two' }, guestEmail.wrapper, guestPhone.wrapper), guestCount.wrapper, notifyField),
  ];

  function dateTimeGroup(name: 'start' | 'end', legend: string) {
    const date = input(`${name}-date`, { type: 'date', required: true });
    const time = input(`${name}-time`, { type: 'time', required: true, step: '60' });
    const error = h('p', { class: 'field-error', id: `${name}-error`, hidden: true });
    const wrapper = h(
      'fieldset',
      { class: 'field datetime', id: `${name}-group` },
      h('legend', {}, legend),
      h('div', { class: 'inline' }, h('label', { for: date.id }, h('span', { class: 'visually-hidden' }, `${legend} `), 'date'), date),
      h('div', { class: 'inline' }, h('label', { for: time.id }, h('span', { class: 'visually-hidden' }, `${legend} `), 'time'), time),
      error,
    );
    return { wrapper, date, time, error };
  }

  // Live: the trip's times as they will be read (with any daylight-saving adjustment), and
  // the end date following the start.
  const whenOf = (group: typeof start): ZonedInstant | undefined => {
    const wall = parseWallTime(group.date.value, group.time.value);
    return wall ? zonedToInstant(wall, zone.value) : undefined;
  };
  /** A stored booking's times, to say what a reschedule moves the trip from. */
  let stored: { start: string; end: string; timezone: string } | undefined;
  const updatePreview = () => {
    const s = whenOf(start);
    const e = whenOf(end);
    const lines: string[] = [];
    if (s && e && e.epochMs > s.epochMs) {
      const minutes = Math.round((e.epochMs - s.epochMs) / 60_000);
      lines.push(`${tripWhen(s.iso, e.iso, zone.value)} · ${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ''}.`);
    }
    if (stored && (s?.epochMs !== Date.parse(stored.start) || e?.epochMs !== Date.parse(stored.end))) {
      lines.push(`Was ${tripWhen(stored.start, stored.end, stored.timezone)}.`);
    }
    for (const [label, when] of [['start', s], ['end', e]] as const) {
      if (when?.adjusted === 'gap') lines.push(`The ${label} time does not exist in ${zone.value} that day (clocks jump forward); it is read as ${when.iso.slice(11, 16)}.`);
      if (when?.adjusted === 'ambiguous') lines.push(`The ${label} time happens twice that day (clocks fall back); the first one is used.`);
    }
    preview.textContent = lines.join(' ');
  };
  start.date.addEventListener('change', () => {
    if (!end.date.value) end.date.value = start.date.value;
    updatePreview();
  });
  for (const control of [start.time, end.date, end.time, zone]) control.addEventListener('change', updatePreview);
  for (const control of [start.date, start.time, end.date, end.time]) control.addEventListener('input', updatePreview);
  for (const t of [start, end]) for (const control of [t.date, t.time]) describe(control, 'when-preview');

  const targets: Record<string, Target> = {
    ...(options.reference ? { source: target('Source', source), externalId: target('Booking reference', externalId) } : {}),
    title: target('Title', tripTitle),
    start: { label: 'Start', controls: [start.date, start.time], error: start.error },
    end: { label: 'End', controls: [end.date, end.time], error: end.error },
    timezone: target('Time zone', timezone),
    boat: target('Boat', boat),
    meetingPoint: target('Meeting point', meetingPoint),
    whatToBring: target('What to bring', whatToBring),
    'guest.name': target('Guest name', guestName),
    'guest.email': target('Guest email', guestEmail),
    'guest.phone': target('Guest phone', guestPhone),
    'guest.count': target('Guests on board', guestCount),
    notes: target('Notes', notes),
  };

  const optional = (value: string) => (value.trim() === '' ? undefined : value.trim());

  return {
    head,
    notesSection: section('Notes', notes.wrapper),
    targets,
    reference: () => ({ source: source.control.value.trim(), externalId: externalId.control.value.trim() }),

    /** The values as the API takes them, and what the browser already knows is wrong. */
    read(): { values: TripValues; issues: Issue[] } {
      const issues: Issue[] = [];
      const s = whenOf(start);
      const e = whenOf(end);
      for (const [path, group, when] of [['start', start, s], ['end', end, e]] as const) {
        if (!when) {
          const missing = !group.date.value || !group.time.value;
          issues.push({ path, message: missing ? 'Enter a date and a time' : 'Use a valid date and time' });
        }
      }
      if (s && e && e.epochMs <= s.epochMs) issues.push({ path: 'end', message: 'The end must be after the start' });
      const count = guestCount.control.value.trim();
      const email = optional(guestEmail.control.value);
      const phone = optional(guestPhone.control.value);
      const bring = optional(whatToBring.control.value);
      const values: TripValues = {
        title: tripTitle.control.value,
        start: s?.iso ?? '',
        end: e?.iso ?? '',
        timezone: zone.value,
        boat: boat.control.value,
        meetingPoint: meetingPoint.control.value,
        guest: {
          name: guestName.control.value,
          count: count === '' ? Number.NaN : Number(count),
          ...(email ? { email } : {}),
          ...(phone ? { phone } : {}),
        },
        notes: notes.control.value,
        ...(bring ? { whatToBring: bring } : {}),
        ...(notifyGuest.checked ? {} : { notifyGuest: false as const }),
      };
      return { values, issues };
    },

    /** Shows a stored booking, its times on its own clock in its own zone. */
    set(trip: TripPrefill): void {
      if (![...zone.options].some((o) => o.value === trip.timezone)) zone.append(h('option', { value: trip.timezone }, trip.timezone.replace(/_/g, ' ')));
      zone.value = trip.timezone;
      for (const [group, iso] of [[start, trip.start], [end, trip.end]] as const) {
        const inputs = toInputs(Date.parse(iso), trip.timezone);
        group.date.value = inputs.date;
        group.time.value = inputs.time;
      }
      tripTitle.control.value = trip.title;
      boat.control.value = trip.boat;
      meetingPoint.control.value = trip.meetingPoint;
      whatToBring.control.value = trip.whatToBring ?? '';
      guestName.control.value = trip.guest.name;
      guestEmail.control.value = trip.guest.email ?? '';
      guestPhone.control.value = trip.guest.phone ?? '';
      guestCount.control.value = String(trip.guest.count);
      notes.control.value = trip.notes;
      notifyGuest.checked = trip.notifyGuest !== false;
      stored = { start: trip.start, end: trip.end, timezone: trip.timezone };
      updatePreview();
    },
  };
}

export type TripFields = ReturnType<typeof tripFields>;
