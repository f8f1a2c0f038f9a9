// B4: evaluate one month of facts for 10,000 managers with the pure rules module.
//
// Facts (November 2026, 21 working days, Asia/Shanghai), generated with a fixed seed:
//   - a morning-meeting check-in, today's targets and a day log per manager per working day
//     (a few late or missing), and some leave requests (full-day, half-day, pending, rejected);
//   - 40 customers per manager (tiers A/B/C) with their visits in the month;
//   - 10 deals per manager (5% name an unregistered customer → DAY-4 clock), weekly and monthly
//     summaries, and each customer's balance for the month plus 6 earlier months (PAY-3).
// Timed: MEET-3 and DAY-1 for every working day, DAY-2 for 5 weeks and the month, DAY-3 at the end of
// the month, DAY-4, PERF-1 big deals, PAY-3 commission per customer, PAY-2 level and PAY-1 statement
// per manager. Building the facts is not timed. Target: < 1 s on one core.
//
//   npx tsx bench/rules.bench.ts
import { pathToFileURL } from 'node:url';
import {
  buildStatement, computeCommission, computeLevel, defaultPolicy, evaluateAttendance, evaluateDayLog, evaluateRegistrations, evaluateSummaries,
  evaluateVisits, isBigDeal, isoWeekKey, meetingSession, policyCalendar, zonedInstant,
  type Fact, type LedgerDraft, type LedgerEntry, type Leave, type PendingRegistration, type VisitCustomer,
} from '../src/rules/index.ts';

const TZ = 'Asia/Shanghai';
const MONTH = '2026-11';
const MIN = 60_000;

export type RulesBenchResult = { name: string; ms: number; facts: number; factsPerSec: number; targetMs: 1000; pass: boolean };

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type MonthFacts = {
  managers: number[];
  days: string[];
  perDay: Map<string, { checkIns: Fact[]; targets: Fact[]; logs: Fact[] }>;
  leaves: Leave[];
  customers: VisitCustomer[];
  visits: number;
  deals: { memberId: number; amountFen: bigint; at: Date }[];
  pending: PendingRegistration[];
  weekly: Map<string, Fact[]>;
  monthly: Fact[];
  balances: { customerId: number; ownerId: number; balanceFen: bigint; earlier: bigint[] }[];
  count: Record<string, number>;
};

