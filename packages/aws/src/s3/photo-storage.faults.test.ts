import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  ListPartsCommand,
  NoSuchUpload,
  NotFound,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { DependencyRejectedError, DependencyUnavailableError, NotFoundError } from '@scc/core';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { S3PhotoStorage } from './photo-storage';

const s3 = new S3Client({
  region: 'us-east-1',
  credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
});
const mock = mockClient(s3);
const storage = new S3PhotoStorage(s3, 'photos-bucket');
const KEY = 'photos/evt_1/ph_1.mp4';
afterEach(() => mock.reset());

const noSuchUpload = () =>
  new NoSuchUpload({
    message: 'The specified upload does not exist.',
    $metadata: { httpStatusCode: 404 },
  });

describe('S3PhotoStorage faults', () => {
  it('turns a 500 on head into a retryable DependencyUnavailableError', async () => {
    const error = new S3ServiceException({
      name: 'InternalError',
      $fault: 'server',
      message: 'We encountered an internal error. Please try again.',
      $metadata: { httpStatusCode: 500 },
    });
    mock.on(HeadObjectCommand).rejects(error);
    const failure = await storage.head(KEY).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DependencyUnavailableError);
    expect(failure).toMatchObject({
      retryable: true,
      details: { dependency: 's3', operation: 'headPhoto', awsError: 'InternalError' },
    });
    expect((failure as Error).cause).toBe(error);
  });

  it('turns AccessDenied on createMultipart into a DependencyRejectedError', async () => {
    mock.on(CreateMultipartUploadCommand).rejects(
      new S3ServiceException({
        name: 'AccessDenied',
        $fault: 'client',
        message: 'Access Denied',
        $metadata: { httpStatusCode: 403 },
      }),
    );
    const failure = await storage.createMultipart(KEY, 'video/mp4').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DependencyRejectedError);
    expect(failure).toMatchObject({
      retryable: false,
      message: 'S3 refused the request: Access Denied',
      details: { dependency: 's3', operation: 'createMultipartUpload', awsError: 'AccessDenied' },
    });
  });

  it('reads a 404 on head as nothing stored', async () => {
    mock.on(HeadObjectCommand).rejects(
      new NotFound({ message: 'NotFound', $metadata: { httpStatusCode: 404 } }),
    );
    expect(await storage.head(KEY)).toBeUndefined();
  });

  it('creates the upload with the key and type, and answers its id', async () => {
    mock.on(CreateMultipartUploadCommand).resolves({ UploadId: 'up-1' });
    expect(await storage.createMultipart(KEY, 'video/mp4')).toBe('up-1');
    expect(mock.commandCalls(CreateMultipartUploadCommand)[0]?.args[0].input).toEqual({
      Bucket: 'photos-bucket',
      Key: KEY,
      ContentType: 'video/mp4',
    });
  });
});

