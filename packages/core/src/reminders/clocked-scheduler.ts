import type { Clock } from '../ports';
import type { PlannedReminder, ReminderPayload, ReminderScheduler } from './ports';

/** A firing that failed is tried again this many times, as EventBridge's retry policy would. */
export const LOCAL_ATTEMPTS = 3;
/** And this long after the failure. */
export const LOCAL_RETRY_MS = 60_000;

interface Entry extends PlannedReminder {
  attempts: number;
}

export type FireReport = { name: string; payload: ReminderPayload } & ({ ok: true; result: unknown } | { ok: false; error: unknown; final: boolean });

/**
 * One-time schedules held in this process, fired by `runDue` against an injected clock: the
 * local stand-in for EventBridge Scheduler (a timer calls `runDue`) and what tests move time
 * with. Like Scheduler it deletes a schedule once it has fired, and retries a failed firing a
 * few times before giving up on it.
 */
export class ClockedScheduler implements ReminderScheduler {
  private readonly entries = new Map<string, Entry>();
  private running: Promise<FireReport[]> | undefined;

  constructor(
    private readonly fire: (payload: ReminderPayload) => Promise<unknown>,
    private readonly clock: Clock,
    private readonly report: (outcome: FireReport) => void = () => {},
  ) {}

  async upsert(reminder: PlannedReminder): Promise<void> {
    this.entries.set(reminder.name, { ...reminder, at: new Date(reminder.at), payload: { ...reminder.payload }, attempts: 0 });
  }

  async remove(name: string): Promise<void> {
    this.entries.delete(name);
  }

  /** The schedules not yet fired, earliest first. */
  pending(): PlannedReminder[] {
    return [...this.entries.values()]
      .sort((a, b) => a.at.getTime() - b.at.getTime() || a.name.localeCompare(b.name))
      .map(({ name, at, payload }) => ({ name, at: new Date(at), payload: { ...payload } }));
  }

  /** Restores schedules kept across a restart (local stack). */
  load(reminders: readonly PlannedReminder[]): void {
    for (const reminder of reminders) this.entries.set(reminder.name, { ...reminder, at: new Date(reminder.at), attempts: 0 });
  }

  /** Fires every schedule due by now, one after another; a run already going is joined, not doubled. */
  runDue(): Promise<FireReport[]> {
    this.running ??= this.fireDue().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async fireDue(): Promise<FireReport[]> {
    const now = this.clock().getTime();
    const due = this.pending().filter((r) => r.at.getTime() <= now);
    const reports: FireReport[] = [];
    for (const { name } of due) {
      const entry = this.entries.get(name);
      // Removed or moved while earlier ones fired.
      if (!entry || entry.at.getTime() > now) continue;
      const report = await this.fireOne(entry);
      reports.push(report);
      this.report(report);
    }
    return reports;
  }

  private async fireOne(entry: Entry): Promise<FireReport> {
    const { name, payload } = entry;
    try {
      const result = await this.fire(payload);
      if (this.entries.get(name) === entry) this.entries.delete(name);
      return { name, payload, ok: true, result };
    } catch (error) {
      entry.attempts++;
      const final = entry.attempts >= LOCAL_ATTEMPTS;
      if (this.entries.get(name) === entry) {
        if (final) this.entries.delete(name);
        else entry.at = new Date(this.clock().getTime() + LOCAL_RETRY_MS);
      }
      return { name, payload, ok: false, error, final };
    }
  }
}