export function buildMonthFacts(nManagers = 10_000, customersEach = 40): MonthFacts {
  const rand = rng(20261122);
  const cal = policyCalendar(defaultPolicy);
  const days = cal.workdaysIn(`${MONTH}-01`, `${MONTH}-30`);
  const managers = Array.from({ length: nManagers }, (_, i) => i + 1);
  const perDay = new Map<string, { checkIns: Fact[]; targets: Fact[]; logs: Fact[] }>();
  const leaves: Leave[] = [];
  for (const day of days) {
    const eight = zonedInstant(day, '08:00', TZ).getTime();
    const nine = zonedInstant(day, '09:00', TZ).getTime();
    const checkIns: Fact[] = [], targets: Fact[] = [], logs: Fact[] = [];
    for (const m of managers) {
      const r = rand();
      if (r < 0.01) {
        // away: a leave request (mostly approved, some pending/rejected/half-day)
        const kind = rand();
        leaves.push({
          memberId: m, startDay: day, endDay: day, status: kind < 0.7 ? 'approved' : kind < 0.85 ? 'pending' : 'rejected',
          ...(kind > 0.9 ? { halfDay: 'am' as const } : {}), submittedAt: new Date(eight - (rand() < 0.9 ? 12 * 60 : -5) * MIN), decidedAt: new Date(eight + 60 * MIN),
        });
        continue;
      }
      if (r > 0.995) continue; // absent without leave
      const late = rand() < 0.05;
      checkIns.push({ memberId: m, at: new Date(eight + (late ? rand() * 40 : -rand() * 25) * MIN) });
      targets.push({ memberId: m, at: new Date(nine + (rand() < 0.03 ? rand() * 120 : -rand() * 60) * MIN) });
      if (rand() > 0.02) logs.push({ memberId: m, at: new Date(nine + (8 + rand() * (rand() < 0.01 ? 20 : 6)) * 60 * MIN) });
    }
    perDay.set(day, { checkIns, targets, logs });
  }

  // customers and their visits this month
  const customers: VisitCustomer[] = [];
  const balances: MonthFacts['balances'] = [];
  const monthStart = zonedInstant(`${MONTH}-01`, '00:00', TZ).getTime();
  const interval = { A: 7, B: 30, C: 90 } as const;
  let visits = 0;
  let cid = 0;
  for (const m of managers) {
    for (let k = 0; k < customersEach; k++) {
      const id = ++cid;
      const t = rand();
      const tier = t < 0.1 ? 'A' : t < 0.4 ? 'B' : 'C';
      const every = interval[tier];
      // last visit before the month, then visits every ~interval days through the month (a few skip)
      let last = monthStart - Math.floor(rand() * every) * 86_400_000 + 10 * 60 * MIN;
      const sloppy = rand() < 0.08;
      for (;;) {
        const next = last + (every + (sloppy ? 4 + Math.floor(rand() * 6) : -Math.floor(rand() * 2))) * 86_400_000;
        if (next >= monthStart + 30 * 86_400_000) break;
        last = next;
        visits++;
      }
      customers.push({ id, ownerId: m, tier, registeredAt: new Date(monthStart - 400 * 86_400_000), lastVisitAt: new Date(last) });
      const base = BigInt(Math.floor(rand() * 2_000_000)) * 100n;
      const earlier = Array.from({ length: 6 }, () => base + BigInt(Math.floor((rand() - 0.5) * 200_000)) * 100n);
      balances.push({ customerId: id, ownerId: m, balanceFen: base + BigInt(Math.floor((rand() - 0.3) * 300_000)) * 100n, earlier });
    }
  }

  // deals; 5% name an unregistered customer
  const deals: MonthFacts['deals'] = [];
  const pending: PendingRegistration[] = [];
  let dealId = 0;
  for (const m of managers) {
    for (let k = 0; k < 10; k++) {
      const day = days[Math.floor(rand() * days.length)];
      const at = new Date(zonedInstant(day, '10:00', TZ).getTime() + rand() * 7 * 60 * MIN);
      const amountFen = BigInt(Math.floor(rand() * rand() * 300_000)) * 100n; // yuan → fen
      deals.push({ memberId: m, amountFen, at });
      dealId++;
      if (rand() < 0.05) {
        const reg = rand();
        pending.push({ memberId: m, name: `新客户${dealId}`, firstSeenAt: at, key: `deal:${dealId}`, ...(reg < 0.8 ? { registeredAt: new Date(at.getTime() + reg * 3 * 86_400_000) } : {}) });
      }
    }
  }

  // weekly summaries (weeks whose Monday is in the month) and the monthly summary
  const weekly = new Map<string, Fact[]>();
  for (const day of ['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23', '2026-11-30']) {
    const noon = zonedInstant(day, '12:00', TZ).getTime();
    weekly.set(isoWeekKey(day), managers.filter(() => rand() > 0.01).map((m) => ({ memberId: m, at: new Date(noon - (rand() < 0.03 ? -30 : 120) * MIN * rand()) })));
  }
  const due3 = zonedInstant(`${MONTH}-03`, '23:59', TZ).getTime();
  const monthly = managers.filter(() => rand() > 0.01).map((m) => ({ memberId: m, at: new Date(due3 - rand() * 48 * 60 * MIN) }));

  let checkIns = 0, targets = 0, logs = 0;
  for (const d of perDay.values()) { checkIns += d.checkIns.length; targets += d.targets.length; logs += d.logs.length; }
  // Facts passed to the evaluators. The month's visits are folded into each customer's last visit (the
  // input DAY-3 takes), so they are counted once per customer, not per visit.
  const count = {
    checkIns, targets, logs, leaves: leaves.length, customers: customers.length, deals: deals.length, pendingRegistrations: pending.length,
    summaries: [...weekly.values()].reduce((a, w) => a + w.length, 0) + monthly.length, balances: balances.length,
  };
  return { managers, days, perDay, leaves, customers, visits, deals, pending, weekly, monthly, balances, count };
}

