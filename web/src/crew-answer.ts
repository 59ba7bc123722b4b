import { answerLine } from '@scc/core/crew-time';
import { api } from './api';

type Status = 'confirmed' | 'declined';

/**
 * Confirm, or Can't make it with an optional note for the operator. The page draws both
 * buttons disabled (nothing can be sent without this script) and the current answer pressed;
 * a tap posts the answer, and the line above the buttons says what the operator now knows.
 */
function elements() {
  const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T | null;
  const found = {
    section: byId('answer-section'),
    state: byId('answer-state'),
    confirm: byId<HTMLButtonElement>('confirm'),
    decline: byId<HTMLButtonElement>('decline'),
    panel: byId('decline-note'),
    note: byId<HTMLTextAreaElement>('note'),
    send: byId<HTMLButtonElement>('send-decline'),
    keep: byId<HTMLButtonElement>('keep'),
  };
  const { section, state, confirm, decline, panel, note, send, keep } = found;
  // A cancelled or ended trip shows the answer without the buttons.
  if (!section || !state || !confirm || !decline || !panel || !note || !send || !keep) return undefined;
  return { section, state, confirm, decline, panel, note, send, keep };
}

export function initAnswer(eventId: string, timezone: string): void {
  const found = elements();
  if (!found) return;
  const { section, state, confirm, decline, panel, note, send, keep } = found;
  const buttons = [confirm, decline, send];

  const openNote = (open: boolean) => {
    panel.hidden = !open;
    decline.setAttribute('aria-expanded', String(open));
    if (open) note.focus();
  };

  async function answer(status: Status): Promise<void> {
    for (const button of buttons) button.disabled = true;
    state.textContent = 'Sending…';
    const text = note.value.trim();
    try {
      const res = await api.c[':eventId'].response.$post({
        param: { eventId },
        json: status === 'declined' && text ? { status, note: text } : { status },
      });
      if (res.status === 409) {
        const body = (await res.json()) as unknown as { error?: { message?: string } };
        state.textContent = body.error?.message ?? 'This trip no longer takes answers.';
        section.querySelector('.answer-buttons')?.remove();
        panel.hidden = true;
        return;
      }
      if (res.status === 401 || res.status === 403) {
        state.textContent = 'This link no longer works. Ask the operator for a new one.';
        return;
      }
      if (!res.ok) throw new Error(String(res.status));
      const { response } = (await res.json()) as { response: { status: Status; at: string } };
      state.textContent = answerLine(response, timezone, new Date());
      state.className = `answer-state ${response.status}`;
      confirm.setAttribute('aria-pressed', String(response.status === 'confirmed'));
      decline.setAttribute('aria-pressed', String(response.status === 'declined'));
      openNote(false);
      (response.status === 'declined' ? decline : confirm).focus();
    } catch {
      state.textContent = 'Not sent: no connection? Try again.';
    } finally {
      for (const button of buttons) button.disabled = false;
    }
  }

  confirm.addEventListener('click', () => void answer('confirmed'));
  decline.addEventListener('click', () => openNote(panel.hidden));
  send.addEventListener('click', () => void answer('declined'));
  keep.addEventListener('click', () => {
    openNote(false);
    decline.focus();
  });
  confirm.disabled = false;
  decline.disabled = false;
}
