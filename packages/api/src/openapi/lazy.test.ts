import { startTestApp } from '@scc/test/support';
import * as honoOpenapi from 'hono-openapi';
import { describe, expect, it, vi } from 'vitest';
import { lazily } from './document';

vi.mock('hono-openapi', { spy: true });

describe('the document is built on first use', () => {
  it('not when the app is created; once for /openapi.json and /docs together', async () => {
    const t = await startTestApp();
    try {
      expect(honoOpenapi.generateSpecs).not.toHaveBeenCalled();
      expect((await t.app.request('/openapi.json')).status).toBe(200);
      expect((await t.app.request('/docs')).status).toBe(200);
      expect((await t.app.request('/openapi.json')).status).toBe(200);
      expect(honoOpenapi.generateSpecs).toHaveBeenCalledTimes(1);
    } finally {
      await t.stop();
    }
  });

  it('tries again after a failed build instead of keeping the failure', async () => {
    const build = vi.fn<() => Promise<string>>().mockRejectedValueOnce(new Error('boom')).mockResolvedValue('document');
    const get = lazily(build);
    await expect(get()).rejects.toThrow('boom');
    expect(await get()).toBe('document');
    expect(await get()).toBe('document');
    expect(build).toHaveBeenCalledTimes(2);
  });
});
