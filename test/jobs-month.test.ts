// A simulated October 2026 for 5 managers, 1 admin and the director, driven by a fake clock that
// steps through every planned slot, with the facts entered through the use cases where they exist.
// October 2026 has the National Day holiday (10-01..07) and the 调休 Saturday 10-10.
//
// The same month runs three ways — plainly, with the process "crashing" inside job transactions at
// random points and recovering later, and (PostgreSQL) with two scheduler instances at once — and each
// must give exactly the expected ledger and the expected set of messages, with no duplicates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../src/bootstrap.ts';
import { silentLogger } from '../src/log.ts';
import { defaultPolicy, normalizeName } from '../src/rules/index.ts';
import type { Core } from '../src/services/core.ts';
import type { Actor } from '../src/chat/types.ts';
import type { MemberRow } from '../src/services/members.ts';
import { setTarget, writeDiary } from '../src/services/daily.ts';
import { checkIn } from '../src/services/checkin.ts';
import { decideLeave, submitLeave } from '../src/services/leave.ts';
import { writeSummary, periodOfDueKey } from '../src/services/summaries.ts';
import { scheduleTraining } from '../src/services/admin.ts';
import { createOutboxSender } from '../src/infra/outbox-sender.ts';
import { runWindow, type FaultHook } from '../src/jobs/run.ts';
import { databases } from './support/db.ts';
import { testCore, cst, type TestCore } from './support/core.ts';

const START = cst('2026-10-01 00:00');
const END = cst('2026-11-02 09:00');

// Written out by hand (not from the calendar module): the working days the team works.
const OCT_WORKDAYS = [
  '2026-10-08', '2026-10-09', '2026-10-10',
  '2026-10-12', '2026-10-13', '2026-10-14', '2026-10-15', '2026-10-16',
  '2026-10-19', '2026-10-20', '2026-10-21', '2026-10-22', '2026-10-23',
  '2026-10-26', '2026-10-27', '2026-10-28', '2026-10-29', '2026-10-30',
];
const WORKDAYS = [...OCT_WORKDAYS, '2026-11-02'];
const MONDAY_DUE = ['2026-10-08', '2026-10-12', '2026-10-19', '2026-10-26', '2026-11-02'];
const DUE_WEEKS = ['2026-W41', '2026-W42', '2026-W43', '2026-W44', '2026-W45'];

type Team = { m: MemberRow[]; admin: MemberRow; director: MemberRow; ids: Record<string, number> };

async function makeTeam(core: Core): Promise<Team> {
  const mk = async (name: string, role: string) => {
    const r = await core.db.member.create({ data: { teamId: core.team.id, name, role, createdAt: cst('2026-09-01 09:00') } });
    return { id: r.id, teamId: r.teamId, name: r.name, role: r.role as MemberRow['role'], locale: null, active: true };
  };
  const m = [await mk('张三', 'manager'), await mk('李四', 'manager'), await mk('王五', 'manager'), await mk('赵六', 'manager'), await mk('钱七', 'manager')];
  const admin = await mk('周管理', 'admin');
  const director = await mk('吴主任', 'director');
  await core.db.team.update({ where: { id: core.team.id }, data: { createdAt: cst('2026-09-01 00:00') } });
  return { m, admin, director, ids: {} };
}

const actor = (member: MemberRow): Actor => ({ member, locale: 'zh-CN' });
type Event = { at: Date; what: string; run: () => Promise<unknown> };

