import { beforeEach, describe, expect, it } from 'vitest';
import { sunsetBooking } from '../testing/sunset-booking';
import { DependencyRejectedError } from '../../errors';
import type { CrewMember } from '../../schemas/crew';
import { DEFAULT_SETTINGS, type OperatorSettings } from '../../settings/operator-settings';
import type { GuestPageView } from '../guest-page-view';
import type { CdnInvalidator, GuestPageStore } from '../ports';
import type { BookingRecord, StepMemory } from '../schema';
import { MemoryPages } from '../testing/memory-ports';
import { guestPagePaths, guestPageStep } from './guest-page-step';

const NOW = new Date('2027-06-01T12:00:00.000Z');
const RAN = new Date('2027-06-01T12:00:05.000Z');
const POLICY = { timeoutMs: 1_000, attempts: 1, backoffMs: 0 };
const HTML = '<h1>Sunset sail</h1>';
/** The fingerprint of HTML. */
const FINGERPRINT = 'ddf61a6a82dee209ba62ba8de462748c0d5e08d90b476333265eebc1a8aa99c0';

const recordOf = (overrides: Partial<BookingRecord> = {}): BookingRecord => sunsetBooking({ crewTasks: ['Fuel up'] }, overrides);

const ANA: CrewMember = { crewId: 'ana', name: 'Ana Lopez', email: 'ana@example.com', active: true, version: 1, createdAt: NOW.toISOString(), updatedAt: NOW.toISOString() };
const SETTINGS: OperatorSettings = { ...DEFAULT_SETTINGS, operator: { timezone: 'UTC', name: 'Blue Bay Charters', phone: '+34 600 000 000' }, guestPage: { uploadGraceMinutes: 30, checklist: 'progress' } };

let pages: MemoryPages;
let views: GuestPageView[];
let html: string;

beforeEach(() => {
  pages = new MemoryPages();
  views = [];
  html = HTML;
});

function stepWith(store: GuestPageStore & CdnInvalidator = pages) {
  return guestPageStep({
    pages: store,
    cdn: store,
    render: (view) => {
      views.push(view);
      return html;
    },
    settings: async () => SETTINGS,
    policy: POLICY,
    sleep: async () => {},
    clock: () => RAN,
  });
}
const converge = (record: BookingRecord, memory?: StepMemory, store?: GuestPageStore & CdnInvalidator) =>
  stepWith(store).converge({ record, roster: new Map([['ana', ANA]]), memory, now: NOW });

describe('guestPagePaths', () => {
  it('are the exact addresses the page is served at', () => {
    // Act / Assess
    expect(guestPagePaths('sunset-sail')).toEqual(['/g/sunset-sail', '/g/sunset-sail/', '/g/sunset-sail.html']);
  });
});

describe('the guest page step', () => {
  it('is the guestPage step', () => {
    // Act / Assess
    expect(stepWith().name).toBe('guestPage');
  });

  it("renders the page from the booking, the roster and the operator's settings, stores it and drops its cached copies", async () => {
    // Act
    const outcome = await converge(recordOf());
    // Assess
    expect(views).toEqual([
      {
        title: 'Sunset sail',
        start: '2027-06-10T18:00:00+02:00',
        end: '2027-06-10T21:00:00+02:00',
        timezone: 'Europe/Madrid',
        boat: 'Aurora',
        meetingPoint: 'Pier 4',
        slug: 'sunset-sail',
        crew: [{ firstName: 'Ana', role: 'captain' }],
        checklist: [{ label: 'Fuel up', done: false }],
        uploadsUntil: '2027-06-10T19:30:00.000Z',
        operator: { name: 'Blue Bay Charters', phone: '+34 600 000 000' },
        checklistShows: 'progress',
      },
    ]);
    expect(pages.pages.get('sunset-sail')).toBe(HTML);
    expect(pages.invalidations).toEqual([{ paths: ['/g/sunset-sail', '/g/sunset-sail/', '/g/sunset-sail.html'], callerReference: `bk_sunset-page-${FINGERPRINT.slice(0, 24)}` }]);
    expect(outcome).toEqual({ state: { status: 'succeeded', at: RAN.toISOString() }, memory: { fingerprint: FINGERPRINT } });
  });

  it('writes nothing when the stored page is this one', async () => {
    // Act
    const outcome = await converge(recordOf(), { version: 1, fingerprint: FINGERPRINT });
    // Assess
    expect(outcome).toEqual({ state: { status: 'succeeded', at: RAN.toISOString(), note: 'already up to date' }, memory: { fingerprint: FINGERPRINT } });
    expect(pages.pages.size).toBe(0);
    expect(pages.invalidations).toEqual([]);
  });

  it('stores a changed page under a new invalidation reference', async () => {
    // Prepare
    await converge(recordOf());
    html = '<h1>Sunset sail, moved</h1>';
    // Act
    const outcome = await converge(recordOf(), { version: 1, fingerprint: FINGERPRINT });
    // Assess
    expect(pages.pages.get('sunset-sail')).toBe('<h1>Sunset sail, moved</h1>');
    expect(pages.invalidations).toHaveLength(2);
    expect(pages.invalidations[1]!.callerReference).not.toBe(pages.invalidations[0]!.callerReference);
    expect(outcome.memory?.fingerprint).not.toBe(FINGERPRINT);
  });

  it('renders a cancelled trip as cancelled', async () => {
    // Act
    await converge(recordOf({ status: 'cancelled' }));
    // Assess
    expect(views[0]).toMatchObject({ cancelled: true });
  });

  it('does not invalidate a page it could not store, and remembers nothing', async () => {
    // Prepare
    const invalidations: string[] = [];
    const store: GuestPageStore & CdnInvalidator = {
      put: async () => {
        throw new DependencyRejectedError('Access denied to the bucket');
      },
      invalidate: async (_paths, reference) => {
        invalidations.push(reference);
        return { invalidationId: 'I1' };
      },
    };
    // Act
    const outcome = await converge(recordOf(), undefined, store);
    // Assess
    expect(invalidations).toEqual([]);
    expect(outcome).toEqual({ state: { status: 'failed', at: RAN.toISOString(), reason: 'Access denied to the bucket', retryable: false, attempts: 1 } });
  });

  it('passes the abort signal to the store and the CDN', async () => {
    // Prepare
    const signals: unknown[] = [];
    const store: GuestPageStore & CdnInvalidator = {
      put: async (_slug, _html, signal) => void signals.push(signal),
      invalidate: async (_paths, _reference, signal) => (signals.push(signal), { invalidationId: 'I1' }),
    };
    // Act
    await converge(recordOf(), undefined, store);
    // Assess
    expect(signals).toHaveLength(2);
    expect(signals.every((signal) => signal instanceof AbortSignal)).toBe(true);
  });
});
