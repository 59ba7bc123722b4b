import { type Issue, type Target, target } from '../booking-form/issues';
import { field, h } from '../dom';
import { section } from '../ui';
import { browserTimeZone, timeZones } from '../zoned-time';
import type { OperatorSettings, SettingsPatch } from './settings-api';
import { numberOf, turnaroundFields } from './turnaround-fields';

type OperatorKey = 'name' | 'phone' | 'email';

/**
 * Every operator setting, grouped by who it reaches: guests (name, phone, their page),
 * crew and guests (reminder times), the operator (email, digest), the booking check
 * (turnaround). Ids are `set-…`; error paths are the API's (`operator.email`).
 */
export function settingsFields() {
  const text = (id: string, attrs: Record<string, string> = {}) => h('input', { id, autocomplete: 'off', ...attrs });
  const time = (id: string) => h('input', { id, type: 'time', step: '60', required: true });
  const whole = (id: string, min: string, max: string) => h('input', { id, type: 'number', inputmode: 'numeric', min, max, step: '1' });

  const name = field('Business name', text('set-name', { maxlength: '100', autocomplete: 'organization' }), {
    hint: 'Guests see it on their trip page and in their emails.',
  });
  const phone = field('Phone for guests', text('set-phone', { type: 'tel', maxlength: '30', autocomplete: 'tel' }), {
    hint: 'Shown on the guest page, so a guest at the dock can call you.',
  });
  const email = field('Your email', text('set-email', { type: 'email', maxlength: '254', autocomplete: 'email', spellcheck: 'false' }), {
    hint: 'Where a crew member’s “can’t make it” and your morning digest go. Without it, neither is emailed.',
  });
  const zone = h('select', { id: 'set-timezone' });
  const timezone = field('Your time zone', zone, { hint: 'Your digest goes out at your own clock’s time. Trips keep their own zones.' });

  const crewReminder = field('Crew reminder', time('set-crew-reminder'), {
    hint: 'Each crew member gets one reminder the evening before the trip at this time, in the trip’s time zone: time, place, their role and the checklist.',
  });
  const guestReminder = field('Guest reminder', time('set-guest-reminder'), {
    hint: 'Guests get one reminder the day before at this time, in the trip’s time zone: meeting point, time, what to bring.',
  });
  const digest = field('Morning digest', time('set-digest'), {
    hint: 'Your daily email of today’s and tomorrow’s trips, crew who declined or have not confirmed, and failed steps. Nothing to report: no email.',
  });

  const grace = field('Photo uploads after the trip (minutes)', whole('set-grace', '0', '20160'), {
    hint: 'Guests can keep sharing photos this long after the trip ends. 0: uploads close when the trip ends.',
  });
  const items = h('input', { type: 'radio', name: 'set-checklist', id: 'set-checklist-items', value: 'items' });
  const progress = h('input', { type: 'radio', name: 'set-checklist', id: 'set-checklist-progress', value: 'progress' });
  const checklistError = h('p', { class: 'field-error', id: 'set-checklist-error', hidden: true });
  const checklist = h(
    'fieldset',
    { class: 'field', 'aria-describedby': 'set-checklist-hint' },
    h('legend', {}, 'Crew checklist on the guest page'),
    h('p', { class: 'hint', id: 'set-checklist-hint' }, 'Guests see the crew getting the boat ready. It is read-only for them.'),
    h('div', { class: 'check' }, items, h('label', { for: items.id }, 'Show each item (“Stock cooler ✓”)')),
    h('div', { class: 'check' }, progress, h('label', { for: progress.id }, 'Only the progress (“3 of 5 done”)')),
    checklistError,
  );
  const maxPhotos = field('Photos and videos per trip', whole('set-max-photos', '1', '100000'), {
    hint: 'The most one trip’s guests can share in all, counted on finished uploads. Stops a runaway upload, not a busy party.',
  });
  const turnaround = turnaroundFields();

  const element = h(
    'div',
    {},
    section('Your business', h('p', { class: 'hint' }, 'For guests, and for where SCC reaches you.'), name.wrapper, phone.wrapper, email.wrapper, timezone.wrapper),
    section('Reminders and digest', h('p', { class: 'hint' }, 'Each goes out once; a change to the trip moves it, a cancel removes it.'), crewReminder.wrapper, guestReminder.wrapper, digest.wrapper),
    section('Guest page and photos', grace.wrapper, checklist, maxPhotos.wrapper),
    section('Turnaround between trips', h('p', { class: 'hint' }, 'A new trip closer than this to another trip of the same boat is refused as a double booking (unless you book it anyway).'), turnaround.element),
  );

  const targets: Record<string, Target> = {
    'operator.name': target('Business name', name),
    'operator.phone': target('Phone for guests', phone),
    'operator.email': target('Your email', email),
    'operator.timezone': target('Your time zone', timezone),
    'notifications.crewReminderAt': target('Crew reminder', crewReminder),
    'notifications.guestReminderAt': target('Guest reminder', guestReminder),
    'notifications.digestAt': target('Morning digest', digest),
    'guestPage.uploadGraceMinutes': target('Photo uploads after the trip', grace),
    'guestPage.checklist': { label: 'Crew checklist on the guest page', controls: [items, progress], error: checklistError },
    'photos.maxPerTrip': target('Photos and videos per trip', maxPhotos),
  };
  const operatorInputs: Record<OperatorKey, HTMLInputElement> = { name: name.control, phone: phone.control, email: email.control };

  return {
    element,
    targetFor: (path: string) => targets[path] ?? turnaround.targetFor(path),
    set(settings: OperatorSettings) {
      for (const key of ['name', 'phone', 'email'] as const) operatorInputs[key].value = settings.operator[key] ?? '';
      const chosen = settings.operator.timezone || browserTimeZone();
      const zones = timeZones();
      if (!zones.includes(chosen)) zones.unshift(chosen);
      zone.replaceChildren(...zones.map((tz) => h('option', { value: tz, selected: tz === chosen }, tz.replace(/_/g, ' '))));
      crewReminder.control.value = settings.notifications.crewReminderAt;
      guestReminder.control.value = settings.notifications.guestReminderAt;
      digest.control.value = settings.notifications.digestAt;
      grace.control.value = String(settings.guestPage.uploadGraceMinutes);
      items.checked = settings.guestPage.checklist === 'items';
      progress.checked = settings.guestPage.checklist === 'progress';
      maxPhotos.control.value = String(settings.photos.maxPerTrip);
      turnaround.set(settings.turnaroundMinutes);
    },
    /**
     * Every section as the form shows it. An emptied contact field is left out, and named in
     * `cleared`: a PATCH keeps what it omits, so taking a value away needs the whole settings.
     */
    read(): { value: SettingsPatch; cleared: OperatorKey[]; issues: Issue[] } {
      const operator: { name?: string; phone?: string; email?: string; timezone: string } = { timezone: zone.value };
      const cleared: OperatorKey[] = [];
      for (const key of ['name', 'phone', 'email'] as const) {
        const value = operatorInputs[key].value.trim();
        if (value) operator[key] = value;
        else cleared.push(key);
      }
      const turn = turnaround.read();
      return {
        value: {
          operator,
          notifications: { crewReminderAt: crewReminder.control.value, guestReminderAt: guestReminder.control.value, digestAt: digest.control.value },
          guestPage: { uploadGraceMinutes: numberOf(grace.control), checklist: progress.checked ? 'progress' : 'items' },
          photos: { maxPerTrip: numberOf(maxPhotos.control) },
          turnaroundMinutes: turn.value,
        },
        cleared,
        issues: turn.issues,
      };
    },
  };
}
