// A real core on a real database, for service and adapter tests.
import { createCore } from '../../src/bootstrap.ts';
import { silentLogger, createLogger } from '../../src/log.ts';
import { defaultPolicy, type Policy } from '../../src/rules/index.ts';
import type { Core } from '../../src/services/core.ts';
import type { Database } from '../../src/infra/db/client.ts';
import { freshDatabase, type DbKind, type TestDatabase } from './db.ts';

export type TestCore = { core: Core; database: Database; testDb: TestDatabase; close(): Promise<void> };

export async function testCore(kind: DbKind, o: { policy?: Policy; admins?: string[]; directors?: string[]; timezone?: string; channel?: string } = {}): Promise<TestCore> {
  const testDb = await freshDatabase(kind);
  const { core, database } = await createCore({
    databaseUrl: testDb.url,
    teamName: '测试中心',
    timezone: o.timezone ?? 'Asia/Shanghai',
    channel: o.channel ?? 'C_TEAM',
    locale: 'zh-CN',
    policy: o.policy ?? defaultPolicy,
    admins: o.admins ?? [],
    directors: o.directors ?? [],
    log: process.env.TEST_LOG ? createLogger('debug') : silentLogger,
  });
  return {
    core,
    database,
    testDb,
    close: async () => {
      await database.close();
      await testDb.drop();
    },
  };
}

/** An instant given as Beijing wall-clock time, whatever the process TZ. */
export function cst(local: string): Date {
  return new Date(local.replace(' ', 'T') + '+08:00');
}
