// GET /healthz: whether the database answers. Bolt serves it in HTTP mode;
// this small server serves it in Socket Mode and, when PORT is set, in the console.
import { createServer, type Server } from 'node:http';
import type { Db } from './db/client.ts';
import { ping } from './db/client.ts';

export async function startHealthServer(db: Db, port: number): Promise<{ server: Server; close(): Promise<void> }> {
  const server = createServer(async (req, res) => {
    if (req.method === 'GET' && req.url === '/healthz') {
      const ok = await ping(db);
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok, database: ok ? 'reachable' : 'unreachable' }));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(port, r));
  return { server, close: () => new Promise<void>((r) => server.close(() => r())) };
}
