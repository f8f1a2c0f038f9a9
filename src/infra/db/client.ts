// Opens the Prisma client for the configured database. The app is typed
// against the SQLite client; the PostgreSQL client is generated from the same
// model (scripts/generate.mjs), so the two have the same shape.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as SqliteClient } from '../../generated/sqlite/client.ts';
import { PrismaClient as PostgresClient } from '../../generated/postgres/client.ts';
import { parseDatabaseUrl, type DatabaseTarget } from './url.ts';

export type Db = SqliteClient;
/** The client inside `db.$transaction(async (tx) => …)`. */
export type Tx = Omit<Db, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;

export type Database = { db: Db; target: DatabaseTarget; close(): Promise<void> };

export function openDatabase(url: string | undefined, opts: { poolSize?: number } = {}): Database {
  const target = parseDatabaseUrl(url);
  let db: Db;
  if (target.kind === 'sqlite') {
    if (target.path !== ':memory:') mkdirSync(dirname(target.path), { recursive: true });
    db = new SqliteClient({ adapter: new PrismaBetterSQLite3({ url: target.path, timeout: 15_000 }) });
  } else {
    const adapter = new PrismaPg({ connectionString: target.url, max: opts.poolSize ?? 10 });
    db = new PostgresClient({ adapter }) as unknown as Db;
  }
  return { db, target, close: () => db.$disconnect() };
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
