import { tickTime } from '@scc/core/crew-time';
import { api } from './api';
import { initAnswer } from './crew-answer';
import { relativeTo } from './time';

/**
 * The crew page's live parts: tick and untick tasks, see the others' ticks within a few
 * seconds, answer Confirm or Can't make it, and a countdown. The page is complete without
 * this script; it only adds what needs the network. On a cancelled trip the checklist stays
 * read-only and there is nothing to count down to.
 */
interface ChecklistItem {
  taskId: string;
  label: string;
  done: boolean;
  doneBy?: string;
  doneAt?: string;
}

/** Short enough that another's tick shows in under 3 s, and only while the page is in view. */
const POLL_MS = 2_000;
const body = document.body;
const eventId = body.dataset.eventId ?? '';
const timezone = body.dataset.timezone ?? 'UTC';
const tripStart = body.dataset.start ?? '';
const cancelled = body.dataset.cancelled === 'true';
const list = document.getElementById('checklist');
const status = document.getElementById('checklist-status');
const progress = document.getElementById('progress');
const progressBar = document.getElementById('progress-bar') as HTMLProgressElement | null;
const countdown = document.getElementById('countdown');
let pending = 0;
let refused = false;

function say(text: string): void {
  if (status) status.textContent = text;
}

function render(items: ChecklistItem[]): void {
  if (!list || pending > 0) return;
  const now = new Date();
  for (const item of items) {
    const box = list.querySelector<HTMLInputElement>(`input[data-task-id="${CSS.escape(item.taskId)}"]`);
    const by = list.querySelector<HTMLElement>(`[data-done-by="${CSS.escape(item.taskId)}"]`);
    if (!box) continue;
    box.checked = item.done;
    box.closest('li')?.classList.toggle('done', item.done);
    const text = item.done && item.doneBy ? `— ${item.doneBy}${item.doneAt ? `, ${tickTime(item.doneAt, tripStart, timezone, now)}` : ''}` : '';
    if (by && by.textContent !== text) by.textContent = text;
  }
  const done = items.filter((item) => item.done).length;
  if (progress) progress.textContent = `${done} of ${items.length} done`;
  if (progressBar) {
    progressBar.max = items.length;
    progressBar.value = done;
  }
}

async function refresh(): Promise<void> {
  if (refused) return;
  try {
    const res = await api.c[':eventId'].state.$get({ param: { eventId } });
    if (res.status === 401 || res.status === 403) {
      refused = true;
      say('This link no longer works. Ask the operator for a new one.');
      return;
    }
    if (!res.ok) return;
    render((await res.json()).checklist);
  } catch {
    // Offline on the dock: keep what is shown, try again at the next poll.
  }
}

async function tick(box: HTMLInputElement): Promise<void> {
  const taskId = box.dataset.taskId ?? '';
  const wanted = box.checked;
  pending++;
  box.disabled = true;
  say('Saving…');
  try {
    const res = await api.c[':eventId'].tasks[':taskId'].$patch({ param: { eventId, taskId }, json: { done: wanted } });
    if (!res.ok) throw new Error(String(res.status));
    pending--;
    render((await res.json()).checklist);
    say('Saved.');
  } catch {
    pending--;
    box.checked = !wanted;
    say('Not saved: no connection? Try again.');
  } finally {
    box.disabled = false;
  }
}

function updateCountdown(): void {
  if (!countdown || cancelled) return;
  const start = Date.parse(countdown.dataset.start ?? '');
  const end = Date.parse(countdown.dataset.end ?? '');
  const now = Date.now();
  countdown.textContent = now < start ? `Starts ${relativeTo(start, now)}` : now < end ? `Under way, ends ${relativeTo(end, now)}` : 'This trip is over.';
}

/** One poll at a time, every POLL_MS while visible; none at all while the page is hidden. */
let timer: ReturnType<typeof setTimeout> | undefined;
function schedule(): void {
  clearTimeout(timer);
  if (document.visibilityState !== 'visible' || refused) return;
  timer = setTimeout(() => {
    void refresh().finally(schedule);
  }, POLL_MS);
}

list?.addEventListener('change', (event) => {
  const target = event.target;
  if (target instanceof HTMLInputElement && target.dataset.taskId) void tick(target);
});
if (!cancelled) for (const box of list?.querySelectorAll<HTMLInputElement>('input[data-task-id]') ?? []) box.disabled = false;
initAnswer(eventId, timezone);
updateCountdown();
setInterval(updateCountdown, 30_000);
if (list) {
  schedule();
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void refresh().finally(schedule);
    else clearTimeout(timer);
  });
}
