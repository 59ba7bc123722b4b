import { SESv2Client } from '@aws-sdk/client-sesv2';
import { type RunningEmulator, startSes } from '@scc/local/emulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SesMailer } from './mailer';

interface StoredEmail {
  messageId: string;
  from: string;
  replyTo: string[];
  destination: { to: string[] };
  subject: string;
  body: { html?: string; text?: string };
}

let emulator: RunningEmulator;
let client: SESv2Client;

beforeAll(async () => {
  emulator = await startSes();
  client = new SESv2Client({
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});
afterAll(async () => {
  client.destroy();
  await emulator.close();
});

// The emulator keeps one outbox per process, shared by every instance; find ours by id.
async function stored(messageId: string): Promise<StoredEmail | undefined> {
  const response = await fetch(`${emulator.url}/store`);
  const { emails } = (await response.json()) as { emails: StoredEmail[] };
  return emails.find((email) => email.messageId === messageId);
}

describe('SesMailer on the local SES', () => {
  it('sends subject, HTML and text to the recipient, and returns the message id', async () => {
    const mailer = new SesMailer(client, {
      from: 'trips@charter.example',
      replyTo: 'office@charter.example',
      configurationSetName: 'scc',
    });
    const email = {
      to: 'ana@example.com',
      subject: 'Sunset sail — Sat 4 Jul, 18:00 ⛵',
      html: '<p>Hi Ana, your crew page: <a href="https://x.example/c/evt_1?t=abc">open</a></p>',
      text: 'Hi Ana, your crew page: https://x.example/c/evt_1?t=abc',
    };
    const { messageId } = await mailer.send(email);
    expect(messageId).toMatch(/\S/);
    expect(await stored(messageId)).toMatchObject({
      messageId,
      from: 'trips@charter.example',
      replyTo: ['office@charter.example'],
      destination: { to: ['ana@example.com'] },
      subject: email.subject,
      body: { html: email.html, text: email.text },
    });
  });

  it('gives each email its own id', async () => {
    const mailer = new SesMailer(client, { from: 'trips@charter.example' });
    const email = { to: 'bo@example.com', subject: 'Trip', html: '<p>x</p>', text: 'x' };
    const first = await mailer.send(email);
    const second = await mailer.send(email);
    expect(first.messageId).not.toBe(second.messageId);
    expect((await stored(first.messageId))?.replyTo).toEqual([]);
  });
});
