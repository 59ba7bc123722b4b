/**
 * In-memory ports with the same conditional semantics as the DynamoDB store, so the booking
 * workflow can be unit-tested in core. Test support only; nothing in production imports it.
 */
import { AlreadyExistsError, DependencyUnavailableError, NotFoundError, StepHeldError, VersionConflictError } from '../../errors';
import type { CrewRepository, EventRepository } from '../../ports';
import type { CrewMember } from '../../schemas/crew';
import type { CrewEvent, CrewTask } from '../../schemas/event';
import type { InstantRange, Page, PageRequest } from '../../schemas/paging';
import { toUtcInstant } from '../../time';
import type { CalendarEventDraft, CalendarPort, CdnInvalidator, GuestPageStore, Mailer, OutgoingEmail } from '../ports';
import type { BookingRepository, CreateOutcome, NotificationClaim, NotificationRepository, StepClaim } from '../repository';
import type { OutboxEvent } from '../../webhooks/ports';
import type { BookingRecord, CrewResponse, FeedAlert, Finance, FinanceRecord, HistoryEntry, StepMemory, StepName, StepState } from '../schema';

const copy = <T>(value: T): T => structuredClone(value);

function answersOfAssigned(answers: Record<string, CrewResponse>, next: BookingRecord): Record<string, CrewResponse> {
  const assigned = new Set(next.request.crew.map((a) => a.crewId));
  return Object.fromEntries(Object.entries(answers).filter(([crewId]) => assigned.has(crewId)));
}

export class MemoryBookings implements BookingRepository {
  readonly records = new Map<string, BookingRecord>();
  readonly finances = new Map<string, FinanceRecord & { payloadHash?: string }>();
  readonly history = new Map<string, HistoryEntry[]>();
  /** Each booking's outbox, as the DynamoDB store keeps it on the booking item. */
  readonly outbox = new Map<string, OutboxEvent[]>();

  private append(bookingId: string, events: readonly OutboxEvent[] = []) {
    if (events.length > 0) this.outbox.set(bookingId, [...(this.outbox.get(bookingId) ?? []), ...copy(events)]);
  }

  async createOrGet(record: BookingRecord, events?: readonly OutboxEvent[], finance?: Finance): Promise<CreateOutcome> {
    const financeWritten = !finance || (await this.putFinance(record.bookingId, finance, record.payloadHash));
    // Read after the finance write, as DynamoDB's conditional put decides: of two concurrent
    // creates, only one finds the booking absent.
    const stored = this.records.get(record.bookingId);
    if (!financeWritten || stored) return { created: false, record: stored && copy(stored) };
    this.records.set(record.bookingId, copy({ ...record, converged: record.converged ?? {} }));
    this.append(record.bookingId, events);
    return { created: true as const, record: copy(record) };
  }

  async get(bookingId: string) {
    const stored = this.records.get(bookingId);
    return stored && copy(stored);
  }

  async listByStart(range: InstantRange, page: PageRequest): Promise<Page<BookingRecord>> {
    const items = [...this.records.values()]
      .filter((r) => toUtcInstant(r.request.start) >= range.from && toUtcInstant(r.request.start) < range.to)
      .sort((a, b) => toUtcInstant(a.request.start).localeCompare(toUtcInstant(b.request.start)));
    const offset = Number(page.cursor ?? 0);
    const slice = items.slice(offset, offset + page.limit);
    return { items: slice.map(copy), nextCursor: offset + page.limit < items.length ? String(offset + page.limit) : null };
  }

  async saveChange(next: BookingRecord, expectedVersion: number, claimed: readonly StepName[] = [], events?: readonly OutboxEvent[]) {
    const stored = this.records.get(next.bookingId);
    if (!stored) throw new NotFoundError('no booking');
    if (stored.version !== expectedVersion) {
      throw new VersionConflictError('changed', { details: { currentVersion: stored.version, expectedVersion } });
    }
    // As the DynamoDB store does: "now" is the change's own time.
    const now = next.updatedAt;
    const held = claimed.filter((name) => {
      const state = stored.steps[name];
      return state.status === 'running' && state.leaseUntil >= now;
    });
    if (held.length > 0) throw new StepHeldError('held', { details: { held } });
    // Other steps and every memory stay as stored: runs record those with their own conditions.
    const steps = { ...stored.steps };
    for (const name of claimed) steps[name] = next.steps[name];
    const { feedAlert: _, crewResponses: __, ...content } = next;
    this.records.set(
      next.bookingId,
      copy({
        ...content,
        steps,
        converged: stored.converged,
        ...(stored.feedAlert ? { feedAlert: stored.feedAlert } : {}),
        // As the DynamoDB store does: an answer leaves with the person it belongs to.
        ...(stored.crewResponses ? { crewResponses: answersOfAssigned(stored.crewResponses, next) } : {}),
      }),
    );
    this.append(next.bookingId, events);
  }

