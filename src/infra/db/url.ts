import { resolve } from 'node:path';

export const DEFAULT_DATABASE_URL = 'file:./data/bot.db';

export type DatabaseTarget = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

/** A `file:` URL (or nothing) is embedded SQLite; `postgres://` / `postgresql://` is PostgreSQL. */
export function parseDatabaseUrl(url: string | undefined): DatabaseTarget {
  const u = url && url.trim() !== '' ? url.trim() : DEFAULT_DATABASE_URL;
  if (/^postgres(ql)?:\/\//.test(u)) return { kind: 'postgres', url: u };
  if (u.startsWith('file:')) {
    const p = u.slice('file:'.length);
    return { kind: 'sqlite', path: p === ':memory:' ? p : resolve(p) };
  }
  throw new Error(`DATABASE_URL must start with file: (SQLite) or postgres:// (PostgreSQL), got "${u.split(':')[0]}:…"`);
}
