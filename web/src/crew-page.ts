import { api } from './api';
import { localTime, relativeTo } from './time';

/**
 * The crew page's live parts: tick and untick tasks, see the others' ticks, and a countdown.
 * The page is complete without this script; it only adds what needs the network. On a
 * cancelled trip the checklist stays read-only and there is nothing to count down to.
 */
interface ChecklistItem {
  taskId: string;
  label: string;
  done: boolean;
  doneBy?: string;
  doneAt?: string;
}

const REFRESH_MS = 10_000;
const body = document.body;
const eventId = body.dataset.eventId ?? '';
const timezone = body.dataset.timezone ?? 'UTC';
const cancelled = body.dataset.cancelled === 'true';
const list = document.getElementById('checklist');
const status = document.getElementById('checklist-status');
const countdown = document.getElementById('countdown');
let pending = 0;

function say(text: string): void {
  if (status) status.textContent = text;
}

function render(items: ChecklistItem[]): void {
  if (!list || pending > 0) return;
  for (const item of items) {
    const box = list.querySelector<HTMLInputElement>(`input[data-task-id="${CSS.escape(item.taskId)}"]`);
    const by = list.querySelector<HTMLElement>(`[data-done-by="${CSS.escape(item.taskId)}"]`);
    if (!box) continue;
    box.checked = item.done;
    box.closest('li')?.classList.toggle('done', item.done);
    if (by) by.textContent = item.done && item.doneBy ? `— ${item.doneBy}${item.doneAt ? `, ${localTime(item.doneAt, timezone)}` : ''}` : '';
  }
}

async function refresh(): Promise<void> {
  try {
    const res = await api.c[':eventId'].state.$get({ param: { eventId } });
    if (res.status === 401 || res.status === 403) {
      say('This link no longer works. Ask the operator for a new one.');
      return;
    }
    if (!res.ok) return;
    render((await res.json()).checklist);
  } catch {
    // Offline on the dock: keep what is shown, try again at the next tick.
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

list?.addEventListener('change', (event) => {
  const target = event.target;
  if (target instanceof HTMLInputElement && target.dataset.taskId) void tick(target);
});
if (!cancelled) for (const box of list?.querySelectorAll<HTMLInputElement>('input[data-task-id]') ?? []) box.disabled = false;
updateCountdown();
setInterval(updateCountdown, 30_000);
setInterval(() => {
  if (document.visibilityState === 'visible') void refresh();
}, REFRESH_MS);
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') void refresh();
});
