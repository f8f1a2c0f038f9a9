// Opens the Prisma client for the configured database. The app is typed
// against the SQLite client; the PostgreSQL client is generated from the same
// model (scripts/generate.mjs), so the two have the same shape.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient as SqliteClient } from '../../generated/sqlite/client.ts';
import { PrismaClient as PostgresClient } from '../../generated/postgres/client.ts';
import { parseDatabaseUrl, type DatabaseTarget } from './url.ts';

export type Db = SqliteClient;
/** The client inside `db.$transaction(async (tx) => …)`. */
export type Tx = Omit<Db, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;

export type Database = { db: Db; target: DatabaseTarget; close(): Promise<void>; /** PostgreSQL only: the connection pool (for health figures). */ pool?: pg.Pool };

export function openDatabase(url: string | undefined, opts: { poolSize?: number } = {}): Database {
  const target = parseDatabaseUrl(url);
  let db: Db;
  let pool: pg.Pool | undefined;
  if (target.kind === 'sqlite') {
    if (target.path !== ':memory:') mkdirSync(dirname(target.path), { recursive: true });
    db = new SqliteClient({ adapter: new PrismaBetterSQLite3({ url: target.path, timeout: 15_000 }) });
  } else {
    // Our own pool, so that a connection the server drops (a restart, a failover,
    // pg_terminate_backend) is an error for the query using it, never an unhandled
    // 'error' event that would take the whole process down.
    // A connection that cannot be had within 10 s is an error (never an endless wait).
    pool = new pg.Pool({ connectionString: target.url, max: opts.poolSize ?? 10, connectionTimeoutMillis: 10_000, idleTimeoutMillis: 30_000 });
    pool.on('error', () => {});
    pool.on('connect', (client) => client.on('error', () => {}));
    releaseDeadConnections(pool);
    const adapter = new PrismaPg(pool, { disposeExternalPool: true });
    db = new PostgresClient({ adapter }) as unknown as Db;
  }
  return { db, target, pool, close: () => db.$disconnect() };
}

/** True when the database answers a trivial query. */
export async function ping(db: Db): Promise<boolean> {
  try {
    await db.$queryRawUnsafe('SELECT 1');
    return true;
  } catch {
    return false;
  }
}

/**
 * Prisma's pg adapter holds a connection for each interactive transaction and
 * gives it back only when COMMIT or ROLLBACK succeeds. When the server kills
 * the connection mid-transaction, ROLLBACK fails too and the connection is
 * never given back; after ten of those the pool is empty and every query waits
 * for ever. Here a checked-out connection that dies is released (and so
 * destroyed) at once, and a later release of it is a no-op.
 */
function releaseDeadConnections(pool: pg.Pool) {
  const connect = pool.connect.bind(pool) as () => Promise<pg.PoolClient>;
  (pool as { connect: unknown }).connect = async (callback?: unknown) => {
    if (typeof callback === 'function') return (connect as unknown as (cb: unknown) => void)(callback);
    const client = await connect();
    const release = client.release.bind(client);
    let released = false;
    const dead = () => (client as unknown as { _queryable?: boolean; _ending?: boolean })._queryable === false || (client as unknown as { _ending?: boolean })._ending === true;
    const releaseOnce = (err?: Error | boolean) => {
      if (released) return;
      released = true;
      client.removeListener('error', onError);
      client.removeListener('end', onEnd);
      client.query = query;
      release(err);
    };
    const onError = (e: Error) => releaseOnce(e);
    const onEnd = () => releaseOnce(new Error('connection ended'));
    client.on('error', onError);
    client.on('end', onEnd);
    client.release = releaseOnce as typeof client.release;
    const query = client.query;
    client.query = (async (...args: unknown[]) => {
      try {
        return await (query as (...a: unknown[]) => Promise<unknown>).apply(client, args);
      } catch (e) {
        if (dead()) releaseOnce(e as Error);
        throw e;
      }
    }) as typeof client.query;
    return client;
  };
}
