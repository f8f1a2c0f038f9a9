// Prisma CLI configuration: the JS engine with driver adapters, so that
// `prisma generate` and `prisma migrate diff` run fully offline.
// The app itself never uses this file; see src/infra/db/.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  engine: 'js',
  experimental: { adapter: true },
  adapter: async () => {
    const url = process.env.DATABASE_URL ?? 'file:./data/bot.db';
    if (url.startsWith('postgres')) {
      const { PrismaPg } = await import('@prisma/adapter-pg');
      return new PrismaPg({ connectionString: url });
    }
    const { PrismaBetterSQLite3 } = await import('@prisma/adapter-better-sqlite3');
    return new PrismaBetterSQLite3({ url: url.replace(/^file:/, '') });
  },
});
