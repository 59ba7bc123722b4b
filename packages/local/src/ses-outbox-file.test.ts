import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSes } from './emulators';
import { OutboxFileError } from './ses-outbox-file';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scc-outbox-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function send(url: string, subject: string): Promise<string> {
  const ses = new SESv2Client({ region: 'us-east-1', endpoint: url, credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
  const sent = await ses.send(
    new SendEmailCommand({
      FromEmailAddress: 'crew@shipcaptaincrew.local',
      Destination: { ToAddresses: ['ana@example.com'] },
      Content: { Simple: { Subject: { Data: subject }, Body: { Text: { Data: 'http://127.0.0.1:3000/c/evt_1?t=x' } } } },
    }),
  );
  ses.destroy();
  return sent.MessageId ?? '';
}

const stored = async (file: string) =>
  (JSON.parse(await readFile(file, 'utf8')) as { emails: { messageId: string; subject: string }[] }).emails;

describe('the email outbox kept in a file', () => {
  it('writes each email as it is sent, reads them back on start, and follows /clear-store', async () => {
    const file = join(dir, 'outbox.json');
    const first = await startSes({ outboxFile: file });
    const id = await send(first.url, 'Your trip');
    // Written just after the answer goes out, before any Ctrl-C.
    await expect.poll(async () => (await stored(file).catch(() => [])).map((e) => e.messageId)).toEqual([id]);
    await first.close();

    const second = await startSes({ outboxFile: file });
    const page = (await (await fetch(`${second.url}/store`)).json()) as { emails: { messageId: string }[] };
    expect(page.emails.map((e) => e.messageId)).toContain(id);
    await fetch(`${second.url}/clear-store`, { method: 'POST' });
    await second.close();
    expect(await stored(file)).toEqual([]);
  });

  it('refuses to start on a damaged file, naming it, rather than losing it', async () => {
    const file = join(dir, 'damaged.json');
    await writeFile(file, '{"emails": [');
    const failure = await startSes({ outboxFile: file }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OutboxFileError);
    expect((failure as Error).message).toContain(file);
    expect((failure as Error).cause).toBeInstanceOf(SyntaxError);
  });
});
