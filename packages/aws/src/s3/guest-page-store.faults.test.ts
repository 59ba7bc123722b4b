import { NoSuchBucket, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { DependencyRejectedError, DependencyUnavailableError } from '@scc/core';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { S3GuestPageStore } from './guest-page-store';

const s3 = new S3Client({
  region: 'us-east-1',
  credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
});
const mock = mockClient(s3);
const store = new S3GuestPageStore(s3, 'pages');
afterEach(() => mock.reset());

describe('S3GuestPageStore faults', () => {
  it('sends the page with its headers and the caller signal', async () => {
    mock.on(PutObjectCommand).resolves({});
    const signal = new AbortController().signal;
    await store.put('trip-1', '<p>hi</p>', signal);
    const [call] = mock.commandCalls(PutObjectCommand);
    expect(call?.args[0].input).toEqual({
      Bucket: 'pages',
      Key: 'g/trip-1.html',
      Body: '<p>hi</p>',
      ContentType: 'text/html; charset=utf-8',
      CacheControl: 'public, max-age=60, s-maxage=31536000',
    });
    // The mock stubs `send`, so it sees the options the SDK would hand its HTTP handler.
    expect(call?.args).toEqual([expect.anything(), { abortSignal: signal }]);
  });

  it('turns a 500 into a retryable DependencyUnavailableError', async () => {
    const error = new S3ServiceException({
      name: 'InternalError',
      $fault: 'server',
      message: 'We encountered an internal error. Please try again.',
      $metadata: { httpStatusCode: 500 },
    });
    mock.on(PutObjectCommand).rejects(error);
    const failure = await store.put('trip-1', '<p>hi</p>').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DependencyUnavailableError);
    expect(failure).toMatchObject({
      retryable: true,
      message: 'S3 is unavailable or throttling; try again',
      details: { dependency: 's3', operation: 'putGuestPage', awsError: 'InternalError' },
    });
    expect((failure as Error).cause).toBe(error);
  });

  it('turns a missing bucket into a DependencyRejectedError', async () => {
    mock.on(PutObjectCommand).rejects(
      new NoSuchBucket({
        message: 'The specified bucket does not exist',
        $metadata: { httpStatusCode: 404 },
      }),
    );
    await expect(store.put('trip-1', '<p>hi</p>')).rejects.toSatisfy(
      (e) =>
        e instanceof DependencyRejectedError &&
        e.message === 'S3 refused the request: The specified bucket does not exist',
    );
  });

  it('lets a TypeError through unchanged', async () => {
    const bug = new TypeError('Cannot read properties of undefined');
    mock.on(PutObjectCommand).rejects(bug);
    await expect(store.put('trip-1', '<p>hi</p>')).rejects.toBe(bug);
  });
});
