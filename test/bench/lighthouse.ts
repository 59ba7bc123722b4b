/**
 * `npm run bench -- lighthouse`: Lighthouse (mobile: its default phone emulation and
 * simulated slow-4G and CPU throttling) on the guest page, the crew page and the admin
 * console, served by the local stack, in Debian's Chromium. Prints each page's four category
 * scores per run and the audits that keep a category below 100, with the elements they name.
 *
 * Offline: Chromium runs with its background networking, component updates and sync off, and
 * every page is on 127.0.0.1; Lighthouse itself fetches nothing (no error reporting, no
 * update checks in its Node API).
 *
 * BENCH_LIGHTHOUSE_RUNS (default 2) runs per page, since scores move with the machine's load;
 * BENCH_LIGHTHOUSE_REPORTS=<folder> also writes each run's HTML report there;
 * BENCH_LIGHTHOUSE_SCHEME=dark runs the pages in dark mode (Lighthouse itself only ever looks
 * at the light colours, and the palette has a second set).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { launch } from 'chrome-launcher';
import lighthouse, { type Flags, type Result } from 'lighthouse';
import { readLocalConfig, startLocalStack } from '@scc/local';
import { CATEGORIES, printPage } from './lighthouse-report';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROME_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function colourScheme(): 'light' | 'dark' {
  const raw = process.env.BENCH_LIGHTHOUSE_SCHEME || 'light';
  if (raw !== 'light' && raw !== 'dark') throw new Error(`BENCH_LIGHTHOUSE_SCHEME is light or dark, not "${raw}"`);
  return raw;
}

function runCount(): number {
  const raw = process.env.BENCH_LIGHTHOUSE_RUNS;
  const n = raw === undefined || raw === '' ? 2 : Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 10) throw new Error(`BENCH_LIGHTHOUSE_RUNS must be a whole number from 1 to 10, not "${raw}"`);
  return n;
}

interface Target {
  label: string;
  url: string;
  /** Sent with every request of the run (the crew page's cookie). */
  headers?: Record<string, string>;
}

/** A booking with two crew and a checklist, and the three pages to measure. */
async function targets(apiUrl: string, serviceKey: string): Promise<Target[]> {
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${apiUrl}${path}`, {
      method,
      headers: { 'X-Service-Key': serviceKey, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const ana = await call('POST', '/crew', { name: 'Ana Lopez', email: 'ana@example.com', phone: '+16195550101' });
  const ben = await call('POST', '/crew', { name: 'Ben Ortiz', email: 'ben@example.com', phone: '+16195550102' });
  const booking = await call('POST', '/bookings', {
    source: 'boatsetter',
    externalId: 'BS-LIGHTHOUSE',
    title: 'Sunset sail — Smith party',
    start: '2027-07-04T18:00:00-07:00',
    end: '2027-07-04T21:00:00-07:00',
    timezone: 'America/Los_Angeles',
    boat: 'JADA',
    meetingPoint: 'Harbor Island West Marina, Dock C',
    guest: { name: 'Jane Smith', email: 'jane@example.com', phone: '+16195550123', count: 6 },
    notes: 'Birthday; bring the cake plates',
    crew: [
      { crewId: ana.crewId, role: 'captain' },
      { crewId: ben.crewId, role: 'mate' },
    ],
    crewTasks: ['Stock cooler', 'Check fuel', 'Inspect sails'],
    finance: { revenue: 185000, captainFee: 35000, platformFee: 27750, currency: 'USD' },
  });
  const { links } = (await call('GET', `/events/${booking.eventId}/links`)) as { links: { crewId: string; url: string }[] };
  const link = links.find((l) => l.crewId === ana.crewId)?.url;
  if (!link) throw new Error('No crew link for the captain');
  // The link trades its token for a cookie, then moves on to the clean URL: that page is the
  // one crew keep open, so it is measured with the cookie, as a browser sends it.
  const opened = await fetch(link, { redirect: 'manual' });
  const cookie = (opened.headers.get('set-cookie') ?? '').split(';')[0];
  if (opened.status !== 200 || !cookie) throw new Error(`The crew link answered ${opened.status} without a cookie`);
  return [
    { label: 'guest page', url: booking.guestUrl },
    { label: 'crew page', url: `${apiUrl}/c/${booking.eventId}`, headers: { Cookie: cookie } },
    { label: 'admin console (issue 13)', url: `${apiUrl}/admin` },
  ];
}

export async function lighthouseFigures(dir: string): Promise<void> {
  const runs = runCount();
  const scheme = colourScheme();
  const reports = process.env.BENCH_LIGHTHOUSE_REPORTS;
  if (reports) await mkdir(reports, { recursive: true });
  const started = performance.now();
  const stack = await startLocalStack(
    readLocalConfig({
      PORT: '0',
      LOCAL_DYNAMODB_PORT: '0',
      LOCAL_S3_PORT: '0',
      LOCAL_SES_PORT: '0',
      LOCAL_CALENDAR: 'off',
      CHANNEL_SYNC_MINUTES: '0',
      SCC_DATA_DIR: join(dir, 'lighthouse'),
    }),
  );
  const chrome = await launch({ chromePath: CHROMIUM, chromeFlags: scheme === 'dark' ? [...CHROME_FLAGS, '--force-dark-mode'] : CHROME_FLAGS, logLevel: 'silent' });
  try {
    const pages = await targets(stack.apiUrl, stack.serviceKey);
    const version = (await import('lighthouse/package.json', { with: { type: 'json' } })).default.version;
    console.log(`Lighthouse ${version} (mobile: default emulation and simulated throttling), ${runs} run(s) per page, ${scheme} colour scheme`);
    // Simulated TBT scales the tasks Chromium really ran, so other work on the machine moves it.
    console.log(`  load average at the start ${loadavg()[0]!.toFixed(1)}`);
    for (const target of pages) {
      const lhrs: Result[] = [];
      const seconds: number[] = [];
      for (let i = 0; i < runs; i++) {
        const flags: Flags = {
          port: chrome.port,
          logLevel: 'error',
          output: 'html',
          onlyCategories: [...CATEGORIES],
          ...(target.headers ? { extraHeaders: target.headers } : {}),
        };
        const t = performance.now();
        const result = await lighthouse(target.url, flags);
        seconds.push((performance.now() - t) / 1000);
        if (!result) throw new Error(`Lighthouse returned nothing for ${target.url}`);
        if (result.lhr.runtimeError) throw new Error(`Lighthouse on ${target.url}: ${result.lhr.runtimeError.code} ${result.lhr.runtimeError.message}`);
        lhrs.push(result.lhr);
        if (reports) {
          const file = join(reports, `${target.label.split(' ')[0]}-${scheme}-${i + 1}.html`);
          await writeFile(file, String(result.report));
        }
      }
      printPage(target.label, target.url, lhrs, seconds);
    }
    console.log(`  load average at the end ${loadavg()[0]!.toFixed(1)}; took ${((performance.now() - started) / 1000).toFixed(0)} s in all`);
  } finally {
    chrome.kill();
    await stack.close();
  }
}
