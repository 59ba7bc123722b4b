import type { OperatorSettings } from '../../settings/operator-settings';
import { firstName } from '../views';
import { type GuestBrief, guestBriefOf, type GuestNoticeView, type GuestTold, guestSilence, planGuestNotice, type PlannedGuestNotice } from '../guest-notices';
import type { Mailer, OutgoingEmail } from '../ports';
import type { NotificationRepository } from '../repository';
import type { BookingRecord } from '../schema';
import { runStep, type Sleep, type StepPolicy } from '../step-runner';
import type { BookingStep } from './step';

/** The guest's slot in the notification claims (crew ids never take this form). */
export const GUEST_RECIPIENT = 'guest';

export interface GuestNoticeDeps {
  notifications: NotificationRepository;
  mailer: Mailer;
  render: (view: GuestNoticeView) => Omit<OutgoingEmail, 'to'>;
  guestPageUrl: (slug: string) => string;
  settings: () => Promise<OperatorSettings>;
  policy: StepPolicy;
  sleep: Sleep;
  clock: () => Date;
}

/**
 * Tells the guest about their trip once per version they would notice: the welcome with the
 * booking, "your trip has moved", a cancellation, "it is back on". Claimed before sending, like
 * the crew's notices, so a retry or a concurrent run never sends one twice.
 */
export function guestNoticesStep(deps: GuestNoticeDeps): BookingStep {
  return {
    name: 'guestNotices',
    async converge({ record, memory, now }) {
      const at = () => deps.clock().toISOString();
      const told = memory?.guest;
      const silent = guestSilence(record, now);
      if (silent) {
        return { state: { status: 'skipped', at: at(), reason: silent }, ...(told ? { memory: { guest: told } } : {}) };
      }
      const notice = planGuestNotice(told, record);
      if (!notice) return { state: { status: 'succeeded', at: at(), sent: 0 }, ...(told ? { memory: { guest: told } } : {}) };
      const key = `guest-${notice.kind}#v${record.version}`;
      const claim = await deps.notifications.claim(record.eventId, GUEST_RECIPIENT, key, deps.clock());
      if (claim === 'sent') return { state: { status: 'succeeded', at: at(), sent: 1 }, memory: { guest: notice.after } };
      if (claim === 'unconfirmed') {
        return {
          state: { status: 'failed', at: at(), reason: 'the email to the guest was interrupted and may not have arrived', retryable: false, attempts: 1 },
          ...(told ? { memory: { guest: told } } : {}),
        };
      }
      try {
        const email = deps.render(viewOf(notice, record, deps.guestPageUrl(record.slug), await deps.settings()));
        const result = await runStep(deps.policy, (signal) => deps.mailer.send({ to: notice.email, ...email }, signal), deps.sleep);
        if (!result.ok) {
          await deps.notifications.release(record.eventId, GUEST_RECIPIENT, key);
          return {
            state: { status: 'failed', at: at(), reason: `could not email the guest: ${result.reason}`, retryable: result.retryable, attempts: result.attempts },
            ...(told ? { memory: { guest: told } } : {}),
          };
        }
        // Sent: a failure to note it leaves the claim unconfirmed, which can never send twice.
        await deps.notifications.markSent(record.eventId, GUEST_RECIPIENT, key, result.value.messageId, deps.clock()).catch(() => undefined);
        return { state: { status: 'succeeded', at: at(), sent: 1 }, memory: { guest: notice.after } };
      } catch (error) {
        // Rendering or bookkeeping failed before anything was sent.
        await deps.notifications.release(record.eventId, GUEST_RECIPIENT, key).catch(() => undefined);
        const message = error instanceof Error ? error.message : String(error);
        return {
          state: { status: 'failed', at: at(), reason: `could not email the guest: ${message}`, retryable: true, attempts: 1 },
          ...(told ? { memory: { guest: told } } : {}),
        };
      }
    },
  };
}

function viewOf(notice: PlannedGuestNotice, record: BookingRecord, guestPageUrl: string, settings: OperatorSettings): GuestNoticeView {
  return {
    ...guestBriefOf(record),
    kind: notice.kind,
    guestName: firstName(record.request.guest.name),
    guestPageUrl,
    changed: notice.changed,
    ...(notice.previous ? { previous: withoutAddress(notice.previous) } : {}),
    operator: {
      ...(settings.operator.name ? { name: settings.operator.name } : {}),
      ...(settings.operator.phone ? { phone: settings.operator.phone } : {}),
    },
  };
}

function withoutAddress({ email: _email, cancelled: _cancelled, ...brief }: GuestTold): GuestBrief {
  return brief;
}