/** Evaluates the month; returns the drafts (so nothing is optimised away) and some totals. */
export function evaluateMonth(f: MonthFacts): { drafts: LedgerDraft[]; bigDeals: number; commissionFen: bigint; netPayFen: bigint } {
  const policy = defaultPolicy;
  const cal = policyCalendar(policy);
  const drafts: LedgerDraft[] = [];
  const leavesByDay = new Map<string, Leave[]>();
  for (const l of f.leaves) {
    const list = leavesByDay.get(l.startDay);
    if (list) list.push(l); else leavesByDay.set(l.startDay, [l]);
  }
  for (const day of f.days) {
    const d = f.perDay.get(day)!;
    const leaves = leavesByDay.get(day) ?? [];
    const close = zonedInstant(day, '08:30', TZ);
    drafts.push(...evaluateAttendance(policy, cal, { tz: TZ, day, session: meetingSession(policy, day), managers: f.managers, checkIns: d.checkIns, leaves, now: close }));
    const after = new Date(zonedInstant(day, '23:59', TZ).getTime() + 60_000);
    drafts.push(...evaluateDayLog(policy, cal, { tz: TZ, day, managers: f.managers, targets: d.targets, logs: d.logs, leaves, now: after }));
  }
  const endOfMonth = zonedInstant('2026-12-01', '00:30', TZ);
  for (const [week, subs] of f.weekly) {
    drafts.push(...evaluateSummaries(policy, cal, { tz: TZ, kind: 'week', period: week, managers: f.managers, submissions: subs, leaves: f.leaves, now: endOfMonth }));
  }
  drafts.push(...evaluateSummaries(policy, cal, { tz: TZ, kind: 'month', period: MONTH, managers: f.managers, submissions: f.monthly, leaves: f.leaves, now: endOfMonth }));
  drafts.push(...evaluateVisits(policy, cal, { tz: TZ, today: '2026-12-01', customers: f.customers, now: endOfMonth, since: `${MONTH}-01` }).drafts);
  drafts.push(...evaluateRegistrations(policy, cal, { tz: TZ, pending: f.pending, now: endOfMonth }));
  let bigDeals = 0;
  for (const d of f.deals) if (isBigDeal(policy, d.amountFen)) bigDeals++;

  // PAY-3, PAY-2, PAY-1 (per-owner totals; commission is summed per manager for the statement)
  const byOwner = new Map<number, { n: number; balance: bigint; commission: bigint }>();
  let commissionFen = 0n;
  for (const b of f.balances) {
    const c = computeCommission(policy, { customerId: b.customerId, month: MONTH, balanceFen: b.balanceFen, earlierMonthlyBalancesFen: b.earlier });
    commissionFen += c;
    const t = byOwner.get(b.ownerId);
    if (t) { t.n++; t.balance += b.balanceFen; if (c !== 0n) t.commission += c; } else byOwner.set(b.ownerId, { n: 1, balance: b.balanceFen, commission: c });
  }
  const ledgerByMember = new Map<number, LedgerEntry[]>();
  let id = 0;
  const created = endOfMonth;
  for (const d of drafts) {
    const e = d as LedgerEntry; // the caller would store the draft and read back an entry; here we add the two fields in place
    e.id = ++id;
    e.createdAt = created;
    const list = ledgerByMember.get(d.memberId);
    if (list) list.push(e); else ledgerByMember.set(d.memberId, [e]);
  }
  let netPayFen = 0n;
  for (const m of f.managers) {
    const t = byOwner.get(m) ?? { n: 0, balance: 0n, commission: 0n };
    const level = computeLevel(policy, { customerCount: t.n, totalBalanceFen: t.balance });
    const s = buildStatement(policy, { memberId: m, month: MONTH, level, commissions: [t.commission], otherFen: 0n, ledger: ledgerByMember.get(m) ?? [] });
    netPayFen += s.netFen;
  }
  return { drafts, bigDeals, commissionFen, netPayFen };
}

export async function runRulesBench(o: { managers?: number; rounds?: number } = {}): Promise<RulesBenchResult> {
  const facts = buildMonthFacts(o.managers ?? 10_000);
  const total = Object.values(facts.count).reduce((a, b) => a + b, 0);
  // one warm-up round (JIT, caches), then the best of the timed rounds
  evaluateMonth(facts);
  let best = Infinity;
  for (let r = 0; r < (o.rounds ?? 3); r++) {
    const t0 = performance.now();
    const out = evaluateMonth(facts);
    const ms = performance.now() - t0;
    if (out.drafts.length === 0) throw new Error('no drafts: the bench facts are wrong');
    best = Math.min(best, ms);
  }
  const ms = Math.round(best * 10) / 10;
  return { name: 'B4 rules: one month, 10,000 managers', ms, facts: total, factsPerSec: Math.round(total / (best / 1000)), targetMs: 1000, pass: best < 1000 };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const facts = buildMonthFacts();
  const out = evaluateMonth(facts);
  const byRule = new Map<string, number>();
  for (const d of out.drafts) byRule.set(d.ruleId, (byRule.get(d.ruleId) ?? 0) + 1);
  console.log('facts:', facts.count, `(plus ${facts.visits} visits in the month, folded into the customers' last visit)`);
  console.log('drafts by rule:', Object.fromEntries(byRule), 'big deals:', out.bigDeals);
  const r = await runRulesBench();
  console.log(`${r.name}: ${r.ms} ms for ${r.facts.toLocaleString('en-US')} facts = ${r.factsPerSec.toLocaleString('en-US')} facts/s (target < ${r.targetMs} ms) ${r.pass ? 'PASS' : 'FAIL'}`);
  if (!r.pass) process.exitCode = 1;
}
