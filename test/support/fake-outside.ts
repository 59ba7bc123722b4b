import type { CdnInvalidator, GuestPageStore, Mailer, OutgoingEmail } from '@scc/core';
import { MagicLinks, type Outside } from '@scc/api';

/** In-memory stand-ins for S3 pages, CloudFront and SES, for tests that only need the API. */
export class MemoryGuestPages implements GuestPageStore {
  readonly pages = new Map<string, string>();
  puts = 0;
  async put(slug: string, html: string): Promise<void> {
    this.puts++;
    this.pages.set(slug, html);
  }
}

export class MemoryCdn implements CdnInvalidator {
  readonly calls: { paths: string[]; callerReference: string }[] = [];
  async invalidate(paths: string[], callerReference: string) {
    this.calls.push({ paths, callerReference });
    return { invalidationId: `I${this.calls.length}` };
  }
}

export class MemoryMailer implements Mailer {
  readonly sent: (OutgoingEmail & { messageId: string })[] = [];
  async send(email: OutgoingEmail) {
    const messageId = `msg-${this.sent.length + 1}`;
    this.sent.push({ ...email, messageId });
    return { messageId };
  }
}

export const TEST_MAGIC_LINKS = new MagicLinks([{ kid: 'test', secret: new Uint8Array(32).fill(7) }]);

export function fakeOutside(overrides: Partial<Outside> = {}) {
  const guestPages = new MemoryGuestPages();
  const cdn = new MemoryCdn();
  const mailer = new MemoryMailer();
  const outside: Outside = {
    guestPages,
    cdn,
    mailer,
    magicLinks: TEST_MAGIC_LINKS,
    publicBaseUrl: 'https://scc.test',
    ...overrides,
  };
  return { outside, guestPages, cdn, mailer };
}
