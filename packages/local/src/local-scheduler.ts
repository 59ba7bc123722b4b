import { readFile, rename, writeFile } from 'node:fs/promises';
import { ClockedScheduler, type Clock, type FireReport, type PlannedReminder, type ReminderPayload, type ReminderScheduler } from '@scc/core';

export interface LocalSchedulerOptions {
  /** The same handler the reminder Lambda runs. */
  fire: (payload: ReminderPayload) => Promise<unknown>;
  clock: Clock;
  /** How often due schedules are looked for; 0 leaves firing to `runDue` (tests). */
  tickMs: number;
  /** Where schedules are kept across restarts, like Scheduler keeps them; none in tests. */
  file?: string;
  report?: (outcome: FireReport) => void;
}

export interface LocalScheduler extends ReminderScheduler {
  pending(): PlannedReminder[];
  runDue(): Promise<FireReport[]>;
  close(): Promise<void>;
}

/**
 * EventBridge Scheduler's stand-in for `npm start`: one-time schedules in this process, fired
 * through the same ReminderService as in AWS when the clock passes them (a timer ticks), kept
 * in the data folder so a restart neither loses nor repeats one.
 */
export async function startLocalScheduler(options: LocalSchedulerOptions): Promise<LocalScheduler> {
  const clocked = new ClockedScheduler(options.fire, options.clock, (outcome) => {
    options.report?.(outcome);
    void save();
  });
  const { file } = options;
  if (file) clocked.load(await loadFrom(file));
  let saving: Promise<void> = Promise.resolve();
  function save(): Promise<void> {
    if (!file) return saving;
    // One write after another, each of the whole list: the last one always wins.
    saving = saving.then(() => writeAtomically(file, JSON.stringify(clocked.pending(), null, 2))).catch(() => undefined);
    return saving;
  }
  let running: Promise<unknown> | undefined;
  const timer =
    options.tickMs > 0
      ? setInterval(() => {
          running ??= clocked.runDue().finally(() => {
            running = undefined;
          });
        }, options.tickMs)
      : undefined;
  timer?.unref();
  return {
    async upsert(reminder) {
      await clocked.upsert(reminder);
      await save();
    },
    async remove(name) {
      await clocked.remove(name);
      await save();
    },
    pending: () => clocked.pending(),
    runDue: () => clocked.runDue(),
    async close() {
      if (timer) clearInterval(timer);
      await running;
      await saving;
    },
  };
}

async function loadFrom(file: string): Promise<PlannedReminder[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const stored = JSON.parse(text) as { name: string; at: string; payload: ReminderPayload }[];
  return stored.map((r) => ({ name: r.name, at: new Date(r.at), payload: r.payload }));
}

async function writeAtomically(file: string, text: string): Promise<void> {
  const temporary = `${file}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, file);
}
