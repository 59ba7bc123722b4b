import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A marketplace's feed, served on loopback for the tests: its body can be changed between
 * syncs, it answers conditional GETs with 304 like a real server, and counts what it served.
 */
export async function startFeedServer(initial = '') {
  let body = initial;
  let contentType = 'text/calendar; charset=utf-8';
  let status = 200;
  const served = { full: 0, notModified: 0 };
  const server = createServer((req, res) => {
    const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
    if (status === 200 && req.headers['if-none-match'] === etag) {
      served.notModified++;
      res.writeHead(304, { ETag: etag }).end();
      return;
    }
    served.full++;
    res.writeHead(status, { 'Content-Type': contentType, ETag: etag }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    /** The token in the path stands for the marketplace's secret. */
    url: `http://127.0.0.1:${port}/owner/ical/tok_SECRETFEEDTOKEN.ics`,
    served,
    serve(next: string, options: { contentType?: string; status?: number } = {}) {
      body = next;
      contentType = options.contentType ?? 'text/calendar; charset=utf-8';
      status = options.status ?? 200;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