/** The month's facts, each at its instant. */
function scenario(core: Core, t: Team): Event[] {
  const [zhang, li, wang, zhao, qian] = t.m;
  const ev: Event[] = [];
  const at = (s: string, what: string, run: () => Promise<unknown>) => ev.push({ at: cst(s), what, run });

  for (const d of WORKDAYS) {
    // Check-ins: 张三 before the reminder; the others after it. 李四 late on 10-12; 赵六 on half-day leave 10-14.
    at(`${d} 07:40`, `checkin ${zhang.name}`, () => checkIn(core, actor(zhang), cst(`${d} 07:40`)));
    for (const p of [li, wang, zhao, qian]) {
      if (p === zhao && d === '2026-10-14') continue;
      const time = p === li && d === '2026-10-12' ? '08:10' : '07:50';
      at(`${d} ${time}`, `checkin ${p.name}`, () => checkIn(core, actor(p), cst(`${d} ${time}`)));
    }
    // Targets: everyone at 08:40, except 钱七 who always needs the 08:45 reminder.
    for (const p of t.m) {
      const time = p === qian ? '08:50' : '08:40';
      at(`${d} ${time}`, `target ${p.name}`, () => setTarget(core, actor(p), `拜访客户 ${d}`, cst(`${d} ${time}`)));
    }
    if (d === '2026-11-02') continue;
    // Day logs: at 17:00, except 王五 at 20:00 (after the reminder) and not at all on 10-20.
    for (const p of t.m) {
      if (p === wang && d === '2026-10-20') continue;
      const time = p === wang ? '20:00' : '17:00';
      at(`${d} ${time}`, `diary ${p.name}`, () => writeDiary(core, actor(p), { workDone: `拜访 ${d}` }, cst(`${d} ${time}`)));
    }
  }
  // Weekly summaries at 10:00 on the due day (after the 09:00 reminder); 李四 skips the one due 10-19.
  MONDAY_DUE.forEach((d, i) => {
    for (const p of t.m) {
      if (p === li && d === '2026-10-19') continue;
      at(`${d} 10:00`, `weekly summary ${p.name}`, () => writeSummary(core, actor(p), 'week', { content: '本周总结', plan: '下周计划', period: periodOfDueKey('week', DUE_WEEKS[i]) }, cst(`${d} 10:00`)));
    }
  });
  for (const p of t.m) at('2026-10-08 10:00', `monthly summary ${p.name}`, () => writeSummary(core, actor(p), 'month', { content: '九月总结', plan: '十月计划', period: '2026-09' }, cst('2026-10-08 10:00')));
  for (const p of t.m) at('2026-11-02 10:00', 'never reached', async () => {});

  // 赵六's half-day leave (morning of 10-14), asked on 10-12 and approved the same day.
  at('2026-10-12 10:30', 'leave 赵六', async () => {
    const r = await submitLeave(core, actor(zhao), { kind: 'personal', startDay: '2026-10-14', endDay: '2026-10-14', halfDay: 'am', reason: '家中有事' }, cst('2026-10-12 10:30'));
    t.ids.leave = r.leave.id;
  });
  at('2026-10-12 11:00', 'approve leave', () => decideLeave(core, actor(t.admin), t.ids.leave, 'approved', undefined, cst('2026-10-12 11:00')));

  // DAY-3: a tier-A customer of 赵六, visited 10-15, then not again until 10-26 (the cycle due 10-22 is missed).
  at('2026-10-09 10:00', 'customer 华联超市', async () => {
    const c = await core.db.customer.create({ data: { teamId: core.team.id, ownerId: zhao.id, name: '华联超市', nameKey: normalizeName('华联超市'), tier: 'A', registeredAt: cst('2026-10-09 10:00'), updatedAt: cst('2026-10-09 10:00') } });
    t.ids.customer = c.id;
    for (const [month, yuan] of [['2026-08', 1_000_000n], ['2026-09', 1_200_000n], ['2026-10', 1_500_000n]] as const) {
      await core.db.customerBalance.create({ data: { teamId: core.team.id, customerId: c.id, month, balanceFen: yuan * 100n, importedAt: cst('2026-10-09 10:00') } });
    }
  });
  for (const d of ['2026-10-15', '2026-10-26']) {
    at(`${d} 15:00`, `visit ${d}`, () => core.db.visit.create({ data: { teamId: core.team.id, memberId: zhao.id, customerId: t.ids.customer, day: d, visitedAt: cst(`${d} 15:00`), notes: '回访' } }));
  }

  // DAY-4: 王五 names an unregistered customer in a deal on Friday 10-16; registered only on 10-21.
  at('2026-10-16 14:00', 'deal with an unregistered customer', async () => {
    const deal = await core.db.deal.create({ data: { teamId: core.team.id, memberId: wang.id, amountFen: 6_000_000n, product: '定期存款', customerName: '新客户乙', day: '2026-10-16', occurredAt: cst('2026-10-16 14:00') } });
    const p = await core.db.pendingRegistration.create({ data: { teamId: core.team.id, memberId: wang.id, name: '新客户乙', nameKey: normalizeName('新客户乙'), firstSeenAt: cst('2026-10-16 14:00'), source: `deal:${deal.id}` } });
    t.ids.pending = p.id;
  });
  at('2026-10-21 10:00', 'registered late', () => core.db.pendingRegistration.update({ where: { id: t.ids.pending }, data: { registeredAt: cst('2026-10-21 10:00') } }));

  // PRJ: 钱七 applies on Friday 10-09; due in 3 working days (10-13, counting the 调休 Saturday); answered 10-15.
  at('2026-10-09 10:00', 'project application', async () => {
    const p = await core.db.projectApplication.create({ data: { teamId: core.team.id, memberId: qian.id, customerName: '东方集团', content: '综合授信5000万', submittedAt: cst('2026-10-09 10:00'), submittedDay: '2026-10-09', dueDay: '2026-10-13' } });
    t.ids.project = p.id;
  });
  at('2026-10-15 10:00', 'project answered late', () => core.db.projectApplication.update({ where: { id: t.ids.project }, data: { status: 'approved', answeredAt: cst('2026-10-15 10:00'), answeredBy: t.admin.id, answer: '同意' } }));

  // TRN: a training on 10-15 14:00–16:00; 王五 late, 钱七 absent.
  at('2026-10-13 16:00', 'schedule training', async () => {
    const r = await scheduleTraining(core, actor(t.admin), { day: '2026-10-15', start: '14:00', end: '16:00', title: '理财产品培训' }, cst('2026-10-13 16:00'));
    t.ids.training = (r as { id: number }).id ?? (await core.db.trainingSession.findFirstOrThrow({})).id;
  });
  for (const p of [zhang, li, zhao]) at('2026-10-15 13:55', `training checkin ${p.name}`, () => checkIn(core, actor(p), cst('2026-10-15 13:55'), { training: true }));
  at('2026-10-15 14:10', 'training checkin 王五 (late)', () => checkIn(core, actor(wang), cst('2026-10-15 14:10'), { training: true }));

  // Results for the bulletins, and October targets (钱七 has none).
  const deals: [MemberRow, string, bigint][] = [
    [zhang, '2026-10-08', 50_000n], [zhang, '2026-10-13', 120_000n], [zhang, '2026-10-20', 30_000n],
    [li, '2026-10-09', 80_000n], [li, '2026-10-21', 200_000n],
    [wang, '2026-10-12', 20_000n],
    [zhao, '2026-10-14', 10_000n],
  ];
  for (const [p, d, yuan] of deals) {
    at(`${d} 11:00`, `deal ${p.name}`, () => core.db.deal.create({ data: { teamId: core.team.id, memberId: p.id, amountFen: yuan * 100n, product: '存款', day: d, occurredAt: cst(`${d} 11:00`) } }));
  }
  at('2026-10-08 07:00', 'monthly targets', () => core.db.monthlyTarget.createMany({ data: [zhang, li, wang, zhao].map((p) => ({ teamId: core.team.id, memberId: p.id, month: '2026-10', amountFen: 30_000_000n })) }));

  return ev.filter((e) => e.at.getTime() <= END.getTime()).sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** A small deterministic PRNG (mulberry32). */
function rng(seed: number) {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

type SimOptions = { crash?: { seed: number; rate: number }; others?: Core[] };

/** Steps the clock through every planned slot between the events; each slot runs at its own instant. */
async function simulate(core: Core, t: Team, o: SimOptions = {}): Promise<{ failures: number; already: number }> {
  const events = scenario(core, t);
  const random = o.crash ? rng(o.crash.seed) : null;
  const fault: FaultHook | undefined = random ? () => { if (random() < o.crash!.rate) throw new Error('injected crash inside the job transaction'); } : undefined;
  let failures = 0, already = 0, pendingRecovery = false;
  let prev = START;
  const step = async (to: Date) => {
    const runners = [core, ...(o.others ?? [])];
    const results = await Promise.all(runners.map((c) => runWindow(c, prev, to, { now: to, nowFor: (s) => s.at, fault })));
    for (const r of results.flat()) {
      if (r.status === 'failed') { failures++; pendingRecovery = true; }
      if (r.status === 'already') already++;
    }
    // "Restart": failed slots run again — sometimes at once, sometimes only later, after more facts arrived.
    if (pendingRecovery && (!random || random() < 0.5 || to === END)) {
      for (let i = 0; i < 50; i++) {
        const again = await runWindow(core, START, to, { now: to, nowFor: (s) => s.at, fault: i < 3 ? fault : undefined });
        const failed = again.filter((r) => r.status === 'failed').length;
        failures += failed;
        if (failed === 0) { pendingRecovery = false; break; }
      }
    }
    prev = to;
  };
  for (const e of events) {
    if (e.at.getTime() > prev.getTime()) await step(e.at);
    await e.run();
  }
  await step(END);
  if (pendingRecovery) await step(END);
  return { failures, already };
}

type LedgerLine = { member: string; ruleId: string; variant: string | null; amountFen: bigint; day: string; sourceKey: string };

async function ledgerOf(core: Core): Promise<LedgerLine[]> {
  const names = new Map((await core.db.member.findMany()).map((m) => [m.id, m.name]));
  const rows = await core.db.ledgerEntry.findMany({ orderBy: [{ day: 'asc' }, { sourceKey: 'asc' }] });
  return rows.map((r) => ({ member: names.get(r.memberId)!, ruleId: r.ruleId, variant: r.variant, amountFen: r.amountFen, day: r.day, sourceKey: r.sourceKey }));
}

function expectedLedger(t: Team): LedgerLine[] {
  const [, li, wang, zhao, qian] = t.m;
  const lines: LedgerLine[] = [
    { member: li.name, ruleId: 'MEET-3', variant: 'late', amountFen: 2000n, day: '2026-10-12', sourceKey: `MEET-3:meeting:2026-10-12:m${li.id}` },
    { member: wang.name, ruleId: 'TRN-2', variant: 'late', amountFen: 5000n, day: '2026-10-15', sourceKey: `TRN:training:${t.ids.training}:m${wang.id}` },
    { member: qian.name, ruleId: 'TRN-1', variant: null, amountFen: 10000n, day: '2026-10-15', sourceKey: `TRN:training:${t.ids.training}:m${qian.id}` },
    { member: wang.name, ruleId: 'DAY-4', variant: null, amountFen: 5000n, day: '2026-10-19', sourceKey: `DAY-4:pending:${t.ids.pending}` },
    { member: li.name, ruleId: 'DAY-2', variant: 'week', amountFen: 5000n, day: '2026-10-19', sourceKey: `DAY-2:week:2026-W43:m${li.id}` },
    { member: wang.name, ruleId: 'DAY-1', variant: 'log', amountFen: 1000n, day: '2026-10-20', sourceKey: `DAY-1:2026-10-20:m${wang.id}` },
    { member: zhao.name, ruleId: 'DAY-3', variant: null, amountFen: 5000n, day: '2026-10-22', sourceKey: `DAY-3:c${t.ids.customer}:2026-10-22` },
  ];
  return lines.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.sourceKey < b.sourceKey ? -1 : 1));
}

