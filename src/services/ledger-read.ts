// Reading the ledger and the results: one's own fines by month, error points
// by quarter, the team's totals, the activity fund, and the ranking by deal
// results. Nothing here decides a fine; the totals are sums of what the rules
// module recorded (balances() for one member's entries, SQL SUM for the team).
import { inChunks } from '../infra/db/chunks.ts';
import type { Core } from './core.ts';
import { UserError } from './errors.ts';
import { msg } from '../i18n.ts';
import {
  balances, isoWeekKey, localDay, monthKey, monthRange, quarterKey, weekRange, isMonthKey,
  type LedgerEntry,
} from '../rules/index.ts';

export type EntryRow = {
  id: number;
  memberId: number;
  ruleId: string;
  variant: string | null;
  kind: string;
  amountFen: bigint;
  points: number;
  multiplier: string | null;
  escalation: string | null;
  day: string;
  occurredAt: Date;
  sourceKey: string;
  detail: string;
  note: string | null;
  recordedBy: number | null;
  reversesId: number | null;
  createdAt: Date;
};

/** A stored row as the rules module's LedgerEntry (for balances / waiverDraft). */
export function toLedgerEntry(r: EntryRow): LedgerEntry {
  return {
    id: r.id,
    memberId: r.memberId,
    ruleId: r.ruleId,
    ...(r.variant ? { variant: r.variant } : {}),
    kind: r.kind as LedgerEntry['kind'],
    amountFen: r.amountFen,
    points: r.points,
    ...(r.multiplier ? { multiplier: r.multiplier } : {}),
    ...(r.escalation ? { escalation: r.escalation as LedgerEntry['escalation'] } : {}),
    occurredAt: r.occurredAt,
    day: r.day,
    sourceKey: r.sourceKey,
    detail: r.detail,
    ...(r.note ? { note: r.note } : {}),
    reversesId: r.reversesId,
    recordedBy: r.recordedBy,
    createdAt: r.createdAt,
  };
}

export type Range = { from: string; to: string };

// ---------------------------------------------------------------------------------------------------------
// Periods

export function currentMonth(core: Core, now: Date): string {
  return monthKey(localDay(now, core.team.timezone));
}

export function currentQuarter(core: Core, now: Date): string {
  return quarterKey(localDay(now, core.team.timezone));
}

export function monthBounds(month: string): Range {
  const r = monthRange(month);
  return { from: r.start, to: r.end };
}

const QUARTER_RE = /^(\d{4})-Q([1-4])$/;

export function isQuarterKey(s: string): boolean {
  return QUARTER_RE.test(s);
}

/** `2026-Q4` → 2026-10-01 … 2026-12-31. */
export function quarterBounds(quarter: string): Range {
  const m = QUARTER_RE.exec(quarter);
  if (!m) throw new UserError(msg(`季度格式应为 YYYY-Qn，例如 2026-Q4（收到 ${quarter}）`, `A quarter is written YYYY-Qn, e.g. 2026-Q4 (got ${quarter})`));
  const first = (Number(m[2]) - 1) * 3 + 1;
  const mm = (n: number) => `${m[1]}-${String(n).padStart(2, '0')}`;
  return { from: monthRange(mm(first)).start, to: monthRange(mm(first + 2)).end };
}

export function checkMonth(month: string): string {
  if (!isMonthKey(month)) throw new UserError(msg(`月份格式应为 YYYY-MM，例如 2026-11（收到 ${month}）`, `A month is written YYYY-MM, e.g. 2026-11 (got ${month})`));
  return month;
}

// ---------------------------------------------------------------------------------------------------------
// One member's entries

export type Waiver = { id: number; reason: string; recordedBy: number | null; at: Date };

export type MemberLedger = {
  memberId: number;
  range: Range;
  /** Original entries (waivers are shown as a mark on the entry they reverse), oldest first. */
  entries: (EntryRow & { waivedBy: Waiver | null })[];
  finesFen: bigint;
  points: number;
  openFlags: number;
};

/** The member's entries whose day is in the range, with waiver marks and net totals. */
export async function memberLedger(core: Core, memberId: number, range: Range, kinds?: string[]): Promise<MemberLedger> {
  const rows: EntryRow[] = await core.db.ledgerEntry.findMany({
    where: { teamId: core.team.id, memberId, day: { gte: range.from, lte: range.to } },
    orderBy: [{ day: 'asc' }, { id: 'asc' }],
  });
  const originals = rows.filter((r) => r.reversesId == null);
  const waivers = originals.length
    ? await inChunks(originals.map((r) => r.id), (ids) => core.db.ledgerEntry.findMany({ where: { teamId: core.team.id, reversesId: { in: ids } } }))
    : [];
  const waivedBy = new Map(waivers.map((w) => [w.reversesId!, { id: w.id, reason: w.note ?? '', recordedBy: w.recordedBy, at: w.createdAt }]));
  const b = balances(rows.map(toLedgerEntry)).byMember.get(memberId);
  return {
    memberId,
    range,
    entries: originals.filter((r) => !kinds || kinds.includes(r.kind)).map((r) => ({ ...r, waivedBy: waivedBy.get(r.id) ?? null })),
    finesFen: b?.finesFen ?? 0n,
    points: b?.points ?? 0,
    openFlags: b?.flags ?? 0,
  };
}

