import { describe, expect, it } from 'vitest';
import { ADMIN_SHELL_CSP, adminShellCsp, renderAdminShell } from './admin-shell';
import { adminScript, adminStyle } from './generated/assets';
import { escapeHtml } from './html';

describe('the admin shell', () => {
  const shell = renderAdminShell();

  it('is a few KB of markup: at most 4 KB before compression', () => {
    expect(Buffer.byteLength(shell)).toBeLessThanOrEqual(4096);
  });

  it('links the hashed stylesheet and script, and carries neither inline', () => {
    expect(adminStyle).toMatch(/^\/assets\/admin\.[0-9a-f]{12}\.css$/);
    expect(adminScript).toMatch(/^\/assets\/admin\.[0-9a-f]{12}\.js$/);
    expect(shell).toContain(`<link rel="stylesheet" href="${adminStyle}">`);
    expect(shell).toContain(`<script src="${adminScript}" defer></script>`);
    expect(shell).not.toMatch(/<style\b/);
    expect(shell.match(/<script\b/g)).toHaveLength(1);
  });

  it('lets only scripts and stylesheets of its own origin run, and keeps the rest of the policy', () => {
    expect(ADMIN_SHELL_CSP).toBe(
      "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    const media = 'http://127.0.0.1:4569';
    expect(adminShellCsp(media)).toContain(`connect-src 'self' ${media}; img-src 'self' data: ${media}; media-src ${media};`);
    // The <meta> form: the same without frame-ancestors, which a <meta> policy cannot carry.
    expect(renderAdminShell({ mediaOrigin: media })).toContain(`content="${escapeHtml(adminShellCsp(media).replace("; frame-ancestors 'none'", ''))}"`);
  });
});
