// Start-up catch-up, the console's /tick, and the QUOTA-W week close with its 4-week streak.
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, silentLogger } from '../src/log.ts';
import { loadPolicyFile } from '../src/config/policy.ts';
import { defaultPolicy, parsePolicy, type Policy } from '../src/rules/index.ts';
import type { Core } from '../src/services/core.ts';
import { runDueJobs, startJobs } from '../src/jobs/index.ts';
import { runWindow } from '../src/jobs/run.ts';
import { databases } from './support/db.ts';
import { testCore, cst, type TestCore } from './support/core.ts';

async function team(core: Core, o: { created?: string; managers?: string[] } = {}) {
  const created = cst(o.created ?? '2026-09-01 09:00');
  await core.db.team.update({ where: { id: core.team.id }, data: { createdAt: created } });
  const mk = (name: string, role: string) => core.db.member.create({ data: { teamId: core.team.id, name, role, createdAt: created } });
  const managers = [];
  for (const n of o.managers ?? ['张三', '李四']) managers.push(await mk(n, 'manager'));
  const admin = await mk('周管理', 'admin');
  const director = await mk('吴主任', 'director');
  return { managers, admin, director };
}

async function runs(core: Core) {
  const rows = await core.db.jobRun.findMany({ orderBy: [{ scheduledAt: 'asc' }, { id: 'asc' }] });
  return rows.map((r) => `${r.job} ${r.period} ${r.status}`);
}

