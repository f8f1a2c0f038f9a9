// The PostgreSQL schema is the SQLite source schema with another provider and client output.
export function derivePostgres(text) {
  const out = text
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace(/output\s*=\s*"\.\.\/src\/generated\/sqlite"/, 'output     = "../../src/generated/postgres"');
  return '// GENERATED from prisma/schema.prisma by scripts/generate.mjs. Do not edit.\n' + out;
}
