import {
  AccessDenied,
  CloudFrontClient,
  CloudFrontServiceException,
  CreateInvalidationCommand,
  TooManyInvalidationsInProgress,
} from '@aws-sdk/client-cloudfront';
import { DependencyRejectedError, DependencyUnavailableError } from '@scc/core';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { CloudFrontInvalidator } from './invalidator';

// There is no CloudFront emulator; the SDK client is stubbed at `send`.
const client = new CloudFrontClient({
  region: 'us-east-1',
  credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
});
const mock = mockClient(client);
const invalidator = new CloudFrontInvalidator(client, 'E2EXAMPLE123');
const paths = ['/g/sunset-sail-4k7xq2*'];
afterEach(() => mock.reset());

describe('CloudFrontInvalidator', () => {
  it('creates one invalidation batch with the caller reference and the paths', async () => {
    mock.on(CreateInvalidationCommand).resolves({
      Invalidation: {
        Id: 'I2J0I21PCUYOIK',
        Status: 'InProgress',
        CreateTime: new Date(),
        InvalidationBatch: { CallerReference: 'bk_1-v3', Paths: { Quantity: 1, Items: paths } },
      },
    });
    const signal = new AbortController().signal;
    await expect(invalidator.invalidate(paths, 'bk_1-v3', signal)).resolves.toEqual({
      invalidationId: 'I2J0I21PCUYOIK',
    });
    const [call] = mock.commandCalls(CreateInvalidationCommand);
    expect(call?.args[0].input).toEqual({
      DistributionId: 'E2EXAMPLE123',
      InvalidationBatch: {
        CallerReference: 'bk_1-v3',
        Paths: { Quantity: 1, Items: ['/g/sunset-sail-4k7xq2*'] },
      },
    });
    // The mock stubs `send`, so it sees the options the SDK would hand its HTTP handler.
    expect(call?.args).toEqual([expect.anything(), { abortSignal: signal }]);
  });

  it('refuses an empty or relative batch without calling CloudFront', async () => {
    await expect(invalidator.invalidate([], 'ref')).rejects.toThrow(/at least one path/);
    await expect(invalidator.invalidate(['g/x*'], 'ref')).rejects.toThrow(/start with "\/"/);
    await expect(invalidator.invalidate(paths, '')).rejects.toThrow(/caller reference/);
    expect(mock.commandCalls(CreateInvalidationCommand)).toHaveLength(0);
  });
});

describe('CloudFrontInvalidator faults', () => {
  it('turns TooManyInvalidationsInProgress into a retryable error', async () => {
    mock.on(CreateInvalidationCommand).rejects(
      new TooManyInvalidationsInProgress({
        message:
          'Processing your request will cause you to exceed the maximum number of ' +
          'in-progress wildcard invalidations.',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const failure = await invalidator.invalidate(paths, 'ref').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DependencyUnavailableError);
    expect(failure).toMatchObject({
      retryable: true,
      message: 'CloudFront is unavailable or throttling; try again',
      details: {
        dependency: 'cloudfront',
        operation: 'createInvalidation',
        awsError: 'TooManyInvalidationsInProgress',
      },
    });
  });

  it('turns AccessDenied into a final error', async () => {
    mock.on(CreateInvalidationCommand).rejects(
      new AccessDenied({ message: 'Access denied.', $metadata: { httpStatusCode: 403 } }),
    );
    const failure = await invalidator.invalidate(paths, 'ref').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DependencyRejectedError);
    expect(failure).toMatchObject({
      retryable: false,
      message: 'CloudFront refused the invalidation: Access denied.',
      details: { awsError: 'AccessDenied' },
    });
  });

  it('turns a reused caller reference with other paths into a final error naming it', async () => {
    mock.on(CreateInvalidationCommand).rejects(
      new CloudFrontServiceException({
        name: 'InvalidationBatchAlreadyExists',
        $fault: 'client',
        message: 'The caller reference was already used for a different batch.',
        $metadata: { httpStatusCode: 409 },
      }),
    );
    const failure = await invalidator.invalidate(paths, 'bk_1-v3').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DependencyRejectedError);
    expect(failure).toMatchObject({
      details: {
        dependency: 'cloudfront',
        awsError: 'InvalidationBatchAlreadyExists',
        callerReference: 'bk_1-v3',
      },
    });
    expect((failure as Error).message).toContain('bk_1-v3');
  });

  it('turns a 503 into a retryable error', async () => {
    mock.on(CreateInvalidationCommand).rejects(
      new CloudFrontServiceException({
        name: 'ServiceUnavailable',
        $fault: 'server',
        message: 'Service Unavailable',
        $metadata: { httpStatusCode: 503 },
      }),
    );
    await expect(invalidator.invalidate(paths, 'ref')).rejects.toBeInstanceOf(
      DependencyUnavailableError,
    );
  });

  it('lets a TypeError through unchanged', async () => {
    const bug = new TypeError('boom');
    mock.on(CreateInvalidationCommand).rejects(bug);
    await expect(invalidator.invalidate(paths, 'ref')).rejects.toBe(bug);
  });
});
