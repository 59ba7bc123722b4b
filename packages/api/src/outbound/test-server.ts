import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A plain-HTTP server on 127.0.0.1 for the outbound tests, recording what reached it. */
export interface TestServer {
  origin: string;
  port: number;
  /** Path and query of every request that arrived, in order. */
  paths: string[];
  headers: http.IncomingHttpHeaders[];
  close(): Promise<void>;
}

export async function startTestServer(handle: http.RequestListener): Promise<TestServer> {
  const paths: string[] = [];
  const headers: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((request, response) => {
    paths.push(request.url ?? '');
    headers.push(request.headers);
    handle(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    paths,
    headers,
    close: () =>
      new Promise<void>((resolve) => {
        // Tests leave stalled responses open on purpose; close() alone would wait for them.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