/** The messages the jobs must have queued: outbox dedupe keys, derived from the scenario by hand. */
function expectedJobMessages(t: Team): string[] {
  const [zhang, li, wang, zhao, qian] = t.m;
  const keys: string[] = [];
  const dm = (job: string, period: string, p: MemberRow, extra?: string) => keys.push(`job:${job}:${period}:member:${p.id}${extra ? `:${extra}` : ''}`);
  for (const d of WORKDAYS) {
    for (const p of [li, wang, zhao, qian]) if (!(p === zhao && d === '2026-10-14')) dm('meeting-reminder', d, p);
    dm('targets-reminder', d, qian);
    if (d !== '2026-11-02') dm('log-reminder', d, wang);
  }
  void zhang;
  for (const w of DUE_WEEKS) for (const p of t.m) dm('weekly-summary-reminder', w, p);
  for (const m of ['2026-10', '2026-11']) for (const p of t.m) dm('monthly-summary-reminder', m, p);
  for (const d of ['2026-10-15', '2026-10-20', '2026-10-21', '2026-10-22', '2026-11-02']) dm('visits', d, zhao);
  dm('projects', '2026-10-12', t.admin, `p${t.ids.project}:remind`);
  keys.push(`job:projects:escalate:p${t.ids.project}:member:${t.director.id}`);
  for (const p of t.m) dm('training-reminder', `2026-10-15#t${t.ids.training}`, p);
  for (const w of ['2026-W40', '2026-W41', '2026-W42', '2026-W43', '2026-W44']) keys.push(`job:weekly-bulletin:${w}:channel:part1`);
  for (const m of ['2026-09', '2026-10']) {
    keys.push(`job:monthly-bulletin:${m}:channel:part1`);
    for (const p of t.m) dm('monthly-bulletin', m, p, 'statement');
  }
  dm('calendar-warning', '2026-W45', t.admin);
  for (const l of expectedLedger(t)) if (!['MEET-3', 'TRN-2'].includes(l.ruleId)) keys.push(`ledger:${l.sourceKey}`);
  return keys.sort();
}

