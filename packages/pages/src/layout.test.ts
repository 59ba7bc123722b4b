import { describe, expect, it } from 'vitest';
import { html } from './html';
import { page } from './layout';

const shell = page('Sunset sail — Smith party', html`<p>Hello</p>`);
const style = /<style>([\s\S]*?)<\/style>/.exec(shell)?.[1] ?? '';

/** The custom properties of one rule's body, e.g. `--fg:#10202e`. */
function palette(rule: string): Record<string, string> {
  return Object.fromEntries([...rule.matchAll(/--([a-z-]+):(#[0-9a-f]{3,6})/g)].map((m) => [m[1]!, m[2]!]));
}

const light = palette(/:root\{([^}]*)\}/.exec(style)?.[1] ?? '');
const dark = { ...light, ...palette(/prefers-color-scheme:dark\)\{:root\{([^}]*)\}/.exec(style)?.[1] ?? '') };

// WCAG 2.x relative luminance and contrast ratio.
function luminance(hex: string): number {
  const full = hex.length === 4 ? hex.replace(/[0-9a-f]/g, (d) => d + d) : hex;
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(full.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

// Every text colour with every background it is drawn on (pages' own styles use these too).
const PAIRS = [
  ...['fg', 'muted', 'accent', 'alert-edge'].flatMap((text) => ['bg', 'card', 'alert-bg'].map((back) => [text, back] as const)),
  ['on-accent', 'accent'],
] as const;

describe('the shared layout', () => {
  it('is a phone page in English that search engines leave alone', () => {
    expect(shell).toContain('<html lang="en">');
    expect(shell).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(shell).toContain('<meta name="robots" content="noindex">');
  });

  it('describes itself with the title, or with the description it is given', () => {
    expect(shell).toContain('<meta name="description" content="Sunset sail — Smith party">');
    const described = page('<b>x</b>', html``, { description: 'Your trip & photos' });
    expect(described).toContain('<meta name="description" content="Your trip &amp; photos">');
    expect(page('<b>x</b>', html``)).toContain('<meta name="description" content="&lt;b&gt;x&lt;/b&gt;">');
  });

  it.each([
    ['light', light],
    ['dark', dark],
  ])('keeps every text colour at 4.5:1 or more in the %s scheme', (_scheme, colours: Record<string, string>) => {
    for (const [text, back] of PAIRS) {
      expect(colours[text], text).toMatch(/^#/);
      expect(colours[back], back).toMatch(/^#/);
      expect(contrast(colours[text]!, colours[back]!), `${text} on ${back}`).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('draws button text in the colour made for the accent', () => {
    expect(style).toMatch(/button\{[^}]*background:var\(--accent\);color:var\(--on-accent\)/);
  });
});
