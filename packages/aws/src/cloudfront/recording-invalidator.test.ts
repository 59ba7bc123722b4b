import { DependencyRejectedError, DependencyUnavailableError } from '@scc/core';
import { describe, expect, it } from 'vitest';
import { RecordingInvalidator } from './recording-invalidator';

const at = new Date('2026-07-01T12:00:00.000Z');

describe('RecordingInvalidator', () => {
  it('records each invalidation with its paths, reference and time', async () => {
    const cdn = new RecordingInvalidator(() => at);
    const first = await cdn.invalidate(['/g/a*'], 'bk_a-v1');
    const second = await cdn.invalidate(['/g/b*', '/g/b.html'], 'bk_b-v1');
    expect(first.invalidationId).not.toBe(second.invalidationId);
    expect(cdn.invalidations()).toEqual([
      {
        invalidationId: first.invalidationId,
        paths: ['/g/a*'],
        callerReference: 'bk_a-v1',
        at: at.toISOString(),
      },
      {
        invalidationId: second.invalidationId,
        paths: ['/g/b*', '/g/b.html'],
        callerReference: 'bk_b-v1',
        at: at.toISOString(),
      },
    ]);
  });

  it('treats the same reference and paths as the same invalidation, like CloudFront', async () => {
    const cdn = new RecordingInvalidator();
    const first = await cdn.invalidate(['/g/a*'], 'bk_a-v1');
    const again = await cdn.invalidate(['/g/a*'], 'bk_a-v1');
    expect(again).toEqual(first);
    expect(cdn.invalidations()).toHaveLength(1);
    await cdn.invalidate(['/g/a*'], 'bk_a-v2');
    expect(cdn.invalidations()).toHaveLength(2);
  });

  it('refuses a reused reference with other paths, like CloudFront', async () => {
    const cdn = new RecordingInvalidator();
    await cdn.invalidate(['/g/a*'], 'bk_a-v1');
    const failure = await cdn.invalidate(['/g/other*'], 'bk_a-v1').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DependencyRejectedError);
    expect(failure).toMatchObject({
      details: { awsError: 'InvalidationBatchAlreadyExists', callerReference: 'bk_a-v1' },
    });
    expect(cdn.invalidations()).toHaveLength(1);
  });

  it('refuses the batches CloudFront would refuse, and an aborted call', async () => {
    const cdn = new RecordingInvalidator();
    await expect(cdn.invalidate([], 'r')).rejects.toThrow(/at least one path/);
    await expect(cdn.invalidate(['g/a'], 'r')).rejects.toThrow(/start with "\/"/);
    const aborted = AbortSignal.abort();
    await expect(cdn.invalidate(['/g/a*'], 'r', aborted)).rejects.toBeInstanceOf(
      DependencyUnavailableError,
    );
    expect(cdn.invalidations()).toEqual([]);
  });

  it('hands out copies of its record', async () => {
    const cdn = new RecordingInvalidator();
    await cdn.invalidate(['/g/a*'], 'r');
    cdn.invalidations()[0]?.paths.push('/tampered');
    expect(cdn.invalidations()[0]?.paths).toEqual(['/g/a*']);
  });
});
