import type { OperatorSettings } from '../../settings/operator-settings';
import { payloadHash } from '../canonical';
import { crewEventOf } from '../drafts';
import type { CdnInvalidator, GuestPageStore } from '../ports';
import { runStep, type Sleep, type StepPolicy } from '../step-runner';
import { type GuestPageView, toGuestPageView } from '../guest-page-view';
import { type BookingStep, outcomeOf } from './step';

/** The exact addresses a guest page is served at; no wildcard, so nothing else is dropped. */
export function guestPagePaths(slug: string): string[] {
  return [`/g/${slug}`, `/g/${slug}/`, `/g/${slug}.html`];
}

/**
 * The static guest page: rendered from the booking as it is now (a cancelled trip's page says
 * so), stored, and its cached copies dropped. The invalidation reference is derived from the
 * page's content, so a retry of the same page is one invalidation and a new page is another.
 */
export function guestPageStep(deps: {
  pages: GuestPageStore;
  cdn: CdnInvalidator;
  render: (view: GuestPageView) => string;
  /** The operator's settings: contact shown to guests, upload grace, checklist display. */
  settings: () => Promise<OperatorSettings>;
  policy: StepPolicy;
  sleep: Sleep;
  clock: () => Date;
}): BookingStep {
  return {
    name: 'guestPage',
    async converge({ record, roster, memory }) {
      // The operator's name and phone, the grace and the checklist display are on the page; a
      // change to them shows with the booking's next render (the window's end is also read live).
      const view = toGuestPageView(crewEventOf(record), record.slug, [...roster.values()], await deps.settings());
      const html = deps.render(view);
      const fingerprint = payloadHash(html);
      if (memory?.fingerprint === fingerprint) {
        return { state: { status: 'succeeded', at: deps.clock().toISOString(), note: 'already up to date' }, memory: { fingerprint } };
      }
      const result = await runStep(
        deps.policy,
        async (signal) => {
          await deps.pages.put(record.slug, html, signal);
          await deps.cdn.invalidate(guestPagePaths(record.slug), `${record.bookingId}-page-${fingerprint.slice(0, 24)}`, signal);
        },
        deps.sleep,
      );
      return outcomeOf(result, deps.clock(), { fingerprint });
    },
  };
}
