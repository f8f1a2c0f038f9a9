// Reliability 9, calendar: a day the holiday data does not cover yet (2027 is
// not in chinese-days) produces a question to the admins, not a silent wrong
// answer — no reminders and no fines on a weekday that may be a statutory
// holiday, until an admin says what the day is.
import { afterEach, describe, expect, it } from 'vitest';
import { databases } from './support/db.ts';
import { testCore, cst, type TestCore } from './support/core.ts';
import { runDueJobs } from '../src/jobs/index.ts';
import { planSlots } from '../src/jobs/planner.ts';
import { runCommand } from '../src/chat/dispatch.ts';

describe.each(databases())('days beyond the holiday data (%s)', (kind) => {
  let tc: TestCore | undefined;
  afterEach(async () => tc?.close());

  async function team() {
    tc = await testCore(kind, { admins: ['admin'] });
    const core = tc.core;
    await core.db.team.update({ where: { id: core.team.id }, data: { createdAt: cst('2026-12-01 00:00') } });
    const admin = { platform: 'console' as const, externalId: 'admin', displayName: '李管理' };
    await runCommand(core, admin, 'cm', 'help', cst('2026-12-01 09:00'));
    for (const name of ['张三', '李四']) {
      const m = await core.db.member.create({ data: { teamId: core.team.id, name, createdAt: cst('2026-12-01 00:00') } });
      await core.db.identity.create({ data: { memberId: m.id, platform: 'console', externalId: name } });
    }
    return { core, admin };
  }

  it('MEET-1: 2027-01-04 (a Monday the data does not cover) plans no meeting, no reminders and no fines — only a question to the admins', async () => {
    const { core } = await team();
    expect(core.calendar.isKnown('2026-12-31')).toBe(true);
    expect(core.calendar.isKnown('2027-01-04')).toBe(false);
    const slots = planSlots(core.policy, core.calendar, core.team.timezone, cst('2027-01-04 00:00'), cst('2027-01-05 00:00'));
    expect(slots.map((s) => s.job)).toEqual(['calendar-gap']);
    await runDueJobs(core, cst('2027-01-04 23:00'), 1);
    await runDueJobs(core, cst('2027-01-04 23:30'), 1);
    expect(await core.db.ledgerEntry.count()).toBe(0);
    const out = await core.db.outboxMessage.findMany({});
    expect(out).toHaveLength(1); // once, to the one admin
    expect(out[0].text).toContain('2027-01-04 不在节假日数据内');
    expect(out[0].text).toContain('/cm workday 2027-01-04');
  });

  it('MEET-3: once an admin says the day is a working day, catch-up applies its deadlines; a declared holiday stays quiet', async () => {
    const { core, admin } = await team();
    await runDueJobs(core, cst('2027-01-04 10:00'), 1);
    const said = await runCommand(core, admin, 'cm', 'workday 2027-01-04 元旦后上班', cst('2027-01-04 10:05'));
    expect(said.text).toMatch(/✅/);
    expect(core.calendar.isKnown('2027-01-04')).toBe(true);
    await runDueJobs(core, cst('2027-01-04 23:30'), 1);
    const absences = await core.db.ledgerEntry.findMany({ where: { ruleId: 'MEET-3' } });
    expect(absences.map((e) => e.day)).toEqual(['2027-01-04', '2027-01-04']);

    expect((await runCommand(core, admin, 'cm', 'holiday 2027-01-05 测试', cst('2027-01-04 23:40'))).text).toMatch(/✅/);
    await runDueJobs(core, cst('2027-01-05 23:30'), 1);
    expect(await core.db.ledgerEntry.count({ where: { day: '2027-01-05' } })).toBe(0);
    expect(await core.db.outboxMessage.count({ where: { dedupeKey: { contains: '2027-01-05' } } })).toBe(0);
  });
});