describe('S3PhotoStorage.listParts', () => {
  it('follows PartNumberMarker across pages and answers every part in order', async () => {
    mock
      .on(ListPartsCommand)
      .resolvesOnce({
        IsTruncated: true,
        NextPartNumberMarker: '2',
        Parts: [
          { PartNumber: 2, ETag: '"b"', Size: 5_242_880 },
          { PartNumber: 1, ETag: '"a"', Size: 5_242_880 },
        ],
      })
      .resolvesOnce({
        IsTruncated: false,
        Parts: [{ PartNumber: 4, ETag: '"d"', Size: 1024 }],
      });
    expect(await storage.listParts(KEY, 'up-1')).toEqual([
      { partNumber: 1, etag: '"a"', size: 5_242_880 },
      { partNumber: 2, etag: '"b"', size: 5_242_880 },
      { partNumber: 4, etag: '"d"', size: 1024 },
    ]);
    const inputs = mock.commandCalls(ListPartsCommand).map((call) => call.args[0].input);
    expect(inputs).toEqual([
      { Bucket: 'photos-bucket', Key: KEY, UploadId: 'up-1' },
      { Bucket: 'photos-bucket', Key: KEY, UploadId: 'up-1', PartNumberMarker: '2' },
    ]);
  });

  it('answers an empty list for an upload with no parts yet', async () => {
    mock.on(ListPartsCommand).resolves({ IsTruncated: false });
    expect(await storage.listParts(KEY, 'up-1')).toEqual([]);
  });

  it('refuses to loop on a truncated page without a new marker', async () => {
    mock.on(ListPartsCommand).resolves({ IsTruncated: true, NextPartNumberMarker: undefined });
    await expect(storage.listParts(KEY, 'up-1')).rejects.toThrow(/NextPartNumberMarker/);
  });

  it('reports an upload S3 no longer knows as NotFoundError, so the page starts over', async () => {
    mock.on(ListPartsCommand).rejects(noSuchUpload());
    await expect(storage.listParts(KEY, 'gone')).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('S3PhotoStorage multipart completion and abort', () => {
  it('completes with the parts sorted by number and the ETags as given', async () => {
    mock.on(CompleteMultipartUploadCommand).resolves({});
    await storage.completeMultipart(KEY, 'up-1', [
      { partNumber: 3, etag: '"c"' },
      { partNumber: 1, etag: '"a"' },
      { partNumber: 2, etag: '"b"' },
    ]);
    expect(mock.commandCalls(CompleteMultipartUploadCommand)[0]?.args[0].input).toEqual({
      Bucket: 'photos-bucket',
      Key: KEY,
      UploadId: 'up-1',
      MultipartUpload: {
        Parts: [
          { PartNumber: 1, ETag: '"a"' },
          { PartNumber: 2, ETag: '"b"' },
          { PartNumber: 3, ETag: '"c"' },
        ],
      },
    });
  });

  it('reports completing an unknown upload as NotFoundError', async () => {
    mock.on(CompleteMultipartUploadCommand).rejects(noSuchUpload());
    await expect(
      storage.completeMultipart(KEY, 'gone', [{ partNumber: 1, etag: '"a"' }]),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('treats aborting an upload that is already gone as done', async () => {
    mock.on(AbortMultipartUploadCommand).rejectsOnce(noSuchUpload()).resolves({});
    await expect(storage.abortMultipart(KEY, 'gone')).resolves.toBeUndefined();
    await expect(storage.abortMultipart(KEY, 'up-1')).resolves.toBeUndefined();
    expect(mock.commandCalls(AbortMultipartUploadCommand)[1]?.args[0].input).toEqual({
      Bucket: 'photos-bucket',
      Key: KEY,
      UploadId: 'up-1',
    });
  });
});

describe('S3PhotoStorage refuses bad input before calling S3', () => {
  it.each([
    'g/sunset.html',
    'photo/x.jpg',
    'photos/',
    'photos/../g/sunset.html',
    'photos/a/./b.jpg',
    'photos//b.jpg',
    'photos/a b.jpg',
    'photos/a%2F..%2Fb.jpg',
    'photos/a?.jpg',
    ` photos/a.jpg`,
    `photos/${'x'.repeat(1001)}`,
  ])('the key %j', async (key) => {
    await expect(storage.presignPut(key, 'image/jpeg', 10, 60)).rejects.toThrow(/Not a photo key/);
    await expect(storage.presignGet(key, 60)).rejects.toThrow(/Not a photo key/);
    await expect(storage.presignPart(key, 'up', 1, 10, 60)).rejects.toThrow(/Not a photo key/);
    await expect(storage.head(key)).rejects.toThrow(/Not a photo key/);
    await expect(storage.createMultipart(key, 'video/mp4')).rejects.toThrow(/Not a photo key/);
    await expect(storage.listParts(key, 'up')).rejects.toThrow(/Not a photo key/);
    await expect(storage.completeMultipart(key, 'up', [{ partNumber: 1, etag: '"a"' }])).rejects.toThrow(
      /Not a photo key/,
    );
    await expect(storage.abortMultipart(key, 'up')).rejects.toThrow(/Not a photo key/);
    expect(mock.calls()).toHaveLength(0);
  });

  it.each([0, -1, 601, 1.5, Number.NaN])('an upload URL valid for %s seconds', async (seconds) => {
    await expect(storage.presignPut(KEY, 'video/mp4', 10, seconds)).rejects.toThrow(/expire within 1 to 600/);
    await expect(storage.presignPart(KEY, 'up', 1, 10, seconds)).rejects.toThrow(/expire within 1 to 600/);
  });

  it('a gallery URL valid for more than an hour', async () => {
    await expect(storage.presignGet(KEY, 3601)).rejects.toThrow(/expire within 1 to 3600/);
    await expect(storage.presignGet(KEY, 0)).rejects.toThrow(/expire within 1 to 3600/);
  });

  it.each([0, -5, 2.5, 5 * 1024 ** 3 + 1, Number.NaN])('the size %s', async (size) => {
    await expect(storage.presignPut(KEY, 'video/mp4', size, 60)).rejects.toThrow(/Size must be/);
    await expect(storage.presignPart(KEY, 'up', 1, size, 60)).rejects.toThrow(/Size must be/);
  });

  it.each(['', 'image', 'image/jpeg; charset=utf-8', 'text/html\r\nX-Evil: 1', 'image/jpeg '])(
    'the content type %j',
    async (type) => {
      await expect(storage.presignPut(KEY, type, 10, 60)).rejects.toThrow(/Not a media type/);
      await expect(storage.createMultipart(KEY, type)).rejects.toThrow(/Not a media type/);
      expect(mock.calls()).toHaveLength(0);
    },
  );

  it.each([0, 10_001, 1.5])('the part number %s', async (partNumber) => {
    await expect(storage.presignPart(KEY, 'up', partNumber, 10, 60)).rejects.toThrow(/Part numbers/);
    await expect(storage.completeMultipart(KEY, 'up', [{ partNumber, etag: '"a"' }])).rejects.toThrow(
      /Part numbers/,
    );
  });

  it('an empty upload id, and completing without parts', async () => {
    await expect(storage.presignPart(KEY, '', 1, 10, 60)).rejects.toThrow(/upload id/);
    await expect(storage.listParts(KEY, '')).rejects.toThrow(/upload id/);
    await expect(storage.completeMultipart(KEY, 'up', [])).rejects.toThrow(/at least one part/);
    expect(mock.calls()).toHaveLength(0);
  });
});
