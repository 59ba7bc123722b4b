import { S3ServiceException } from '@aws-sdk/client-s3';
import {
  MessageRejected,
  SESv2ServiceException,
  TooManyRequestsException,
} from '@aws-sdk/client-sesv2';
import { DependencyRejectedError, DependencyUnavailableError, NotFoundError } from '@scc/core';
import { describe, expect, it } from 'vitest';
import { callAws, classifyAwsError } from './aws-errors';

const meta = (httpStatusCode: number) => ({ httpStatusCode });
const s3Error = (name: string, status: number, message = `${name} happened`) =>
  new S3ServiceException({
    name,
    $fault: status >= 500 ? 'server' : 'client',
    message,
    $metadata: meta(status),
  });
const network = (code: string) =>
  Object.assign(new Error(`connect ${code} 10.0.0.1:443`), { code });
const named = (name: string) => Object.assign(new Error(name), { name });

describe('classifyAwsError', () => {
  it.each([
    ['ThrottlingException', s3Error('ThrottlingException', 400)],
    [
      'TooManyRequestsException',
      new TooManyRequestsException({ message: 'Too many', $metadata: meta(429) }),
    ],
    ['SlowDown', s3Error('SlowDown', 503)],
    ['RequestLimitExceeded', s3Error('RequestLimitExceeded', 400)],
    [
      'ProvisionedThroughputExceededException',
      s3Error('ProvisionedThroughputExceededException', 400),
    ],
    ['TooManyInvalidationsInProgress', s3Error('TooManyInvalidationsInProgress', 400)],
    ['an unnamed 500', s3Error('UnknownError', 500)],
    ['a 503', s3Error('ServiceUnavailable', 503)],
    ['a bare 429', s3Error('Whatever', 429)],
    ['$retryable', Object.assign(s3Error('Odd', 400), { $retryable: {} })],
    [
      'a server fault without status',
      new SESv2ServiceException({ name: 'X', $fault: 'server', $metadata: {} }),
    ],
    ['ECONNREFUSED', network('ECONNREFUSED')],
    ['ECONNRESET', network('ECONNRESET')],
    ['ETIMEDOUT', network('ETIMEDOUT')],
    ['EPIPE', network('EPIPE')],
    ['EAI_AGAIN', network('EAI_AGAIN')],
    ['the SDK TimeoutError', named('TimeoutError')],
    ['an AbortError from the caller signal', named('AbortError')],
  ])('%s is unavailable (retryable)', (_, error) => {
    expect(classifyAwsError(error)).toBe('unavailable');
  });

  it.each([
    ['MessageRejected', new MessageRejected({ message: 'Illegal address', $metadata: meta(400) })],
    ['MailFromDomainNotVerifiedException', s3Error('MailFromDomainNotVerifiedException', 400)],
    ['AccessDenied', s3Error('AccessDenied', 403)],
    ['NoSuchBucket', s3Error('NoSuchBucket', 404)],
    ['NoSuchDistribution', s3Error('NoSuchDistribution', 404)],
    [
      'a client fault without status',
      new SESv2ServiceException({ name: 'Y', $fault: 'client', $metadata: {} }),
    ],
  ])('%s is rejected (final)', (_, error) => {
    expect(classifyAwsError(error)).toBe('rejected');
  });

  it.each([
    ['a TypeError', new TypeError('x is undefined')],
    ['a plain Error', new Error('bug')],
    ['an SCC error', new NotFoundError('gone')],
    ['a string', 'boom'],
    ['null', null],
  ])('%s is not an AWS failure', (_, error) => {
    expect(classifyAwsError(error)).toBeUndefined();
  });
});

describe('callAws', () => {
  it('passes the result through', async () => {
    await expect(callAws('s3', 'put', async () => 42)).resolves.toBe(42);
  });

  it('turns throttling into a retryable error with a short message and the cause', async () => {
    const error = s3Error('SlowDown', 503, 'Please reduce your request rate.');
    const failure = await callAws('s3', 'putGuestPage', () => Promise.reject(error)).catch(
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(DependencyUnavailableError);
    expect(failure).toMatchObject({
      message: 'S3 is unavailable or throttling; try again',
      retryable: true,
      details: { dependency: 's3', operation: 'putGuestPage', awsError: 'SlowDown' },
    });
    expect((failure as Error).cause).toBe(error);
  });

  it('names the network code of a dropped connection', async () => {
    const failure = await callAws('ses', 'sendEmail', () =>
      Promise.reject(network('ECONNRESET')),
    ).catch((e: unknown) => e);
    expect(failure).toMatchObject({ details: { awsError: 'ECONNRESET' } });
  });

  it('turns a refusal into a final error that keeps what AWS said', async () => {
    const error = new MessageRejected({
      message: 'Email address is not verified.',
      $metadata: meta(400),
    });
    const failure = await callAws('ses', 'sendEmail', () => Promise.reject(error)).catch(
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(DependencyRejectedError);
    expect(failure).toMatchObject({
      message: 'SES refused the email: Email address is not verified.',
      retryable: false,
      details: { dependency: 'ses', operation: 'sendEmail', awsError: 'MessageRejected' },
    });
    expect((failure as Error).cause).toBe(error);
  });

  it('falls back to the error name when AWS gave no message', async () => {
    const failure = await callAws('cloudfront', 'createInvalidation', () =>
      Promise.reject(s3Error('AccessDenied', 403, '')),
    ).catch((e: unknown) => e);
    expect((failure as Error).message).toBe('CloudFront refused the invalidation: AccessDenied');
  });

  it('lets programming errors and SCC errors through unchanged', async () => {
    const bug = new TypeError('boom');
    await expect(callAws('s3', 'put', () => Promise.reject(bug))).rejects.toBe(bug);
    const chosen = new NotFoundError('gone');
    await expect(callAws('s3', 'put', () => Promise.reject(chosen))).rejects.toBe(chosen);
  });
});
