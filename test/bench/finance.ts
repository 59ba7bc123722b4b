/**
 * The finance report at a thousand bookings (issue 13, "Reports"): `GET /finance?month=` and
 * its CSV against the bookings list for the same month (`GET /bookings?from&to`, paged 100 at a
 * time through the whole month), over real HTTP, on an in-memory dynalite. The target: the
 * report and the CSV each cost ≤ 2 × the list.
 *
 * The bookings and their finance are written straight through the repository (the booking
 * workflow's own cost is booking.ts's business); each trip starts in May 2027 by its own
 * calendar. The three requests are timed interleaved, round after round, so that drift on a
 * shared machine falls on all of them alike; the ratios are medians of each round's ratio.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp, createServices, sha256Hex } from '@scc/api';
import { DynamoBookingRepository } from '@scc/aws';
import type { BookingRecord, StepState } from '@scc/core';
import { closeServer } from '@scc/local/emulators';
import { startTestTable } from '../support/dynamo';
import { fakeOutside, TEST_SETTINGS } from '../support/fake-outside';
import { percentile } from './stats';

const MONTH = '2027-05';
const SERVICE_KEY = 'bench-service-key';
const TARGET_RATIO = 2;

function count(name: string, fallback: number): number {
  const raw = process.env[name];
  const n = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 10_000) throw new Error(`${name} must be a whole number from 1 to 10000, not "${raw}"`);
  return n;
}

const pending: StepState = { status: 'pending' };

function bookingAt(i: number): BookingRecord {
  const id = `bench${String(i).padStart(5, '0')}`;
  const day = String((i % 31) + 1).padStart(2, '0');
  const hour = 8 + (i % 9); // 15:00–23:00 UTC: the same day in UTC as on the boat
  const at = (h: number) => `2027-05-${day}T${String(h).padStart(2, '0')}:00:00-07:00`;
  const now = new Date().toISOString();
  return {
    bookingId: id,
    source: 'boatsetter',
    externalId: id,
    payloadHash: `h${i}`,
    request: {
      source: 'boatsetter',
      externalId: id,
      title: `Charter ${i}`,
      start: at(hour),
      end: at(hour + 3),
      timezone: 'America/Los_Angeles',
      boat: 'JADA',
      meetingPoint: 'Harbor Island West Marina, Dock C',
      guest: { name: `Guest ${i}`, count: 6 },
      notes: '',
      crew: [],
      crewTasks: ['Stock cooler', 'Check fuel'],
    },
    status: i % 20 === 0 ? 'cancelled' : 'active',
    eventId: `evt_${id}`,
    slug: `slug-${id}`,
    steps: { event: pending, calendar: pending, guestPage: pending, crewNotices: pending, guestNotices: pending, reminders: pending },
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
}

async function inBatches<T>(items: readonly T[], width: number, run: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map(run));
}

export async function financeFigures(_dir: string): Promise<void> {
  const n = count('BENCH_FINANCE_BOOKINGS', 1000);
  const rounds = count('BENCH_FINANCE_ROUNDS', 15);
  const table = await startTestTable('scc-bench-finance');
  let server: Server | undefined;
  try {
    const repo = new DynamoBookingRepository(table.db, table.tableName);
    const seeded = performance.now();
    await inBatches(
      Array.from({ length: n }, (_, i) => i),
      20,
      async (i) => {
        const record = bookingAt(i);
        await repo.createOrGet(record);
        await repo.putFinance(record.bookingId, { revenue: 150_000 + i, captainFee: 30_000, platformFee: 12_000 + (i % 7), currency: i % 10 === 0 ? 'EUR' : 'USD' }, record.payloadHash);
        if (record.status === 'cancelled') {
          await repo.setFinance(record.bookingId, { revenue: 150_000 + i, captainFee: 30_000, platformFee: 12_000 + (i % 7), currency: i % 10 === 0 ? 'EUR' : 'USD', cancelled: { refund: 50_000, cancellationFee: 5_000 } }, 2);
        }
      },
    );
    const seedMs = performance.now() - seeded;

    const app = createApp({
      services: createServices(table.db, table.tableName, fakeOutside().outside, TEST_SETTINGS),
      serviceKeyHash: sha256Hex(SERVICE_KEY),
      mode: 'local',
    });
    const base = await new Promise<string>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }) as Server;
      server = s;
      s.once('error', reject);
      s.once('listening', () => resolve(`http://127.0.0.1:${(s.address() as AddressInfo).port}`));
    });
    const get = async (path: string) => {
      const res = await fetch(`${base}${path}`, { headers: { 'X-Service-Key': SERVICE_KEY } });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${body.slice(0, 300)}`);
      return body;
    };

    // The office's month view: every booking of the month, a page at a time.
    const list = async () => {
      let seen = 0;
      let cursor: string | undefined;
      do {
        const page = JSON.parse(await get(`/bookings?from=${MONTH}-01&to=${MONTH}-31&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)) as { items: unknown[]; nextCursor?: string | null };
        seen += page.items.length;
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return seen;
    };
    const report = async () => (JSON.parse(await get(`/finance?month=${MONTH}`)) as { rows: unknown[] }).rows.length;
    const csv = async () => (await get(`/finance/csv?month=${MONTH}`)).trimEnd().split('\n').length - 1;

    // One warm-up round, which also checks that all three see every booking.
    const seen = { list: await list(), report: await report(), csv: await csv() };
    if (seen.list !== n || seen.report !== n || seen.csv !== n) {
      throw new Error(`expected ${n} bookings in each, saw list ${seen.list}, report ${seen.report}, csv ${seen.csv}`);
    }

    const timed = async (run: () => Promise<unknown>) => {
      const start = performance.now();
      await run();
      return performance.now() - start;
    };
    const samples = { list: [] as number[], report: [] as number[], csv: [] as number[] };
    const ratios = { report: [] as number[], csv: [] as number[] };
    for (let r = 0; r < rounds; r++) {
      // Rotate the order so that none of them always runs first.
      const order = (['list', 'report', 'csv'] as const).map((_, k, all) => all[(k + r) % all.length]!);
      const round: Record<string, number> = {};
      for (const name of order) round[name] = await timed({ list, report, csv }[name]);
      samples.list.push(round.list!);
      samples.report.push(round.report!);
      samples.csv.push(round.csv!);
      ratios.report.push(round.report! / round.list!);
      ratios.csv.push(round.csv! / round.list!);
    }

    const med = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);
    const line = (label: string, xs: number[]) =>
      `  ${label.padEnd(44)} median ${med(xs).toFixed(1).padStart(7)} ms  (${(med(xs) / n).toFixed(3)} ms per booking; min ${Math.min(...xs).toFixed(1)}, max ${Math.max(...xs).toFixed(1)})`;
    console.log(`Finance report at ${n} bookings in ${MONTH} (HTTP, in-memory dynalite, ${rounds} interleaved rounds; seeded in ${(seedMs / 1000).toFixed(1)} s)`);
    console.log(line('GET /bookings?from&to (100 a page, all pages)', samples.list));
    console.log(line('GET /finance?month', samples.report));
    console.log(line('GET /finance/csv?month', samples.csv));
    for (const [label, xs] of [['report / list', ratios.report], ['csv / list', ratios.csv]] as const) {
      const ratio = med(xs);
      console.log(`  ${label.padEnd(14)} median of round ratios ${ratio.toFixed(2)} ×  (target ≤ ${TARGET_RATIO} ×: ${ratio <= TARGET_RATIO ? 'met' : 'not met'})`);
    }
  } finally {
    if (server) await closeServer(server);
    await table.stop();
  }
}
