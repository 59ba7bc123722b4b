import { createHash, randomBytes } from 'node:crypto';
import type { LocalStack } from '@scc/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FINANCE, GUEST, startTestStack, type TestStack } from './support';

const MiB = 1024 * 1024;
let testStack: TestStack;
let stack: LocalStack;
let slug: string;

const post = async (path: string, body?: unknown) => {
  const res = await fetch(`${stack.apiUrl}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': '203.0.113.5' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: await res.json() };
};
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

beforeAll(async () => {
  // S3's smallest part is 5 MiB; a low threshold sends an 11 MiB video in three parts.
  testStack = await startTestStack({}, { uploadLimits: { multipartThresholdBytes: 6 * MiB, partSizeBytes: 5 * MiB } });
  stack = testStack.stack;
  const created = await testStack.call('POST', '/bookings', {
      source: 'boatsetter',
      externalId: 'BS-VIDEO',
      title: 'Whale watching',
      start: new Date(Date.now() - 3600_000).toISOString(),
      end: new Date(Date.now() + 3600_000).toISOString(),
      timezone: 'America/Los_Angeles',
      boat: 'JADA',
      meetingPoint: 'Dock C',
      guest: GUEST,
      finance: FINANCE,
  });
  slug = created.body.slug;
});
afterAll(() => testStack.stop());

describe('a large video through the API and the local S3, in parts', () => {
  it('resumes after a dropped connection without resending finished parts, and assembles the exact bytes', async () => {
    const video = randomBytes(11 * MiB);
    const started = await post(`/g/${slug}/photos`, { filename: 'whales.mp4', contentType: 'video/mp4', size: video.length });
    expect(started.status).toBe(201);
    expect(started.body.multipart).toEqual({ partSize: 5 * MiB, partCount: 3 });
    const { photoId } = started.body;
    const partUrl = `/g/${slug}/photos/${photoId}/parts`;
    const sent: number[] = [];
    const put = async (part: { partNumber: number; url: string; headers: Record<string, string> }) => {
      const body = video.subarray((part.partNumber - 1) * 5 * MiB, part.partNumber * 5 * MiB);
      const res = await fetch(part.url, { method: 'PUT', headers: part.headers, body });
      expect(res.status).toBe(200);
      sent.push(part.partNumber);
    };

    // First session: part 1 goes up, then the phone loses its signal.
    const first = await post(partUrl, { partNumbers: [1, 2] });
    expect(first.body.uploaded).toEqual([]);
    await put(first.body.parts[0]);

    // After a reload: the server says what it has, and only the rest is sent.
    const resumed = await post(partUrl, { partNumbers: [2, 3] });
    expect(resumed.body.uploaded.map((p: { partNumber: number }) => p.partNumber)).toEqual([1]);
    for (const part of resumed.body.parts) await put(part);
    expect(sent).toEqual([1, 2, 3]);

    const done = await post(`/g/${slug}/photos/${photoId}/complete`);
    expect(done.status).toBe(200);
    expect(done.body.photo).toMatchObject({ contentType: 'video/mp4', size: 11 * MiB });

    const gallery = await (await fetch(`${stack.apiUrl}/g/${slug}/photos`)).json();
    const download = await fetch(gallery.photos[0].url);
    // Saved, not opened, when a guest taps Download: S3 answers as an attachment under our name.
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename="${photoId}.mp4"`);
    const stored = new Uint8Array(await download.arrayBuffer());
    expect(sha256(stored)).toBe(sha256(video));
  });
});
