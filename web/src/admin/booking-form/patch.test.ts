import { describe, expect, it } from 'vitest';
import { type EditedBooking, patchOf, type StoredBooking } from './patch';

const stored: StoredBooking = {
  booking: {
    title: 'Sunset sail',
    start: '2027-07-04T18:00:00-07:00',
    end: '2027-07-04T21:00:00-07:00',
    timezone: 'America/Los_Angeles',
    boat: 'JADA',
    meetingPoint: 'Dock C',
    whatToBring: 'Sunscreen',
    guest: { name: 'Jane Smith', count: 6, email: 'jane@example.com' },
    notes: '',
    crew: [{ crewId: 'crew_ana', role: 'captain' }],
    crewTasks: [
      { taskId: 'task_1', label: 'Stock cooler' },
      { taskId: 'task_2', label: 'Check fuel' },
    ],
  },
  finance: { revenue: 185000, captainFee: 35000, platformFee: 27750, currency: 'USD' },
};

const same = (): EditedBooking => ({
  ...stored.booking,
  guest: { ...stored.booking.guest },
  crew: stored.booking.crew.map((a) => ({ ...a })),
  finance: { revenue: 185000, captainFee: 35000, platformFee: 27750, currency: 'USD' },
});
const sameTasks = () => stored.booking.crewTasks.map(({ taskId, label }) => ({ taskId, label }));

describe('patchOf: only what the operator changed', () => {
  it('is empty when nothing changed, even with the same instants written in UTC', () => {
    expect(patchOf(stored, { ...same(), start: '2027-07-05T01:00:00Z' }, sameTasks())).toEqual({});
  });

  it('names a moved start and end, and nothing else', () => {
    const edited = { ...same(), start: '2027-07-05T18:00:00-07:00', end: '2027-07-05T21:00:00-07:00' };
    expect(patchOf(stored, edited, sameTasks())).toEqual({ start: edited.start, end: edited.end });
  });

  it('removes what to bring with null, and sends the guest and crew whole', () => {
    const { whatToBring: _, ...rest } = same();
    const edited = { ...rest, guest: { name: 'Jane Smith', count: 8, email: 'jane@example.com' }, crew: [{ crewId: 'crew_ben', role: 'captain' }] };
    expect(patchOf(stored, edited, sameTasks())).toEqual({ whatToBring: null, guest: edited.guest, crew: edited.crew });
  });

  it('keeps task ids for rows that stay and sends new rows as labels', () => {
    const tasks = [{ taskId: 'task_2', label: 'Check fuel and oil' }, 'Inspect sails'];
    expect(patchOf(stored, same(), tasks)).toEqual({ crewTasks: tasks });
  });

  it('names notifyGuest only when it is switched, an absent one counting as on', () => {
    expect(patchOf(stored, { ...same(), notifyGuest: false }, sameTasks())).toEqual({ notifyGuest: false });
    expect(patchOf({ ...stored, booking: { ...stored.booking, notifyGuest: false } }, same(), sameTasks())).toEqual({ notifyGuest: true });
    expect(patchOf(stored, { ...same(), notifyGuest: true }, sameTasks())).toEqual({});
  });

  it('sends the money when any figure or the currency changed', () => {
    expect(patchOf(stored, { ...same(), finance: { revenue: 190000, captainFee: 35000, platformFee: 27750, currency: 'USD' } }, sameTasks())).toEqual({
      finance: { revenue: 190000, captainFee: 35000, platformFee: 27750, currency: 'USD' },
    });
  });
});