describe.each(databases())('catch-up and ticks (%s)', (kind) => {
  let tc: TestCore | undefined;
  const open = async (policy: Policy = defaultPolicy) => (tc = await testCore(kind, { policy }));
  afterEach(async () => {
    await tc?.close();
    tc = undefined;
  });

  it('start-up runs every missed slot of the last 7 days once, in order: stale reminders skipped (and recorded), deadlines and fines not', async () => {
    const { core } = await open();
    await team(core);
    const lines: string[] = [];
    const stop = await startJobs(core, { log: createLogger('info', (l) => lines.push(l)), catchupDays: 7, now: () => cst('2026-10-12 12:00') });
    await stop();

    const r = await runs(core);
    const statusOf = (job: string, period: string) => r.find((x) => x.startsWith(`${job} ${period} `))?.split(' ')[2];
    // The morning reminders of 10-08 … 10-12 had lost their point at 12:00 on 10-12.
    for (const d of ['2026-10-08', '2026-10-09', '2026-10-10', '2026-10-12']) {
      expect(statusOf('meeting-reminder', d)).toBe('skipped');
      expect(statusOf('targets-reminder', d)).toBe('skipped');
      expect(statusOf('meeting-close', d)).toBe('done');
    }
    expect(statusOf('weekly-summary-reminder', '2026-W42')).toBe('skipped'); // expires at the 12:00 deadline
    expect(statusOf('weekly-summary-close', '2026-W42')).toBeUndefined(); // 12:01 is still to come
    expect(statusOf('weekly-bulletin', '2026-W41')).toBe('done');
    expect(statusOf('monthly-bulletin', '2026-09')).toBe('done');
    // Nothing on the National Day holiday or Sunday 10-11.
    expect(r.filter((x) => /2026-10-0[1-7]|2026-10-11/.test(x.split(' ')[1]))).toEqual([]);

    // Fines: 2 managers absent at 4 meetings, no targets/log on 3 closed days, weekly W41 and monthly summaries late.
    const ledger = await core.db.ledgerEntry.findMany({ orderBy: { id: 'asc' } });
    const count = (rule: string) => ledger.filter((e) => e.ruleId === rule).length;
    expect([count('MEET-3'), count('DAY-1'), count('DAY-2')]).toEqual([8, 6, 4]);
    expect(ledger.every((e) => e.amountFen > 0n)).toBe(true);
    // In order: the entries were written day by day.
    const days = ledger.map((e) => e.day);
    expect([...days].sort()).toEqual(days);
    // Reminders skipped in catch-up sent nothing; each fine has its DM.
    const out = await core.db.outboxMessage.findMany();
    expect(out.filter((m) => m.dedupeKey.includes('reminder'))).toEqual([]);
    expect(out.filter((m) => m.dedupeKey.startsWith('ledger:')).length).toBe(ledger.length);
    expect(lines.some((l) => l.includes('"why":"catch-up"'))).toBe(true);

    // Starting again at the same moment changes nothing.
    const before = { runs: (await runs(core)).length, ledger: ledger.length, out: out.length };
    const stop2 = await startJobs(core, { log: silentLogger, catchupDays: 7, now: () => cst('2026-10-12 12:00') });
    await stop2();
    expect({ runs: (await runs(core)).length, ledger: await core.db.ledgerEntry.count(), out: await core.db.outboxMessage.count() }).toEqual(before);

    // The console's /tick at 12:05 runs what fell due since (the 12:01 weekly summary deadline), and says so.
    const said = await runDueJobs(core, cst('2026-10-12 12:05'));
    expect(said).toContain('2026-10-12 12:01 weekly-summary-close [2026-W42] 完成 done');
    expect(said).toContain('2 ledger entries');
    expect(await runDueJobs(core, cst('2026-10-12 12:05'))).toBe('没有到期的定时任务 / nothing due');
  });

  it('a fresh install never runs slots from before the team existed', async () => {
    const { core } = await open();
    await team(core, { created: '2026-10-10 12:00' });
    const stop = await startJobs(core, { log: silentLogger, catchupDays: 7, now: () => cst('2026-10-12 09:30') });
    await stop();
    const r = await runs(core);
    // Slots before 10-10 12:00 never run; later ones do (the 10-10 day-log close at 00:00 on 10-11 included).
    expect(r.some((x) => /2026-10-0[89]/.test(x))).toBe(false);
    expect(r.filter((x) => x.includes(' 2026-10-10 '))).toEqual(['log-reminder 2026-10-10 skipped', 'registrations 2026-10-10 done', 'daylog-close 2026-10-10 done']);
    expect(r).toContain('meeting-close 2026-10-12 done');
  });

  it('a catch-up window of 0 days only runs what is due at the moment itself', async () => {
    const { core } = await open();
    await team(core);
    const stop = await startJobs(core, { log: silentLogger, catchupDays: 0, now: () => cst('2026-10-12 12:00') });
    await stop();
    expect(await runs(core)).toEqual([]);
  });

  it('QUOTA-W (real-estate policy): per-unit shortfall fines each week, and the 4th short week in a row flags a dismissal review', async () => {
    const loaded = loadPolicyFile('policies/real-estate.yaml');
    if (!loaded.ok) throw new Error(loaded.message);
    const { core } = await open(loaded.policy);
    const { managers: [m], director } = await team(core, { created: '2026-09-28 08:00', managers: ['张三'] });
    // Weeks W40..W43: 2 organisations (1 short, ¥100), 16 groups (ok), 90 numbers (10 short, ¥10). W44: all met.
    for (const [monday, full] of [['2026-09-28', false], ['2026-10-05', false], ['2026-10-12', false], ['2026-10-19', false], ['2026-10-26', true]] as const) {
      await core.db.quotaEntry.createMany({ data: [
        { teamId: core.team.id, memberId: m.id, metric: 'organisations', day: monday, count: full ? 3 : 2, createdAt: cst(`${monday} 18:00`) },
        { teamId: core.team.id, memberId: m.id, metric: 'visitorGroups', day: monday, count: 16, createdAt: cst(`${monday} 18:00`) },
        { teamId: core.team.id, memberId: m.id, metric: 'phoneNumbers', day: monday, count: full ? 60 : 90, createdAt: cst(`${monday} 18:00`) },
        ...(full ? [{ teamId: core.team.id, memberId: m.id, metric: 'phoneNumbers', day: '2026-10-30', count: 40, createdAt: cst('2026-10-30 18:00') }] : []),
      ] });
    }
    const res = await runWindow(core, cst('2026-09-28 00:00'), cst('2026-11-02 00:00'), { now: cst('2026-11-02 00:00'), nowFor: (s) => s.at, only: (s) => s.job === 'quota-week-close' });
    expect(res.map((r) => `${r.period} ${r.status} ${r.ledger}`)).toEqual(['2026-W40 done 2', '2026-W41 done 2', '2026-W42 done 2', '2026-W43 done 3', '2026-W44 done 0']);
    const ledger = await core.db.ledgerEntry.findMany({ orderBy: { id: 'asc' } });
    expect(ledger.map((e) => `${e.sourceKey} ${e.kind} ${e.amountFen} ${e.escalation ?? ''}`.trim())).toEqual([
      `QUOTA-W:2026-W40:m${m.id}:organisations fine 10000`, `QUOTA-W:2026-W40:m${m.id}:phoneNumbers fine 1000`,
      `QUOTA-W:2026-W41:m${m.id}:organisations fine 10000`, `QUOTA-W:2026-W41:m${m.id}:phoneNumbers fine 1000`,
      `QUOTA-W:2026-W42:m${m.id}:organisations fine 10000`, `QUOTA-W:2026-W42:m${m.id}:phoneNumbers fine 1000`,
      `QUOTA-W:2026-W43:m${m.id}:organisations fine 10000`, `QUOTA-W:2026-W43:m${m.id}:phoneNumbers fine 1000`,
      `QUOTA-W:2026-W43:m${m.id}:streak flag 0 dismissal_review`,
    ]);
    const flagDm = await core.db.outboxMessage.findUniqueOrThrow({ where: { dedupeKey: `ledger:QUOTA-W:2026-W43:m${m.id}:streak:notify:m${director.id}` } });
    expect(flagDm.target).toBe(`member:${director.id}`);
    expect(flagDm.text).toContain('辞退审查');
  });
});

