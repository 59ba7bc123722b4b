import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  MessageRejected,
  SendEmailCommand,
  SESv2Client,
  TooManyRequestsException,
} from '@aws-sdk/client-sesv2';
import { DependencyRejectedError, DependencyUnavailableError } from '@scc/core';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { SesMailer } from './mailer';

const config = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
};
const client = new SESv2Client(config);
const mock = mockClient(client);
const mailer = new SesMailer(client, { from: 'trips@charter.example' });
const email = { to: 'ana@example.com', subject: 'Trip', html: '<p>Hi</p>', text: 'Hi' };
afterEach(() => mock.reset());

describe('SesMailer', () => {
  it('sends one simple UTF-8 email to one recipient', async () => {
    mock.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    const signal = new AbortController().signal;
    await expect(mailer.send(email, signal)).resolves.toEqual({ messageId: 'm-1' });
    const [call] = mock.commandCalls(SendEmailCommand);
    expect(call?.args[0].input).toEqual({
      FromEmailAddress: 'trips@charter.example',
      Destination: { ToAddresses: ['ana@example.com'] },
      Content: {
        Simple: {
          Subject: { Data: 'Trip', Charset: 'UTF-8' },
          Body: {
            Html: { Data: '<p>Hi</p>', Charset: 'UTF-8' },
            Text: { Data: 'Hi', Charset: 'UTF-8' },
          },
        },
      },
    });
    // The mock stubs `send`, so it sees the options the SDK would hand its HTTP handler.
    expect(call?.args).toEqual([expect.anything(), { abortSignal: signal }]);
  });
});

describe('SesMailer faults', () => {
  it('turns TooManyRequestsException into a retryable error', async () => {
    const error = new TooManyRequestsException({
      message: 'Maximum sending rate exceeded.',
      $metadata: { httpStatusCode: 429 },
    });
    mock.on(SendEmailCommand).rejects(error);
    const failure = await mailer.send(email).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DependencyUnavailableError);
    expect(failure).toMatchObject({
      retryable: true,
      message: 'SES is unavailable or throttling; try again',
      details: {
        dependency: 'ses',
        operation: 'sendEmail',
        awsError: 'TooManyRequestsException',
      },
    });
    expect((failure as Error).cause).toBe(error);
  });

  it('turns MessageRejected into a final error that says why', async () => {
    mock.on(SendEmailCommand).rejects(
      new MessageRejected({
        message: 'Email address is not verified: trips@charter.example',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const failure = await mailer.send(email).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DependencyRejectedError);
    expect(failure).toMatchObject({
      retryable: false,
      message: 'SES refused the email: Email address is not verified: trips@charter.example',
      details: { dependency: 'ses', operation: 'sendEmail', awsError: 'MessageRejected' },
    });
  });

  it('lets a TypeError through unchanged', async () => {
    const bug = new TypeError('Cannot read properties of undefined');
    mock.on(SendEmailCommand).rejects(bug);
    await expect(mailer.send(email)).rejects.toBe(bug);
  });
});

describe('SesMailer with a signal that fires', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('aborts a request SES does not answer, as retryable', async () => {
    // An endpoint that accepts the request and never answers, like a stalled connection.
    server = createServer(() => {});
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const real = new SESv2Client({ ...config, endpoint: `http://127.0.0.1:${port}` });
    try {
      const failure = await new SesMailer(real, { from: 'trips@charter.example' })
        .send(email, AbortSignal.timeout(100))
        .catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(DependencyUnavailableError);
      expect(failure).toMatchObject({ details: { awsError: 'AbortError' } });
    } finally {
      real.destroy();
    }
  });
});