/** Entry by id in this team, with its waiver if it has one. */
export async function entryById(core: Core, id: number): Promise<(EntryRow & { waivedBy: Waiver | null }) | null> {
  const row = await core.db.ledgerEntry.findFirst({ where: { id, teamId: core.team.id } });
  if (!row) return null;
  const w = await core.db.ledgerEntry.findUnique({ where: { reversesId: id } });
  return { ...row, waivedBy: w ? { id: w.id, reason: w.note ?? '', recordedBy: w.recordedBy, at: w.createdAt } : null };
}

// ---------------------------------------------------------------------------------------------------------
// Team totals and the activity fund (SQL SUM over fines and their reversing entries)

export type MemberTotal = { memberId: number; name: string; role: string; finesFen: bigint; points: number; entries: number };

/** Fines and points per member for the range, net of waivers; every active member, highest fines first. */
export async function teamTotals(core: Core, range: Range): Promise<MemberTotal[]> {
  const [groups, members] = await Promise.all([
    core.db.ledgerEntry.groupBy({
      by: ['memberId'],
      where: { teamId: core.team.id, day: { gte: range.from, lte: range.to } },
      _sum: { amountFen: true, points: true },
      _count: { _all: true },
    }),
    core.db.member.findMany({ where: { teamId: core.team.id }, select: { id: true, name: true, role: true, active: true } }),
  ]);
  const byId = new Map(groups.map((g) => [g.memberId, g]));
  const out: MemberTotal[] = [];
  for (const m of members) {
    const g = byId.get(m.id);
    if (!g && (!m.active || m.role !== 'manager')) continue;
    out.push({ memberId: m.id, name: m.name, role: m.role, finesFen: BigInt(g?._sum.amountFen ?? 0n), points: Number(g?._sum.points ?? 0), entries: g?._count._all ?? 0 });
  }
  return out.sort((a, b) => (a.finesFen === b.finesFen ? b.points - a.points || a.memberId - b.memberId : a.finesFen > b.finesFen ? -1 : 1));
}

export type Fund = { totalFen: bigint; monthFen: bigint; month: string; waivedFen: bigint };

/** The centre's activity fund: every fine net of waivers, and this month's part. */
export async function fundBalance(core: Core, now: Date): Promise<Fund> {
  const month = currentMonth(core, now);
  const r = monthBounds(month);
  const where = { teamId: core.team.id, kind: 'fine' };
  const [all, thisMonth, waived] = await Promise.all([
    core.db.ledgerEntry.aggregate({ where, _sum: { amountFen: true } }),
    core.db.ledgerEntry.aggregate({ where: { ...where, day: { gte: r.from, lte: r.to } }, _sum: { amountFen: true } }),
    core.db.ledgerEntry.aggregate({ where: { ...where, reversesId: { not: null } }, _sum: { amountFen: true } }),
  ]);
  return {
    totalFen: BigInt(all._sum.amountFen ?? 0n),
    monthFen: BigInt(thisMonth._sum.amountFen ?? 0n),
    month,
    waivedFen: -BigInt(waived._sum.amountFen ?? 0n),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Ranking by results (Deal.amountFen), summed in the database

export type RankPeriod = 'week' | 'month';

export type RankRow = {
  rank: number;
  memberId: number;
  name: string;
  totalFen: bigint;
  deals: number;
  /** Month only: the member's MonthlyTarget, if set. */
  targetFen: bigint | null;
};

export type Ranking = { period: RankPeriod; key: string; range: Range; rows: RankRow[] };

export function periodOf(core: Core, period: RankPeriod, now: Date): { key: string; range: Range } {
  const today = localDay(now, core.team.timezone);
  if (period === 'week') {
    const key = isoWeekKey(today);
    const w = weekRange(key);
    return { key, range: { from: w.start, to: w.end } };
  }
  const key = monthKey(today);
  return { key, range: monthBounds(key) };
}

/**
 * Every active manager (and anyone else with results in the period), by results, highest first.
 * Equal totals share a rank.
 */
export async function ranking(core: Core, period: RankPeriod, now: Date): Promise<Ranking> {
  const { key, range } = periodOf(core, period, now);
  const [sums, members, targets] = await Promise.all([
    core.db.deal.groupBy({
      by: ['memberId'],
      where: { teamId: core.team.id, day: { gte: range.from, lte: range.to } },
      _sum: { amountFen: true },
      _count: { _all: true },
    }),
    core.db.member.findMany({ where: { teamId: core.team.id }, select: { id: true, name: true, role: true, active: true } }),
    period === 'month' ? core.db.monthlyTarget.findMany({ where: { teamId: core.team.id, month: key } }) : Promise.resolve([]),
  ]);
  const sumOf = new Map(sums.map((s) => [s.memberId, { total: BigInt(s._sum.amountFen ?? 0n), deals: s._count._all }]));
  const targetOf = new Map(targets.map((t) => [t.memberId, t.amountFen]));
  const rows: RankRow[] = [];
  for (const m of members) {
    const s = sumOf.get(m.id);
    if (!s && (!m.active || m.role !== 'manager')) continue;
    rows.push({ rank: 0, memberId: m.id, name: m.name, totalFen: s?.total ?? 0n, deals: s?.deals ?? 0, targetFen: period === 'month' ? targetOf.get(m.id) ?? null : null });
  }
  rows.sort((a, b) => (a.totalFen === b.totalFen ? a.memberId - b.memberId : a.totalFen > b.totalFen ? -1 : 1));
  rows.forEach((r, i) => {
    r.rank = i > 0 && rows[i - 1].totalFen === r.totalFen ? rows[i - 1].rank : i + 1;
  });
  return { period, key, range, rows };
}
