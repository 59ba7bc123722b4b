import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReminderPayload } from '@scc/core';
import { afterEach, describe, expect, it } from 'vitest';
import { startLocalScheduler } from './local-scheduler';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

const payload = (version: number): ReminderPayload => ({ bookingId: 'bk_1', kind: 'crewReminder', version });

describe('the local scheduler', () => {
  it('fires due schedules through the handler as the clock moves, once each', async () => {
    let now = new Date('2026-07-03T00:00:00Z');
    const fired: ReminderPayload[] = [];
    const scheduler = await startLocalScheduler({ fire: async (p) => void fired.push(p), clock: () => now, tickMs: 0 });
    await scheduler.upsert({ name: 'a', at: new Date('2026-07-04T01:00:00Z'), payload: payload(1) });
    await scheduler.upsert({ name: 'b', at: new Date('2026-07-04T02:00:00Z'), payload: payload(2) });

    await scheduler.runDue();
    const beforeAny = [...fired];
    now = new Date('2026-07-04T01:30:00Z');
    await scheduler.runDue();
    await scheduler.runDue();
    now = new Date('2026-07-04T03:00:00Z');
    await scheduler.runDue();
    await scheduler.close();

    expect(beforeAny).toEqual([]);
    expect(fired).toEqual([payload(1), payload(2)]);
    expect(scheduler.pending()).toEqual([]);
  });

  it('keeps its schedules in the data folder across a restart, without what fired or was removed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scc-schedules-'));
    dirs.push(dir);
    const file = join(dir, 'schedules.json');
    let now = new Date('2026-07-03T00:00:00Z');
    const first = await startLocalScheduler({ fire: async () => undefined, clock: () => now, tickMs: 0, file });
    await first.upsert({ name: 'due', at: new Date('2026-07-03T12:00:00Z'), payload: payload(1) });
    await first.upsert({ name: 'gone', at: new Date('2026-07-05T00:00:00Z'), payload: payload(1) });
    await first.upsert({ name: 'kept', at: new Date('2026-07-06T00:00:00Z'), payload: payload(3) });
    await first.remove('gone');
    now = new Date('2026-07-04T00:00:00Z');
    await first.runDue();
    await first.close();

    const second = await startLocalScheduler({ fire: async () => undefined, clock: () => now, tickMs: 0, file });

    expect(second.pending()).toEqual([{ name: 'kept', at: new Date('2026-07-06T00:00:00Z'), payload: payload(3) }]);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual([{ name: 'kept', at: '2026-07-06T00:00:00.000Z', payload: payload(3) }]);
    await second.close();
  });
});
