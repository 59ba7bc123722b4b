import { type CalendarPort, DependencyRejectedError } from '@scc/core';
import { describe, expect, it, vi } from 'vitest';
import { lazyCalendar } from './lazy-calendar';
import { parseServiceAccountKey } from './service-account';
import { draft } from './test-helpers';

const working: CalendarPort = {
  insertEvent: async () => ({ outcome: 'created' }),
  updateEvent: async () => ({ outcome: 'updated' }),
  cancelEvent: async () => ({ outcome: 'cancelled' }),
};

describe('lazyCalendar', () => {
  it('builds nothing until the first call, then builds once', async () => {
    const build = vi.fn(() => working);
    const calendar = lazyCalendar(build);
    expect(build).not.toHaveBeenCalled();
    await expect(calendar.insertEvent(draft())).resolves.toEqual({ outcome: 'created' });
    await expect(calendar.cancelEvent('abc')).resolves.toEqual({ outcome: 'cancelled' });
    expect(build).toHaveBeenCalledTimes(1);
  });

  it('turns a malformed key into a rejection on every call, naming the problem', async () => {
    const build = vi.fn(() => {
      parseServiceAccountKey('{not json');
      return working;
    });
    const calendar = lazyCalendar(build);
    for (const call of [() => calendar.insertEvent(draft()), () => calendar.updateEvent(draft())]) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DependencyRejectedError);
      expect((error as Error).message).toBe(
        'Google Calendar is misconfigured: The Google service-account key is not valid JSON',
      );
      expect((error as Error).cause).toBeInstanceOf(Error);
    }
    expect(build).toHaveBeenCalledTimes(1);
  });

  it('lets an error that is not configuration through as it is', async () => {
    const calendar = lazyCalendar(() => {
      throw new TypeError('bug');
    });
    await expect(calendar.insertEvent(draft())).rejects.toThrow(TypeError);
  });
});
