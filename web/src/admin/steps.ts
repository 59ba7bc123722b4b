import { STEP_NAMES, type StepName, type Steps, type StepState } from './core';
import { button, fill, h } from './dom';
import { data, messageOf } from './session';
import type { Ctx } from './ui';

export const STEP_LABELS: Record<StepName, string> = {
  event: 'Crew event',
  calendar: 'Google Calendar',
  guestPage: 'Guest page',
  crewNotices: 'Crew notices',
  guestNotices: 'Guest email',
  reminders: 'Reminders',
};

const ICONS: Record<StepState['status'], string> = {
  pending: '○',
  running: '◌',
  succeeded: '✓',
  failed: '✕',
  skipped: '–',
};

export interface StepsPanel {
  element: HTMLElement;
  /** `undefined`: the booking is not recorded yet (every step waits). */
  update(steps: Steps | undefined): void;
  /** While a retry runs, the failed steps say so and the buttons rest. */
  setBusy(busy: boolean): void;
  say(message: string): void;
  /** Shows the Retry button on failed steps from now on. */
  onRetry(handler: () => void): void;
}

/**
 * The four steps of a booking, each with its live state: waiting, running, done, failed with
 * the reason (and a Retry button), or skipped with why.
 */
export function stepsPanel(): StepsPanel {
  let onRetry: (() => void) | undefined;
  const items = new Map<StepName, { li: HTMLLIElement; state: HTMLElement; detail: HTMLElement; retry: HTMLButtonElement }>();
  const list = h('ol', { class: 'steps' });
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  let busy = false;
  let last: Steps | undefined;
  for (const name of STEP_NAMES) {
    const state = h('span', { class: 'step-state' });
    const detail = h('p', { class: 'step-detail' });
    const retry = button('Retry', () => onRetry?.(), { class: 'secondary small', 'aria-label': `Retry ${STEP_LABELS[name]}`, hidden: true });
    const li = h(
      'li',
      { class: 'step', 'data-step': name, 'data-status': 'pending' },
      h('span', { class: 'step-icon', 'aria-hidden': 'true' }, ICONS.pending),
      h('span', { class: 'step-name' }, STEP_LABELS[name]),
      state,
      detail,
      retry,
    );
    list.append(li);
    items.set(name, { li, state, detail, retry });
  }

  const render = () => {
    for (const name of STEP_NAMES) {
      const item = items.get(name);
      if (!item) continue;
      const step: StepState = last?.[name] ?? { status: 'pending' };
      const stale = step.status === 'running' && Date.parse(step.leaseUntil) < Date.now();
      const shown = busy && (step.status === 'failed' || stale) ? 'running' : step.status;
      item.li.dataset.status = stale && !busy ? 'failed' : shown;
      const icon = item.li.querySelector('.step-icon');
      if (icon) icon.textContent = ICONS[stale && !busy ? 'failed' : shown];
      item.state.textContent = busy && shown === 'running' && step.status !== 'running' ? 'Retrying…' : stateText(step, stale);
      fill(item.detail, detailText(name, step, stale));
      item.detail.hidden = item.detail.textContent === '';
      const canRetry = Boolean(onRetry) && (step.status === 'failed' || stale);
      item.retry.hidden = !canRetry || busy;
    }
  };

  return {
    element: h('div', { class: 'steps-panel' }, list, status),
    update(steps) {
      last = steps;
      render();
    },
    setBusy(value) {
      busy = value;
      render();
    },
    say(message) {
      status.textContent = message;
    },
    onRetry(handler) {
      onRetry = handler;
      render();
    },
  };
}

function stateText(step: StepState, stale: boolean): string {
  if (stale) return 'Interrupted';
  switch (step.status) {
    case 'pending':
      return 'Waiting';
    case 'running':
      return 'Running…';
    case 'succeeded':
      return 'Done';
    case 'failed':
      return 'Failed';
    case 'skipped':
      return 'Skipped';
  }
}

function detailText(name: StepName, step: StepState, stale: boolean): string {
  if (stale) return 'This step stopped before it finished. Retry to complete it.';
  if (step.status === 'failed') {
    const sent = name === 'crewNotices' && step.sent ? ` (${step.sent} sent)` : '';
    return `${step.reason}${sent}${step.retryable ? '' : ' — this will fail again until the cause is fixed.'}`;
  }
  if (step.status === 'skipped') return step.reason;
  if (step.status === 'succeeded' && name === 'crewNotices' && step.sent !== undefined) {
    // A change that no crew member can see (money, guest contact) emails nobody, by design.
    return step.sent === 0 ? 'Nobody needed an email this time.' : `${step.sent} ${step.sent === 1 ? 'email' : 'emails'} sent.`;
  }
  return '';
}

export function settled(steps: Steps): boolean {
  return STEP_NAMES.every((name) => steps[name].status === 'succeeded' || steps[name].status === 'skipped');
}

/** One line for the whole booking after its steps ran. */
export function outcomeText(steps: Steps): string {
  if (settled(steps)) return 'Every step is done.';
  const failed = STEP_NAMES.filter((n) => steps[n].status === 'failed').map((n) => STEP_LABELS[n]);
  return failed.length > 0
    ? `The booking is saved, but ${failed.join(' and ')} failed. Fix the cause, then press Retry.`
    : 'The booking is saved; some steps are still running.';
}

/**
 * Runs `action` (the POST or the retry, which answer only when every step has finished) while
 * polling `read` every 500 ms to show the steps as they move; then shows the action's answer.
 */
export async function withLiveSteps<T>(
  panel: StepsPanel,
  action: () => Promise<T>,
  read: () => Promise<Steps | undefined>,
  signal: AbortSignal,
): Promise<T> {
  let done = false;
  const watcher = (async () => {
    while (!done && !signal.aborted) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      if (done || signal.aborted) break;
      try {
        const steps = await read();
        if (!done && steps) panel.update(steps);
      } catch {
        // 404 until the booking is recorded; a dropped poll is retried at the next tick.
      }
    }
  })();
  try {
    return await action();
  } finally {
    done = true;
    void watcher;
  }
}

/** The Retry buttons: `POST /bookings/:id/retry`, the steps shown live while it runs. */
export function wireRetry(panel: StepsPanel, ctx: Ctx, bookingId: string, after?: (steps: Steps) => void): void {
  panel.onRetry(() => {
    void (async () => {
      panel.setBusy(true);
      panel.say('Retrying the unfinished steps…');
      try {
        const retried = await withLiveSteps(
          panel,
          () => data(ctx.api.bookings[':bookingId'].retry.$post({ param: { bookingId } })),
          async () => (await data(ctx.api.bookings[':bookingId'].$get({ param: { bookingId } }))).steps,
          ctx.signal,
        );
        panel.setBusy(false);
        panel.update(retried.steps);
        panel.say(outcomeText(retried.steps));
        after?.(retried.steps);
      } catch (error) {
        panel.setBusy(false);
        panel.say(`The retry did not run: ${messageOf(error)}`);
      }
    })();
  });
}
