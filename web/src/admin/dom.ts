/**
 * A tiny element builder. Text always goes in as text (textContent / Text nodes), never as
 * markup: nothing from the API can become HTML.
 */
export type Child = Node | string | number | null | undefined | false;
type AttrValue = string | number | boolean | null | undefined;
export type Attrs = Record<string, AttrValue | ((event: Event) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (typeof value === 'function') {
      element.addEventListener(name.replace(/^on/, '').toLowerCase(), value);
    } else if (name === 'class') {
      if (value) element.className = String(value);
    } else if (value === true) {
      element.setAttribute(name, '');
    } else if (value !== false && value !== null && value !== undefined) {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

export function append(parent: Element | DocumentFragment, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(typeof child === 'number' ? String(child) : child);
  }
}

/** Replaces an element's content. */
export function fill(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

let ids = 0;
/** A page-unique id for label/aria wiring. */
export function uid(prefix: string): string {
  ids += 1;
  return `${prefix}-${ids}`;
}

/** A labelled input with a hint and an error slot wired up through aria-describedby. */
export interface Field<E extends HTMLElement = HTMLInputElement> {
  wrapper: HTMLElement;
  control: E;
  error: HTMLElement;
}

export function field<E extends HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(
  label: string,
  control: E,
  options: { hint?: string; class?: string } = {},
): Field<E> {
  if (!control.id) control.id = uid('f');
  const error = h('p', { class: 'field-error', id: `${control.id}-error`, hidden: true });
  const hint = options.hint ? h('p', { class: 'hint', id: `${control.id}-hint` }, options.hint) : null;
  describe(control, hint?.id);
  const wrapper = h(
    'div',
    { class: options.class ? `field ${options.class}` : 'field' },
    h('label', { for: control.id }, label),
    hint,
    control,
    error,
  );
  return { wrapper, control, error };
}

/** Adds ids to an element's aria-describedby. */
export function describe(control: Element, ...ids: (string | undefined)[]): void {
  const current = (control.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
  const next = [...new Set([...current, ...ids.filter((id): id is string => Boolean(id))])];
  if (next.length > 0) control.setAttribute('aria-describedby', next.join(' '));
}

/** Shows (or clears, with `message` undefined) an error next to controls. */
export function setError(error: HTMLElement, controls: Element[], message: string | undefined): void {
  error.textContent = message ?? '';
  error.hidden = !message;
  for (const control of controls) {
    if (message) {
      control.setAttribute('aria-invalid', 'true');
      describe(control, error.id);
    } else {
      control.removeAttribute('aria-invalid');
    }
  }
}

export function button(label: string, onClick: (event: Event) => void, attrs: Attrs = {}): HTMLButtonElement {
  return h('button', { type: 'button', ...attrs, onclick: onClick }, label);
}