async function jobMessages(core: Core): Promise<Map<string, { target: string; text: string; blocks: string | null }>> {
  const rows = await core.db.outboxMessage.findMany({ orderBy: { id: 'asc' } });
  const out = new Map<string, { target: string; text: string; blocks: string | null }>();
  for (const r of rows) if (r.dedupeKey.startsWith('job:') || r.dedupeKey.startsWith('ledger:')) out.set(r.dedupeKey, { target: r.target, text: r.text, blocks: r.blocks });
  return out;
}

describe.each(databases())('a simulated month of the clock (%s)', (kind) => {
  let tc: TestCore;
  let team: Team;
  let baseline: Map<string, { target: string; text: string; blocks: string | null }>;
  beforeAll(async () => {
    tc = await testCore(kind, { policy: defaultPolicy });
    team = await makeTeam(tc.core);
    await simulate(tc.core, team);
    baseline = await jobMessages(tc.core);
  }, 300_000);
  afterAll(async () => tc?.close());

  it('records exactly the expected ledger: every entry, amount and rule ID', async () => {
    expect(await ledgerOf(tc.core)).toEqual(expectedLedger(team));
  });

  it('queues exactly the expected set of messages — none on holidays, none to people on leave or already done', async () => {
    expect([...baseline.keys()].sort()).toEqual(expectedJobMessages(team));
    // Nothing was queued on a holiday, by anyone.
    const all = await tc.core.db.outboxMessage.findMany();
    for (const r of all) {
      const local = new Date(r.createdAt.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
      expect(local >= '2026-10-01' && local <= '2026-10-07', `${r.dedupeKey} created on ${local}`).toBe(false);
    }
  });

  it('messages stand on their own: who, what, the local deadline, one command or button', async () => {
    const [zhang, li, wang, zhao] = team.m;
    const reminder = baseline.get(`job:meeting-reminder:2026-10-12:member:${li.id}`)!;
    expect(reminder.text).toContain('李四');
    expect(reminder.text).toContain('08:00–08:30');
    expect(reminder.text).toContain('/checkin');
    expect(JSON.parse(reminder.blocks!).buttons).toEqual([{ label: '签到', actionId: 'checkin', value: 'meeting:2026-10-12', style: 'primary', command: '/checkin' }]);
    expect(baseline.get(`job:log-reminder:2026-10-20:member:${wang.id}`)!.text).toMatch(/王五.*2026-10-20.*截止 23:59[\s\S]*\/diary/);

    const fine = baseline.get(`ledger:DAY-3:c${team.ids.customer}:2026-10-22`)!;
    expect(fine.target).toBe(`member:${zhao.id}`);
    expect(fine.text).toContain('DAY-3');
    expect(fine.text).toContain('¥50.00');

    const esc = baseline.get(`job:projects:escalate:p${team.ids.project}:member:${team.director.id}`)!;
    expect(esc.text).toMatch(/吴主任.*#\d+ 逾期未答复.*钱七.*东方集团.*2026-10-13/);

    // PERF-2: W43 (10-19..10-25): 李四 ¥200k, 张三 ¥30k; month to date and distance to the ¥300k target.
    const w43 = baseline.get('job:weekly-bulletin:2026-W43:channel:part1')!;
    expect(w43.target).toBe('channel');
    expect(w43.text.split('\n').slice(1, 6)).toEqual([
      '1. 李四：上周 20万，2026-10 月累计 28万，距目标 2万（目标 30万）',
      '2. 张三：上周 3万，2026-10 月累计 20万，距目标 10万（目标 30万）',
      '3. 王五：上周 ¥0，2026-10 月累计 8万，距目标 22万（目标 30万）',
      '4. 赵六：上周 ¥0，2026-10 月累计 1万，距目标 29万（目标 30万）',
      '5. 钱七：上周 ¥0，2026-10 月累计 ¥0，未设目标',
    ]);
    // PERF-3 for October on 11-02, and 赵六's PAY-1 statement by DM: commission 1‰ × (¥1.5m − ¥1.2m), the DAY-3 fine deducted.
    const monthly = baseline.get('job:monthly-bulletin:2026-10:channel:part1')!;
    expect(monthly.text).toContain('表彰先进：🥇 李四 28万，🥈 张三 20万，🥉 王五 8万');
    const st = baseline.get(`job:monthly-bulletin:2026-10:member:${zhao.id}:statement`)!;
    expect(st.target).toBe(`member:${zhao.id}`);
    expect(st.text).toContain('提成：¥300.00');
    expect(st.text).toContain('罚款：¥50.00（1 笔，已扣除）');
    expect(st.text).toContain('合计：¥250.00');
    // Fines never reach the channel.
    for (const [, m] of baseline) if (m.target === 'channel') expect(m.text).not.toMatch(/罚款|TRN-1|DAY-3/);
    void zhang;
  });

  it('the outbox delivers every job message exactly once', async () => {
    const delivered: string[] = [];
    const sender = createOutboxSender({
      db: tc.core.db, log: silentLogger, workerId: 'test', perChannelIntervalMs: 0,
      transport: { channelKey: (t) => t, deliver: async (row) => { delivered.push(row.dedupeKey); return {}; } },
    });
    await sender.drain();
    await sender.drain();
    const jobs = delivered.filter((k) => k.startsWith('job:') || k.startsWith('ledger:'));
    expect(jobs.sort()).toEqual([...baseline.keys()].sort());
    expect(new Set(delivered).size).toBe(delivered.length);
  });

  it('running the whole month again changes nothing', async () => {
    const before = await tc.core.db.outboxMessage.count();
    const again = await runWindow(tc.core, START, END, { now: END, nowFor: (s) => s.at });
    expect(again).toEqual([]);
    expect(await tc.core.db.outboxMessage.count()).toBe(before);
    expect(await ledgerOf(tc.core)).toEqual(expectedLedger(team));
  });

  it('the same month with crashes inside job transactions at random points: the same ledger and the same messages', async () => {
    const other = await testCore(kind, { policy: defaultPolicy });
    try {
      const t2 = await makeTeam(other.core);
      const r = await simulate(other.core, t2, { crash: { seed: 20261010, rate: 0.3 } });
      expect(r.failures).toBeGreaterThan(20);
      expect(await ledgerOf(other.core)).toEqual(expectedLedger(t2));
      const msgs = await jobMessages(other.core);
      expect([...msgs.keys()].sort()).toEqual(expectedJobMessages(t2));
      for (const [k, m] of msgs) expect(m, k).toEqual(baseline.get(k));
      // Every failure left a visible 'failed' run that a later run took over.
      expect(await other.core.db.jobRun.count({ where: { status: 'failed' } })).toBe(0);
    } finally {
      await other.close();
    }
  }, 300_000);

  it.runIf(kind === 'postgres')('two scheduler instances against one PostgreSQL at once: the same ledger and messages, no duplicates', async () => {
    const a = await testCore(kind, { policy: defaultPolicy });
    const b = await createCore({ databaseUrl: a.testDb.url, teamName: '测试中心', timezone: 'Asia/Shanghai', channel: 'C_TEAM', locale: 'zh-CN', policy: defaultPolicy, log: silentLogger });
    try {
      const t3 = await makeTeam(a.core);
      b.core.team = a.core.team;
      const r = await simulate(a.core, t3, { others: [b.core] });
      expect(r.already).toBeGreaterThan(0);
      expect(await ledgerOf(a.core)).toEqual(expectedLedger(t3));
      const msgs = await jobMessages(a.core);
      expect([...msgs.keys()].sort()).toEqual(expectedJobMessages(t3));
      for (const [k, m] of msgs) expect(m, k).toEqual(baseline.get(k));
      const runs = await a.core.db.jobRun.groupBy({ by: ['job', 'period'], _count: { _all: true } });
      expect(runs.every((x) => x._count._all === 1)).toBe(true);
    } finally {
      await b.database.close();
      await a.close();
    }
  }, 300_000);
});
