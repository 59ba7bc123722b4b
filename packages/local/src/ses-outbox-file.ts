import { readFile, rename, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type * as StoreModule from 'aws-ses-v2-local/dist/store';

// aws-ses-v2-local keeps its emails in one module-level store, in memory only. The same
// CommonJS module instance its server uses is reached through require().
const require = createRequire(import.meta.url);
const { getStoreReadonly } = require('aws-ses-v2-local/dist/store') as typeof StoreModule;

type Email = StoreModule.Email;

export class OutboxFileError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OutboxFileError';
  }
}

// Emails already owned by an outbox file in this process. The store is shared by every SES
// emulator in the process (tests run several stacks in one worker), so each file records
// only the emails that arrived through its own server or were read from it.
const owned = new Set<string>();

/**
 * Keeps the outbox in a JSON file, so crew links from emails sent before a restart can
 * still be opened from the outbox page: reads the file into the store now, and writes this
 * server's emails back after every request that added one, and on `flush`.
 */
export async function keepOutboxIn(file: string, server: Server): Promise<{ flush(): Promise<void> }> {
  const mine: Email[] = await readOutbox(file);
  const store = getStoreReadonly();
  const present = new Set(store.emails.map((email) => email.messageId));
  for (const email of mine) {
    owned.add(email.messageId);
    // The store's array is the live one its server reads; appending is how it grows too.
    if (!present.has(email.messageId)) (store.emails as Email[]).push(email);
  }

  let writing = Promise.resolve();
  const flush = () => {
    // One write at a time, each of the latest list; a rename keeps the file whole if the
    // process dies mid-write.
    writing = writing.then(async () => {
      const temp = `${file}.tmp`;
      await writeFile(temp, JSON.stringify({ emails: mine }), { mode: 0o600 });
      await rename(temp, file);
    });
    return writing;
  };
  const collect = () => {
    const emails = getStoreReadonly().emails;
    // POST /clear-store empties the outbox page; the file follows, or a restart would bring
    // the cleared emails back.
    const present = new Set(emails.map((email) => email.messageId));
    const before = mine.length;
    const kept = mine.filter((email) => present.has(email.messageId));
    mine.splice(0, mine.length, ...kept);
    let changed = kept.length !== before;
    for (const email of emails) {
      if (owned.has(email.messageId)) continue;
      owned.add(email.messageId);
      mine.push(email);
      changed = true;
    }
    if (changed) void flush().catch((error: unknown) => console.error(`Cannot save the email outbox to ${file}:`, error));
  };
  server.on('request', (_req, res) => res.once('finish', collect));
  return {
    flush: async () => {
      collect();
      await flush();
    },
  };
}

async function readOutbox(file: string): Promise<Email[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new OutboxFileError(`Cannot read the email outbox ${file}`, { cause: error });
  }
  try {
    const parsed = JSON.parse(text) as { emails?: unknown };
    if (!Array.isArray(parsed.emails)) throw new Error('no "emails" list');
    return parsed.emails as Email[];
  } catch (error) {
    throw new OutboxFileError(`The email outbox ${file} is not readable JSON; move it away to start with an empty outbox`, {
      cause: error,
    });
  }
}