  async setFeedAlert(bookingId: string, alert: FeedAlert | undefined) {
    const stored = this.records.get(bookingId);
    if (!stored) throw new NotFoundError('no booking');
    const { feedAlert: _, ...rest } = stored;
    this.records.set(bookingId, alert ? { ...rest, feedAlert: alert } : rest);
  }

  async setCrewResponse(bookingId: string, crewId: string, response: CrewResponse, previous: CrewResponse | undefined) {
    const stored = this.records.get(bookingId);
    if (!stored || stored.version !== response.version) return false;
    if (stored.crewResponses?.[crewId]?.at !== previous?.at) return false;
    stored.crewResponses = { ...stored.crewResponses, [crewId]: copy(response) };
    return true;
  }

  async claimStep(bookingId: string, step: StepName, claim: StepClaim, now: Date, leaseUntil: Date) {
    const stored = this.records.get(bookingId);
    if (!stored) return false;
    const state = stored.steps[step];
    if (state.status === 'running' && state.leaseUntil >= now.toISOString()) return false;
    if (state.status === 'succeeded' && state.version !== undefined && state.version >= claim.version) return false;
    stored.steps[step] = { status: 'running', startedAt: now.toISOString(), leaseUntil: leaseUntil.toISOString(), ...claim };
    return true;
  }

  async extendClaim(bookingId: string, step: StepName, claim: StepClaim, leaseUntil: Date) {
    const state = this.records.get(bookingId)?.steps[step];
    if (state?.status !== 'running' || state.claimId !== claim.claimId) return false;
    state.version = claim.version;
    state.leaseUntil = leaseUntil.toISOString();
    return true;
  }

  async recordStep(bookingId: string, step: StepName, state: StepState, memory: StepMemory | undefined, claim: StepClaim, events?: readonly OutboxEvent[]) {
    const stored = this.records.get(bookingId);
    const held = stored?.steps[step];
    if (!stored || held?.status !== 'running' || held.claimId !== claim.claimId || stored.version !== claim.version) return false;
    stored.steps[step] = copy(state);
    if (memory) stored.converged = { ...stored.converged, [step]: copy(memory) };
    this.append(bookingId, events);
    return true;
  }

  async putFinance(bookingId: string, finance: Finance, payloadHash: string) {
    const stored = this.finances.get(bookingId);
    if (stored && stored.payloadHash !== payloadHash) return false;
    this.finances.set(bookingId, { ...finance, payloadHash, version: 1 });
    return true;
  }

  async setFinance(bookingId: string, finance: FinanceRecord, version: number) {
    const stored = this.finances.get(bookingId);
    if (stored?.version !== undefined && stored.version >= version) return;
    this.finances.set(bookingId, { ...copy(finance), version });
  }

  async getFinance(bookingId: string) {
    const stored = this.finances.get(bookingId);
    if (!stored) return undefined;
    const { payloadHash: _, ...finance } = stored;
    return copy(finance);
  }

  async getFinanceMany(bookingIds: readonly string[]) {
    const found = new Map<string, FinanceRecord>();
    for (const bookingId of bookingIds) {
      const finance = await this.getFinance(bookingId);
      if (finance) found.set(bookingId, finance);
    }
    return found;
  }

  async appendHistory(bookingId: string, entry: HistoryEntry) {
    const lines = this.history.get(bookingId) ?? [];
    lines.push(copy(entry));
    this.history.set(bookingId, lines);
  }

  async listHistory(bookingId: string) {
    return [...(this.history.get(bookingId) ?? [])].reverse();
  }
}

export class MemoryEvents implements EventRepository {
  readonly events = new Map<string, CrewEvent>();
  writes = 0;

  async create(event: CrewEvent) {
    if (this.events.has(event.eventId)) throw new AlreadyExistsError('exists');
    this.writes++;
    this.events.set(event.eventId, copy(event));
  }

  async get(eventId: string) {
    const event = this.events.get(eventId);
    return event && copy(event);
  }

  async listByStart(): Promise<Page<CrewEvent>> {
    return { items: [...this.events.values()].map(copy), nextCursor: null };
  }

