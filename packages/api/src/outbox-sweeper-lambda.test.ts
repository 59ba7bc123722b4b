import { describe, expect, it, vi } from 'vitest';
import { createSweeper } from './outbox-sweeper-lambda';

describe('the outbox sweeper', () => {
  it('sweeps every outbox once per run and says how many events it queued', async () => {
    const sweep = vi.fn(async () => 3);
    const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const run = createSweeper({ outboxRelay: () => ({ sweep }), logger });
    await expect(run()).resolves.toEqual({ queued: 3 });
    expect(sweep).toHaveBeenCalledTimes(1);
    expect(logger.info).toHaveBeenCalledWith('outbox sweep queued webhook events', { queued: 3 });
  });

  it('says nothing when nothing was waiting', async () => {
    const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    await expect(createSweeper({ outboxRelay: () => ({ sweep: async () => 0 }), logger })()).resolves.toEqual({ queued: 0 });
    expect(logger.info).not.toHaveBeenCalled();
  });

  it('fails the run when the sweep fails, so the function errors show it', async () => {
    const run = createSweeper({ outboxRelay: () => ({ sweep: () => Promise.reject(new Error('SQS is unavailable')) }) });
    await expect(run()).rejects.toThrow('SQS is unavailable');
  });
});
