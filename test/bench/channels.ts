/**
 * A marketplace feed of 500 future trips, synced through the local stack (`npm start`'s, on
 * free ports and a temp folder): the first sync (500 bookings, each through every step), an
 * unchanged feed written out again (fetched, parsed, reconciled, nothing written), and the
 * server's 304. Also the parse alone.
 */
import { join } from 'node:path';
import { parseFeed } from '@scc/core';
import { buildFeed, type FixtureEvent } from '@scc/core/testing';
import { readLocalConfig, startLocalStack } from '@scc/local';
import { startFeedServer } from '../support/feed-server';
import { summary } from './stats';

const EVENTS = Number(process.env.BENCH_FEED_EVENTS ?? 500);

function feedEvents(now: Date): FixtureEvent[] {
  const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 2, 16);
  // Two trips a day, one boat, the morning and the afternoon.
  return Array.from({ length: EVENTS }, (_, i) => {
    const from = new Date(start + Math.floor(i / 2) * 86_400_000 + (i % 2) * 5 * 3_600_000);
    return {
      uid: `bench-${i}@boatsetter.example`,
      start: from,
      end: new Date(from.getTime() + 4 * 3_600_000),
      summary: `Boatsetter Booking - Guest ${i}`,
      description: `Booking #${i}\nRenter: Pat Guest\nGuests: ${(i % 10) + 1}`,
      location: 'Miami Beach Marina',
    };
  });
}

export async function channelFigures(dir: string): Promise<void> {
  const events = feedEvents(new Date());
  const feed = await startFeedServer(buildFeed(events));
  const stack = await startLocalStack(
    readLocalConfig({
      PORT: '0', LOCAL_DYNAMODB_PORT: '0', LOCAL_S3_PORT: '0', LOCAL_SES_PORT: '0', CHANNEL_SYNC_MINUTES: '0', LOCAL_CALENDAR: 'off',
      SCC_DATA_DIR: join(dir, 'channels'),
    }),
  );
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${stack.apiUrl}${path}`, {
      method,
      headers: { 'X-Service-Key': stack.serviceKey, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  try {
    const parses: number[] = [];
    const text = buildFeed(events);
    for (let i = 0; i < 10; i++) {
      const t = performance.now();
      parseFeed(text, { source: 'boatsetter', timezone: 'America/New_York', now: new Date() });
      parses.push(performance.now() - t);
    }
    const channel = await call('POST', '/channels', {
      name: 'Bench', source: 'boatsetter', url: feed.url, boat: 'JADA',
      defaults: { meetingPoint: 'Dock 7', timezone: 'America/New_York', crewTasks: ['Fuel up'] },
    });
    const timed = async () => {
      const t = performance.now();
      const answer = await call('POST', `/channels/${channel.channelId}/sync`);
      return { ms: performance.now() - t, answer };
    };
    const first = await timed();
    feed.serve(buildFeed(events, { stamp: new Date('2027-02-01T00:00:00Z') }));
    const unchanged = await timed();
    const notModified = await timed();
    console.log(`Channel sync of a ${EVENTS}-event feed (local stack, loopback feed server, calendar off)`);
    console.log(`  ${summary(`parse ${EVENTS} events (ical.js)`, parses.sort((a, b) => a - b))}`);
    console.log(`  first sync, ${first.answer.outcome.counts.created} bookings created           ${first.ms.toFixed(0)} ms (${(first.ms / EVENTS).toFixed(1)} ms per booking)`);
    console.log(`  unchanged feed, full body, ${unchanged.answer.outcome.counts.unchanged} unchanged   ${unchanged.ms.toFixed(0)} ms`);
    console.log(`  unchanged feed, 304 Not Modified           ${notModified.ms.toFixed(0)} ms`);
  } finally {
    await stack.close();
    await feed.close();
  }
}
