// PERF-2 / PERF-3 figures by database aggregation, on both databases: a week spanning two months,
// week vs month-to-date sums, distance to target, competition ranks and tied top performers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monthlyBulletinData, weeklyBulletinData, weeklyBulletinText } from '../src/jobs/bulletin.ts';
import { databases } from './support/db.ts';
import { testCore, cst, type TestCore } from './support/core.ts';

describe.each(databases())('bulletin aggregation (%s)', (kind) => {
  let tc: TestCore;
  let ids: number[] = [];
  beforeAll(async () => {
    tc = await testCore(kind);
    const db = tc.core.db;
    for (const n of ['甲', '乙', '丙', '丁']) ids.push((await db.member.create({ data: { teamId: tc.core.team.id, name: n, role: 'manager' } })).id);
    const [a, b, c] = ids;
    const deal = (memberId: number, day: string, yuan: bigint) =>
      db.deal.create({ data: { teamId: tc.core.team.id, memberId, amountFen: yuan * 100n, product: '存款', day, occurredAt: cst(`${day} 10:00`) } });
    // Week 2026-W40 is Mon 09-28 … Sun 10-04; its month (of the Sunday) is October.
    await deal(a, '2026-09-27', 999n); // the week before: in neither figure
    await deal(a, '2026-09-28', 100n); // week only (September)
    await deal(a, '2026-10-01', 200n); // week and month to date
    await deal(b, '2026-10-04', 300n); // week and month to date
    await deal(b, '2026-10-05', 777n); // after the week: in neither
    await deal(c, '2026-09-30', 300n); // week only
    await deal(c, '2026-10-02', 1n);
    await db.deal.create({ data: { teamId: tc.core.team.id + 1000, memberId: a, amountFen: 5_000_00n, product: 'x', day: '2026-10-01', occurredAt: cst('2026-10-01 10:00') } }); // another team
    await db.monthlyTarget.create({ data: { teamId: tc.core.team.id, memberId: a, month: '2026-10', amountFen: 250_00n } });
    await db.monthlyTarget.create({ data: { teamId: tc.core.team.id, memberId: b, month: '2026-10', amountFen: 200_00n } });
  });
  afterAll(async () => tc?.close());

  it('weekly: the week sums over Mon–Sun, month to date over the Sunday’s month, distance never below 0, ranked', async () => {
    const [a, b, c, d] = ids;
    const managers = ids.map((id, i) => ({ id, name: ['甲', '乙', '丙', '丁'][i] }));
    const w = await weeklyBulletinData(tc.core.db, tc.core.team.id, '2026-W40', managers);
    expect(w.month).toBe('2026-10');
    expect(w.rows.map((r) => [r.memberId, r.rank, r.weekFen, r.monthToDateFen, r.toTargetFen])).toEqual([
      [c, 1, 301_00n, 1_00n, null],
      [b, 2, 300_00n, 300_00n, 0n],
      [a, 3, 300_00n, 200_00n, 50_00n],
      [d, 4, 0n, 0n, null],
    ]);
  });

  it('weekly text is split into messages of at most 40 lines, each ranked line complete', async () => {
    const many = Array.from({ length: 95 }, (_, i) => ({ id: 10_000 + i, name: `经理${i + 1}` }));
    const w = await weeklyBulletinData(tc.core.db, tc.core.team.id, '2026-W40', many);
    const parts = weeklyBulletinText(w, 'zh-CN');
    expect(parts).toHaveLength(3);
    expect(parts[0].split('\n')[0]).toBe('📊 每周业绩通报（PERF-2）：2026-W40，2026-09-28 至 2026-10-04');
    expect(parts.map((p) => p.split('\n').filter((l) => /^\d+\. /.test(l)).length)).toEqual([40, 40, 15]);
    expect(parts[2]).toContain('/rank week');
  });

  it('monthly: totals per member, competition ranks, and every manager tied at the last top place is commended', async () => {
    const [a, b, c, d] = ids;
    const managers = ids.map((id, i) => ({ id, name: ['甲', '乙', '丙', '丁'][i] }));
    const m = await monthlyBulletinData(tc.core.db, tc.core.team.id, '2026-10', managers, 2);
    expect(m.rows.map((r) => [r.memberId, r.rank, r.monthFen])).toEqual([[b, 1, 1077_00n], [a, 2, 200_00n], [c, 3, 1_00n], [d, 4, 0n]]);
    expect(m.top.map((r) => r.memberId)).toEqual([b, a]);
    const sept = await monthlyBulletinData(tc.core.db, tc.core.team.id, '2026-09', managers, 1);
    expect(sept.rows.map((r) => [r.memberId, r.rank, r.monthFen])).toEqual([[a, 1, 1099_00n], [c, 2, 300_00n], [b, 3, 0n], [d, 3, 0n]]);
    expect(sept.top.map((r) => r.memberId)).toEqual([a]);
  });
});
