import type {
  CdnInvalidator,
  DeliveryMessage,
  DeliveryQueue,
  GuestPageStore,
  Mailer,
  OutgoingEmail,
  PhotoStorage,
  PresignedRequest,
  StoredObject,
} from '@scc/core';
import { createFeedFetcher, createWebhookSender, LOCAL_STACK, MagicLinks, type Outside, type ServiceSettings } from '@scc/api';

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

/**
 * Object storage in memory: pre-signed URLs are `memory://` addresses; a test "uploads" by
 * calling `arrive`, as the browser's PUT to S3 would.
 */
export class MemoryPhotoStorage implements PhotoStorage {
  readonly objects = new Map<string, StoredObject>();
  readonly parts = new Map<string, Map<number, { etag: string; size: number }>>();
  readonly presigned: { key: string; contentType?: string; size?: number; expiresInSeconds: number }[] = [];

  arrive(key: string, object: StoredObject): void {
    this.objects.set(key, object);
  }

  arrivePart(uploadId: string, partNumber: number, size: number): void {
    const parts = this.parts.get(uploadId) ?? new Map();
    parts.set(partNumber, { etag: `"etag-${partNumber}"`, size });
    this.parts.set(uploadId, parts);
  }

  private signed(method: 'PUT' | 'GET', key: string, expiresInSeconds: number, headers: Record<string, string> = {}): PresignedRequest {
    return { method, url: `memory://${key}?expires=${expiresInSeconds}`, headers, expiresAt: new Date(Date.now() + expiresInSeconds * 1000).toISOString() };
  }

  async presignPut(key: string, contentType: string, size: number, expiresInSeconds: number) {
    this.presigned.push({ key, contentType, size, expiresInSeconds });
    return this.signed('PUT', key, expiresInSeconds, { 'Content-Type': contentType, 'Content-Length': String(size) });
  }

  async presignGet(key: string, expiresInSeconds: number) {
    return this.signed('GET', key, expiresInSeconds);
  }

  async head(key: string) {
    return this.objects.get(key);
  }

  readonly multipart = new Map<string, { key: string; contentType: string }>();

  async createMultipart(key: string, contentType: string) {
    const uploadId = `up-${this.multipart.size + 1}`;
    this.multipart.set(uploadId, { key, contentType });
    return uploadId;
  }

  async presignPart(key: string, uploadId: string, partNumber: number, size: number, expiresInSeconds: number) {
    return this.signed('PUT', `${key}?uploadId=${uploadId}&partNumber=${partNumber}`, expiresInSeconds, { 'Content-Length': String(size) });
  }

  async listParts(_key: string, uploadId: string) {
    return [...(this.parts.get(uploadId) ?? new Map()).entries()]
      .map(([partNumber, part]) => ({ partNumber, ...part }))
      .sort((a, b) => a.partNumber - b.partNumber);
  }

  async completeMultipart(key: string, uploadId: string, parts: { partNumber: number; etag: string }[]) {
    const stored = this.parts.get(uploadId) ?? new Map();
    const size = parts.reduce((sum, part) => sum + (stored.get(part.partNumber)?.size ?? 0), 0);
    this.objects.set(key, { size, contentType: this.multipart.get(uploadId)?.contentType ?? '' });
  }

  async abortMultipart(_key: string, uploadId: string) {
    this.parts.delete(uploadId);
  }
}

/** Records what would have gone to SQS; a test delivers by handing `sent` to the consumer. */
export class RecordingDeliveryQueue implements DeliveryQueue {
  readonly sent: DeliveryMessage[] = [];
  async send(messages: readonly DeliveryMessage[]): Promise<void> {
    this.sent.push(...messages.map((m) => ({ ...m })));
  }
}

/** Where the tests' links point. */
export const TEST_SETTINGS: ServiceSettings = { publicBaseUrl: 'https://scc.test' };

export const TEST_MAGIC_LINKS = new MagicLinks([{ kid: 'test', secret: new Uint8Array(32).fill(7) }]);

export function fakeOutside(overrides: Partial<Outside> = {}) {
  const guestPages = new MemoryGuestPages();
  const cdn = new MemoryCdn();
  const mailer = new MemoryMailer();
  const photoStorage = new MemoryPhotoStorage();
  const deliveryQueue = new RecordingDeliveryQueue();
  const outside: Outside = {
    photoStorage,
    guestPages,
    cdn,
    mailer,
    magicLinks: TEST_MAGIC_LINKS,
    feedFetcher: createFeedFetcher(LOCAL_STACK),
    deliveryQueue,
    webhookSender: createWebhookSender(LOCAL_STACK),
    ...overrides,
  };
  return { outside, guestPages, cdn, mailer, photoStorage, deliveryQueue };
}
