// Applies prisma/migrations/<sqlite|postgres>/NNNN_*.sql in order, each in a
// transaction, and records it in _app_migrations. The same mechanism on both
// databases; safe to run twice and from two processes at once (SQLite takes
// an IMMEDIATE write lock, PostgreSQL an advisory lock).
import { readdirSync, readFileSync, mkdirSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { parseDatabaseUrl, type DatabaseTarget } from './url.ts';

/** prisma/migrations, found upwards from this module (src/infra/db/ in development, dist/ when built). */
function findMigrationsRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'prisma/migrations');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error('prisma/migrations not found next to the program');
}
const migrationsRoot = findMigrationsRoot();

export type Migration = { name: string; sql: string; checksum: string };

export function listMigrations(kind: DatabaseTarget['kind']): Migration[] {
  const dir = join(migrationsRoot, kind);
  return readdirSync(dir)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort()
    .map((f) => {
      const sql = readFileSync(join(dir, f), 'utf8');
      return { name: f.replace(/\.sql$/, ''), sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

const LEDGER = `CREATE TABLE IF NOT EXISTS _app_migrations (name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)`;

function checkRecorded(applied: Map<string, string>, migrations: Migration[]) {
  for (const m of migrations) {
    const sum = applied.get(m.name);
    if (sum && sum !== m.checksum) {
      throw new Error(`Migration ${m.name} was changed after it was applied (checksum differs). Write a new migration instead.`);
    }
  }
}

/** Returns the names of the migrations applied by this call. */
export async function migrate(url: string | undefined): Promise<string[]> {
  const target = parseDatabaseUrl(url);
  const migrations = listMigrations(target.kind);
  return target.kind === 'sqlite' ? migrateSqlite(target.path, migrations) : migratePostgres(target.url, migrations);
}

function migrateSqlite(path: string, migrations: Migration[]): string[] {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: 15_000 });
  try {
    db.pragma('journal_mode = WAL');
    db.exec(LEDGER);
    const done: string[] = [];
    db.exec('BEGIN IMMEDIATE');
    try {
      const rows = db.prepare('SELECT name, checksum FROM _app_migrations').all() as { name: string; checksum: string }[];
      const applied = new Map(rows.map((r) => [r.name, r.checksum]));
      checkRecorded(applied, migrations);
      for (const m of migrations) {
        if (applied.has(m.name)) continue;
        db.exec(m.sql);
        db.prepare('INSERT INTO _app_migrations (name, checksum, applied_at) VALUES (?, ?, ?)').run(m.name, m.checksum, new Date().toISOString());
        done.push(m.name);
      }
      db.exec('COMMIT');
    } catch (e) {
      db.exec('ROLLBACK');
      throw e;
    }
    return done;
  } finally {
    db.close();
  }
}

async function migratePostgres(url: string, migrations: Migration[]): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock(74310017)');
      await client.query(LEDGER);
      const { rows } = await client.query<{ name: string; checksum: string }>('SELECT name, checksum FROM _app_migrations');
      const applied = new Map(rows.map((r) => [r.name, r.checksum]));
      checkRecorded(applied, migrations);
      const done: string[] = [];
      for (const m of migrations) {
        if (applied.has(m.name)) continue;
        await client.query(m.sql);
        await client.query('INSERT INTO _app_migrations (name, checksum, applied_at) VALUES ($1, $2, $3)', [m.name, m.checksum, new Date().toISOString()]);
        done.push(m.name);
      }
      await client.query('COMMIT');
      return done;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    }
  } finally {
    await client.end();
  }
}
