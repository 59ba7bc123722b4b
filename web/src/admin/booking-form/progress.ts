import { h } from '../dom';
import { type StepsPanel, stepsPanel } from '../steps';
import { section, tripWhen } from '../ui';

/**
 * The four steps of a save, shown above the form while they run: the operator (and the screen
 * reader) is taken there, since the form itself is locked meanwhile.
 */
export function progressSection(into: HTMLElement, trip: { title: string; start: string; end: string; timezone: string }, message: string) {
  const panel: StepsPanel = stepsPanel();
  panel.update(undefined);
  panel.say(message);
  const element = section('Progress', h('p', { class: 'lead' }, trip.title, h('br'), h('span', { class: 'hint' }, tripWhen(trip.start, trip.end, trip.timezone))), panel.element);
  into.replaceChildren(element);
  into.hidden = false;
  const title = element.querySelector('h2');
  title?.setAttribute('tabindex', '-1');
  title?.focus();
  return {
    element,
    panel,
    /** Names the outcome in the section's heading ("Booking created", "Changes saved"). */
    retitle(text: string): void {
      if (title) title.textContent = text;
    },
    focus(): void {
      title?.focus();
    },
  };
}
