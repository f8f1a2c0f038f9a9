// A team larger than one SQL statement's bound-value limit (999 on SQLite):
// every job that reads "all managers" or "all customers" still runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases } from './support/db.ts';
import { testCore, cst, type TestCore } from './support/core.ts';
import { runWindow } from '../src/jobs/run.ts';

const MANAGERS = 1200;

describe.each(databases())('a team of %s… managers (%s)'.replace('%s…', String(MANAGERS)), (kind) => {
  let tc: TestCore;
  beforeAll(async () => {
    tc = await testCore(kind);
    const { db, team } = tc.core;
    const created = cst('2026-10-20 00:00');
    await db.team.update({ where: { id: team.id }, data: { createdAt: created } });
    await db.member.createMany({ data: Array.from({ length: MANAGERS }, (_, i) => ({ teamId: team.id, name: `经理${i}`, createdAt: created })) });
    const members = await db.member.findMany({ select: { id: true } });
    await db.customer.createMany({
      data: members.flatMap((m) => [0, 1].map((c) => ({ teamId: team.id, ownerId: m.id, name: `客户${m.id}-${c}`, nameKey: `客户${m.id}-${c}`, tier: 'A', registeredAt: created, updatedAt: created }))),
    });
    const customers = await db.customer.findMany({ select: { id: true } });
    for (const month of ['2026-09', '2026-10']) {
      await db.customerBalance.createMany({ data: customers.map((c, i) => ({ teamId: team.id, customerId: c.id, month, balanceFen: BigInt(1_000_000 + i + (month === '2026-10' ? 50_000 : 0)), importedAt: created })) });
    }
  }, 120_000);
  afterAll(async () => tc?.close());

  it('MEET-3, DAY-1, DAY-3 and the PERF-3 monthly statements run for everyone', async () => {
    const results = await runWindow(tc.core, cst('2026-11-01 00:00'), cst('2026-11-03 00:30'), { now: cst('2026-11-03 00:30') });
    const failed = results.filter((r) => r.status === 'failed');
    expect(failed.map((r) => `${r.job}: ${r.detail.slice(0, 200)}`)).toEqual([]);
    const ran = new Set(results.filter((r) => r.status === 'done').map((r) => r.job));
    for (const job of ['meeting-close', 'daylog-close', 'visits', 'monthly-bulletin']) expect(ran).toContain(job);
    expect(await tc.core.db.ledgerEntry.count({ where: { ruleId: 'MEET-3', day: '2026-11-02' } })).toBe(MANAGERS);
    expect(await tc.core.db.ledgerEntry.count({ where: { ruleId: 'DAY-1', day: '2026-11-02' } })).toBe(MANAGERS);
    expect(await tc.core.db.ledgerEntry.count({ where: { ruleId: 'DAY-3' } })).toBe(MANAGERS * 2);
  }, 300_000);
});
