// Derives the PostgreSQL schema from the one source schema (prisma/schema.prisma)
// and generates both Prisma clients. Offline: Prisma 6.19, JS engine, no downloads.
//   node scripts/generate.mjs           derive + generate
//   node scripts/generate.mjs --check   fail if the derived schema is stale
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { derivePostgres } from './derive-schema.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'prisma/schema.prisma');
const derived = join(root, 'prisma/postgres/schema.prisma');


const want = derivePostgres(readFileSync(source, 'utf8'));
if (process.argv.includes('--check')) {
  const have = existsSync(derived) ? readFileSync(derived, 'utf8') : '';
  if (have !== want) {
    console.error('prisma/postgres/schema.prisma is stale: run `npm run generate`.');
    process.exit(1);
  }
  process.exit(0);
}
mkdirSync(dirname(derived), { recursive: true });
if (!existsSync(derived) || readFileSync(derived, 'utf8') !== want) writeFileSync(derived, want);

// Skip when both clients were generated from this exact schema.
const stamp = join(root, 'src/generated/.schema-hash');
const hash = createHash('sha256').update(readFileSync(source)).update(readFileSync(new URL(import.meta.url))).digest('hex');
if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash && existsSync(join(root, 'src/generated/postgres/client.ts'))) process.exit(0);
const prisma = join(root, 'node_modules/prisma/build/index.js');
const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' };
for (const [schema, url] of [
  [source, 'file:./data/bot.db'],
  [derived, 'postgresql://localhost/unused'],
]) {
  execFileSync(process.execPath, [prisma, 'generate', '--schema', schema], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...env, DATABASE_URL: url },
  });
}
writeFileSync(stamp, hash);