  async replace(event: CrewEvent, expectedVersion: number) {
    const stored = this.events.get(event.eventId);
    if (!stored) throw new NotFoundError('no event');
    if (stored.version !== expectedVersion) throw new VersionConflictError('changed');
    this.writes++;
    this.events.set(event.eventId, copy(event));
  }

  async findBySlug(slug: string) {
    const event = [...this.events.values()].find((e) => e.slug === slug);
    return event && copy(event);
  }

  async setTaskState(eventId: string, index: number, task: CrewTask) {
    const stored = this.events.get(eventId);
    if (stored?.crewTasks[index]?.taskId !== task.taskId) return undefined;
    stored.crewTasks[index] = copy(task);
    stored.version++;
    return copy(stored);
  }
}

export class MemoryCrew implements CrewRepository {
  readonly members = new Map<string, CrewMember>();

  add(crewId: string, name: string, active = true): CrewMember {
    const now = new Date(0).toISOString();
    const member = { crewId, name, email: `${crewId}@example.com`, active, version: 1, createdAt: now, updatedAt: now };
    this.members.set(crewId, member);
    return member;
  }

  async create(member: CrewMember) {
    this.members.set(member.crewId, copy(member));
  }
  async get(crewId: string) {
    return this.members.get(crewId);
  }
  async getMany(crewIds: readonly string[]) {
    return crewIds.flatMap((id) => (this.members.has(id) ? [copy(this.members.get(id) as CrewMember)] : []));
  }
  async list(): Promise<Page<CrewMember>> {
    return { items: [...this.members.values()], nextCursor: null };
  }
  async replace(member: CrewMember) {
    this.members.set(member.crewId, copy(member));
  }
}

export class MemoryNotifications implements NotificationRepository {
  readonly items = new Map<string, 'sending' | 'sent' | 'released'>();

  async claim(eventId: string, crewId: string, kind: string): Promise<NotificationClaim> {
    const key = `${eventId}|${crewId}|${kind}`;
    const status = this.items.get(key);
    if (status === undefined || status === 'released') {
      this.items.set(key, 'sending');
      return 'claimed';
    }
    return status === 'sent' ? 'sent' : 'unconfirmed';
  }
  async markSent(eventId: string, crewId: string, kind: string) {
    this.items.set(`${eventId}|${crewId}|${kind}`, 'sent');
  }
  async release(eventId: string, crewId: string, kind: string) {
    const key = `${eventId}|${crewId}|${kind}`;
    if (this.items.get(key) === 'sending') this.items.set(key, 'released');
  }
}

/** A calendar that keeps one entry per id and counts every write; `gate` can hold writes back. */
export class MemoryCalendar implements CalendarPort {
  readonly entries = new Map<string, CalendarEventDraft & { cancelled: boolean }>();
  readonly calls: string[] = [];
  gate: (() => Promise<void>) | undefined;
  failNext = 0;

  private async enter(call: string) {
    this.calls.push(call);
    if (this.gate) await this.gate();
    if (this.failNext > 0) {
      this.failNext--;
      throw new DependencyUnavailableError('Calendar is down');
    }
  }

  async insertEvent(event: CalendarEventDraft) {
    await this.enter('insert');
    if (this.entries.has(event.id)) return { outcome: 'exists' as const };
    this.entries.set(event.id, { ...copy(event), cancelled: false });
    return { outcome: 'created' as const };
  }
  async updateEvent(event: CalendarEventDraft) {
    await this.enter('update');
    if (!this.entries.has(event.id)) return { outcome: 'missing' as const };
    this.entries.set(event.id, { ...copy(event), cancelled: false });
    return { outcome: 'updated' as const };
  }
  async cancelEvent(eventId: string) {
    await this.enter('cancel');
    const entry = this.entries.get(eventId);
    if (!entry) return { outcome: 'missing' as const };
    entry.cancelled = true;
    return { outcome: 'cancelled' as const };
  }
}

export class MemoryPages implements GuestPageStore, CdnInvalidator {
  readonly pages = new Map<string, string>();
  readonly invalidations: { paths: string[]; callerReference: string }[] = [];
  async put(slug: string, html: string) {
    this.pages.set(slug, html);
  }
  async invalidate(paths: string[], callerReference: string) {
    this.invalidations.push({ paths, callerReference });
    return { invalidationId: `I${this.invalidations.length}` };
  }
}

export class MemoryMailer implements Mailer {
  readonly sent: OutgoingEmail[] = [];
  async send(email: OutgoingEmail) {
    this.sent.push(email);
    return { messageId: `m${this.sent.length}` };
  }
}
