/**
 * A plain HTTP server for tests on 127.0.0.1 and a free port: a stand-in web server, a proxy or a
 * server that redirects. Stopped by its own handle.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LocalServer {
  server: http.Server;
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  /** Ends open connections (kept-alive ones too) and stops listening. */
  close(): Promise<void>;
}

export async function startLocalServer(handler: http.RequestListener): Promise<LocalServer> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
