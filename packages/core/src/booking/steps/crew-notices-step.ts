import type { EventRepository } from '../../ports';
import type { CrewMember } from '../../schemas/crew';
import { crewLinkExpiry, type PlannedNotice, planNotices } from '../crew-notices';
import type { Mailer, OutgoingEmail } from '../ports';
import type { NotificationRepository } from '../repository';
import type { BookingRecord, ToldBrief } from '../schema';
import { runStep, type Sleep, type StepPolicy } from '../step-runner';
import type { CrewBrief, CrewNoticeView } from '../views';
import type { BookingStep } from './step';

export interface CrewNoticeDeps {
  notifications: NotificationRepository;
  events: EventRepository;
  mailer: Mailer;
  render: (view: CrewNoticeView) => Omit<OutgoingEmail, 'to'>;
  crewPageUrl: (eventId: string, crewId: string, expiresAt: Date, generation: number) => Promise<string>;
  policy: StepPolicy;
  sleep: Sleep;
  clock: () => Date;
}

type Sent = { crewId: string; ok: true; delivered: boolean } | { crewId: string; ok: false; retryable: boolean; problem: string };

/**
 * Tells each crew member what changed for them since they were last told, once per booking
 * version: an invite, "what changed", "you are off this trip", a cancellation, "it is back on".
 * Each message is claimed before it is sent, so nobody gets one twice, and what each person
 * was told is remembered per person, so a partial failure retries only the missing ones.
 */
export function crewNoticesStep(deps: CrewNoticeDeps): BookingStep {
  return {
    name: 'crewNotices',
    async converge({ record, roster, memory, now }) {
      const told = memory?.told ?? {};
      const plan = planNotices(told, record);
      const at = () => deps.clock().toISOString();
      if (Date.parse(record.request.end) <= now.getTime()) {
        // An imported or finished trip: nobody is emailed about it, but the record is kept
        // so a later change is measured against it.
        return { state: { status: 'succeeded', at: at(), sent: 0, note: 'the trip has ended; nobody was emailed' }, memory: { told: afterAll(told, plan) } };
      }
      const event = plan.some((n) => n.kind) ? await deps.events.get(record.eventId) : undefined;
      const results = await Promise.all(
        plan.map((notice) => sendOne(deps, record, notice, roster.get(notice.crewId), event?.linkGenerations?.[notice.crewId] ?? 1)),
      );
      const next = { ...told };
      for (const [i, result] of results.entries()) {
        const notice = plan[i] as PlannedNotice;
        if (!result.ok) continue;
        if (notice.after) next[notice.crewId] = notice.after;
        else delete next[notice.crewId];
      }
      const sent = results.filter((r) => r.ok && r.delivered).length;
      const problems = results.flatMap((r) => (r.ok ? [] : [r]));
      if (problems.length === 0) return { state: { status: 'succeeded', at: at(), sent }, memory: { told: next } };
      return {
        state: {
          status: 'failed',
          at: at(),
          reason: problems.map((p) => p.problem).join('; '),
          retryable: problems.some((p) => p.retryable),
          attempts: 1,
          sent,
        },
        memory: { told: next },
      };
    },
  };
}

function afterAll(told: Record<string, ToldBrief>, plan: readonly PlannedNotice[]): Record<string, ToldBrief> {
  const next = { ...told };
  for (const notice of plan) {
    if (notice.after) next[notice.crewId] = notice.after;
    else delete next[notice.crewId];
  }
  return next;
}

async function sendOne(
  deps: CrewNoticeDeps,
  record: BookingRecord,
  notice: PlannedNotice,
  member: CrewMember | undefined,
  generation: number,
): Promise<Sent> {
  const { crewId, kind } = notice;
  if (!kind) return { crewId, ok: true, delivered: false };
  if (!member) return { crewId, ok: false, retryable: false, problem: `crew member ${crewId} is not on the roster` };
  // One message of a kind per person per booking version: a retry or a concurrent run finds it claimed.
  const key = `${kind}#v${record.version}`;
  const claim = await deps.notifications.claim(record.eventId, crewId, key, deps.clock());
  if (claim === 'sent') return { crewId, ok: true, delivered: true };
  if (claim === 'unconfirmed') {
    return {
      crewId,
      ok: false,
      retryable: false,
      problem: `the email to ${member.name} was interrupted and may not have arrived; send them a new link`,
    };
  }
  try {
    const withLink = kind === 'invite' || kind === 'changed' || kind === 'reinstated';
    const url = withLink
      ? await deps.crewPageUrl(record.eventId, crewId, crewLinkExpiry(record.request.end), generation)
      : undefined;
    const email = deps.render(noticeView(notice, member, url));
    const result = await runStep(deps.policy, (signal) => deps.mailer.send({ to: member.email, ...email }, signal), deps.sleep);
    if (!result.ok) {
      await deps.notifications.release(record.eventId, crewId, key);
      return { crewId, ok: false, retryable: result.retryable, problem: `could not email ${member.name}: ${result.reason}` };
    }
    // Sent: a failure to note it leaves the claim unconfirmed, which can never send twice
    // (releasing it here, as a failed send does, would let the retry send it again).
    await deps.notifications.markSent(record.eventId, crewId, key, result.value.messageId, deps.clock()).catch(() => undefined);
    return { crewId, ok: true, delivered: true };
  } catch (error) {
    // Rendering, signing or bookkeeping failed before anything was sent.
    await deps.notifications.release(record.eventId, crewId, key).catch(() => undefined);
    const message = error instanceof Error ? error.message : String(error);
    return { crewId, ok: false, retryable: true, problem: `could not email ${member.name}: ${message}` };
  }
}

function noticeView(notice: PlannedNotice, member: CrewMember, crewPageUrl: string | undefined): CrewNoticeView {
  // Every plan entry knows the trip before or after it (removed and cancelled: as they knew it).
  const { cancelled: _, ...brief } = (notice.after ?? notice.previous) as ToldBrief;
  return {
    ...brief,
    kind: notice.kind ?? 'changed',
    crewName: member.name,
    changed: notice.changed,
    ...(notice.previous ? { previous: withoutCancelled(notice.previous) } : {}),
    ...(crewPageUrl ? { crewPageUrl } : {}),
  };
}

function withoutCancelled({ cancelled: _, ...brief }: ToldBrief): CrewBrief {
  return brief;
}
