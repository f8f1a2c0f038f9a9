// Writes the SQL for a new migration, for SQLite and for PostgreSQL, from the
// difference between the schema at the last migration (a snapshot kept beside
// the migrations) and prisma/schema.prisma. Offline: `prisma migrate diff`.
//   node scripts/migration.mjs <name>     e.g. add_quota_entries
//   node scripts/migration.mjs --check    fail if the schema has unmigrated changes
//   node scripts/migration.mjs --reset-init   rewrite 0001_init from the whole schema
//        (only while no database outside development has been migrated)
import { readFileSync, writeFileSync, mkdirSync, existsSync, readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { derivePostgres } from './derive-schema.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const migrations = join(root, 'prisma/migrations');
const snapshot = join(migrations, 'schema.snapshot.prisma');
const prisma = join(root, 'node_modules/prisma/build/index.js');
const current = readFileSync(join(root, 'prisma/schema.prisma'), 'utf8');
const pgUrl = process.env.MIGRATION_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const tmp = mkdtempSync(join(tmpdir(), 'migration-'));

function diff(provider, fromText, toText) {
  const write = (name, text) => {
    const file = join(tmp, `${provider}-${name}.prisma`);
    writeFileSync(file, provider === 'sqlite' ? text : derivePostgres(text));
    return file;
  };
  const to = write('to', toText);
  const from = fromText == null ? ['--from-empty'] : ['--from-schema-datamodel', write('from', fromText)];
  // The CLI needs a config whose schema and driver adapter match the provider,
  // or it tries to download a native engine. For PostgreSQL the adapter connects
  // (to MIGRATION_PG_URL) but changes nothing.
  const config = join(root, `.migration-${provider}.config.ts`);
  const adapter = provider === 'sqlite'
    ? `const { PrismaBetterSQLite3 } = await import('@prisma/adapter-better-sqlite3'); return new PrismaBetterSQLite3({ url: ':memory:' });`
    : `const { PrismaPg } = await import('@prisma/adapter-pg'); return new PrismaPg({ connectionString: ${JSON.stringify(pgUrl)} });`;
  writeFileSync(config, `import { defineConfig } from 'prisma/config';\nexport default defineConfig({ schema: ${JSON.stringify(to)}, engine: 'js', experimental: { adapter: true }, adapter: async () => { ${adapter} } });\n`);
  const url = provider === 'sqlite' ? 'file::memory:' : pgUrl;
  try {
    return execFileSync(
      process.execPath,
      [prisma, 'migrate', 'diff', '--config', config, ...from, '--to-schema-datamodel', to, '--script'],
      { cwd: root, env: { ...process.env, DATABASE_URL: url, CHECKPOINT_DISABLE: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
    ).toString();
  } finally {
    rmSync(config, { force: true });
  }
}

if (process.argv.includes('--reset-init')) {
  for (const dir of ['sqlite', 'postgres']) {
    const d = join(migrations, dir);
    if (existsSync(d) && readdirSync(d).some((f) => f.endsWith('.sql') && !f.startsWith('0001_'))) {
      console.error(`--reset-init refused: ${dir} has migrations after 0001_init; write a new migration instead.`);
      process.exit(1);
    }
    rmSync(join(d, '0001_init.sql'), { force: true });
  }
  rmSync(snapshot, { force: true });
  process.argv[2] = 'init';
}
const previous = existsSync(snapshot) ? readFileSync(snapshot, 'utf8') : null;
const changed = (sql) => sql.replace(/--.*$/gm, '').trim().length > 0 && !/empty migration/i.test(sql);

if (process.argv.includes('--check')) {
  const pending = previous == null || changed(diff('sqlite', previous, current));
  if (pending) {
    console.error('prisma/schema.prisma has changes with no migration: run `node scripts/migration.mjs <name>`.');
    process.exit(1);
  }
  process.exit(0);
}

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: node scripts/migration.mjs <name_in_snake_case>');
  process.exit(2);
}
const sqlite = diff('sqlite', previous, current);
if (!changed(sqlite)) {
  console.log('No schema changes: nothing to write.');
  process.exit(0);
}
const postgres = diff('postgresql', previous, current);
for (const [dir, sql] of [['sqlite', sqlite], ['postgres', postgres]]) {
  mkdirSync(join(migrations, dir), { recursive: true });
  const next = readdirSync(join(migrations, dir)).filter((f) => f.endsWith('.sql')).length + 1;
  const file = join(migrations, dir, `${String(next).padStart(4, '0')}_${name}.sql`);
  writeFileSync(file, sql);
  console.log('wrote', file);
}
writeFileSync(snapshot, current);