describe.each(databases())('next year’s holiday data (%s)', (kind) => {
  it('from November, admins are told on Mondays while next year has no holidays; once some are entered, no more', async () => {
    const tc = await testCore(kind);
    try {
      const { core } = tc;
      const { admin } = await team(core);
      const only = { only: (s: { job: string }) => s.job === 'calendar-warning' };
      const first = await runWindow(core, cst('2026-11-02 08:00'), cst('2026-11-02 10:00'), { now: cst('2026-11-02 09:00'), nowFor: (s) => s.at, ...only });
      expect(first.map((r) => `${r.period} ${r.status} ${r.messages}`)).toEqual(['2026-W45 done 1']);
      const dm = await core.db.outboxMessage.findUniqueOrThrow({ where: { dedupeKey: `job:calendar-warning:2026-W45:member:${admin.id}` } });
      expect(dm.text).toContain('2027');
      expect(dm.text).toContain('/cm holiday 2027-01-01');
      await core.db.calendarOverride.create({ data: { teamId: core.team.id, day: '2027-01-01', kind: 'holiday', note: '元旦' } });
      const second = await runWindow(core, cst('2026-11-09 08:00'), cst('2026-11-09 10:00'), { now: cst('2026-11-09 09:00'), nowFor: (s) => s.at, ...only });
      expect(second.map((r) => `${r.period} ${r.status} ${r.messages} ${r.detail}`)).toEqual(['2026-W46 done 0 holiday data covers 2027']);
    } finally {
      await tc.close();
    }
  });
});

describe.each(databases())('MEET-2 with pendingAtClose: hold (%s)', (kind) => {
  it('an absence excused only by a pending leave is held at the close and charged in the evening once the leave is rejected', async () => {
    const parsed = parsePolicy({ extends: 'default', schedule: { leave: { pendingAtClose: 'hold' } } });
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    const tc = await testCore(kind, { policy: parsed.policy });
    try {
      const { core } = tc;
      const { managers: [a, b], admin } = await team(core);
      const leave = await core.db.leaveRequest.create({ data: { teamId: core.team.id, memberId: a.id, startDay: '2026-10-12', endDay: '2026-10-12', reason: '看病', status: 'pending', submittedAt: cst('2026-10-12 07:00') } });
      await core.db.checkIn.create({ data: { teamId: core.team.id, memberId: b.id, sessionKey: 'meeting:2026-10-12', day: '2026-10-12', at: cst('2026-10-12 07:55') } });
      const only = { only: (s: { job: string }) => s.job === 'meeting-close' || s.job === 'daylog-close' };
      const close = await runWindow(core, cst('2026-10-12 08:00'), cst('2026-10-12 09:00'), { now: cst('2026-10-12 09:00'), nowFor: (s) => s.at, ...only });
      expect(close.map((r) => `${r.job} ${r.ledger}`)).toEqual(['meeting-close 0']);
      await core.db.leaveRequest.update({ where: { id: leave.id }, data: { status: 'rejected', decidedAt: cst('2026-10-12 10:00'), decidedBy: admin.id, decisionReason: '当天有客户活动' } });
      await runWindow(core, cst('2026-10-12 09:00'), cst('2026-10-13 00:00'), { now: cst('2026-10-13 00:00'), nowFor: (s) => s.at, ...only });
      const ledger = await core.db.ledgerEntry.findMany({ orderBy: { id: 'asc' } });
      expect(ledger.map((e) => `${e.memberId === a.id ? 'a' : 'b'} ${e.ruleId} ${e.variant} ${e.amountFen}`)).toEqual(['a DAY-1 both 1000', 'b DAY-1 both 1000', 'a MEET-3 absent 2000']);
    } finally {
      await tc.close();
    }
  });
});
