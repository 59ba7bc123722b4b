import { button } from './dom';

/**
 * A button that copies `text` and says so on itself ("Copied"), for a screen reader too. The
 * console is served from its own origin (https, or localhost), where the async Clipboard API
 * works; the textarea fallback covers browsers that refuse it.
 */
export function copyButton(text: string | (() => string), label: string, accessibleName: string): HTMLButtonElement {
  let reset: ReturnType<typeof setTimeout> | undefined;
  const copy = button(
    label,
    () => {
      const value = typeof text === 'function' ? text() : text;
      void write(value).then((ok) => {
        copy.textContent = ok ? 'Copied ✓' : 'Copy failed';
        copy.setAttribute('aria-label', ok ? `${accessibleName}: copied` : `${accessibleName}: copy failed, select the link instead`);
        clearTimeout(reset);
        reset = setTimeout(() => {
          copy.textContent = label;
          copy.setAttribute('aria-label', accessibleName);
        }, 2500);
      });
    },
    { class: 'secondary small copy', 'aria-label': accessibleName },
  );
  return copy;
}

async function write(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const before = document.activeElement;
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.className = 'visually-hidden';
    document.body.append(area);
    area.select();
    let ok: boolean;
    try {
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
    area.remove();
    // Selecting the textarea took focus from the button; give it back.
    if (before instanceof HTMLElement) before.focus();
    return ok;
  }
}
