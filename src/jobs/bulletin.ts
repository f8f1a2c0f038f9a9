// PERF-2 / PERF-3 figures by database aggregation: SUM(amountFen) over Deal
// grouped by member for a day range (the (teamId, day) index), never by
// loading deal rows. The ranking and the texts are pure functions of the figures.
import type { Db } from '../infra/db/client.ts';
import type { Locale } from '../i18n.ts';
import { tr } from '../i18n.ts';
import { formatWan, monthKey, monthRange, weekRange, type Day } from '../rules/index.ts';

/** Sum of deal amounts per member over local days [from, to]. */
export async function dealTotals(db: Db, teamId: number, from: Day, to: Day): Promise<Map<number, bigint>> {
  const rows = await db.deal.groupBy({
    by: ['memberId'],
    where: { teamId, day: { gte: from, lte: to } },
    _sum: { amountFen: true },
  });
  const out = new Map<number, bigint>();
  for (const r of rows) out.set(r.memberId, BigInt(r._sum.amountFen ?? 0n));
  return out;
}

/**
 * One aggregate statement for the weekly bulletin: per member, the sum over the week and the sum over the
 * month to date, each deal row read once (conditional SUMs over [min(weekStart, monthStart), end]).
 * Plain SQL with quoted identifiers, the same on SQLite and PostgreSQL; Prisma binds the parameters.
 */
export async function weekAndMonthTotals(
  db: Db, teamId: number, r: { weekStart: Day; monthStart: Day; end: Day },
): Promise<Map<number, { week: bigint; month: bigint }>> {
  const from = r.weekStart < r.monthStart ? r.weekStart : r.monthStart;
  const rows = await db.$queryRaw<{ m: number | bigint; w: bigint | number | string | null; t: bigint | number | string | null }[]>`
    SELECT "memberId" AS m,
           CAST(SUM(CASE WHEN "day" >= ${r.weekStart} THEN "amountFen" ELSE 0 END) AS BIGINT) AS w,
           CAST(SUM(CASE WHEN "day" >= ${r.monthStart} THEN "amountFen" ELSE 0 END) AS BIGINT) AS t
    FROM "Deal"
    WHERE "teamId" = ${teamId} AND "day" >= ${from} AND "day" <= ${r.end}
    GROUP BY "memberId"`;
  const out = new Map<number, { week: bigint; month: bigint }>();
  for (const x of rows) out.set(Number(x.m), { week: BigInt(x.w ?? 0), month: BigInt(x.t ?? 0) });
  return out;
}

export type WeeklyRow = {
  memberId: number;
  name: string;
  rank: number;
  weekFen: bigint;
  monthToDateFen: bigint;
  targetFen: bigint | null;
  /** target − month to date, never below 0; null without a target. */
  toTargetFen: bigint | null;
};

export type WeeklyBulletin = { week: string; start: Day; end: Day; month: string; monthStart: Day; rows: WeeklyRow[] };

/**
 * The weekly bulletin of ISO week `week`: each manager's total that week, the month-to-date total of the
 * month the week ends in (up to the week's last day), the distance to that month's MonthlyTarget, and a
 * ranking by the week's total (ties: month to date, then member id).
 */
export async function weeklyBulletinData(db: Db, teamId: number, week: string, managers: readonly { id: number; name: string }[]): Promise<WeeklyBulletin> {
  const { start, end } = weekRange(week);
  const month = monthKey(end);
  const monthStart = monthRange(month).start;
  const [sums, targets] = await Promise.all([
    weekAndMonthTotals(db, teamId, { weekStart: start, monthStart, end }),
    db.monthlyTarget.findMany({ where: { teamId, month }, select: { memberId: true, amountFen: true } }),
  ]);
  const targetOf = new Map(targets.map((t) => [t.memberId, t.amountFen]));
  const rows: WeeklyRow[] = managers.map((m) => {
    const x = sums.get(m.id);
    const weekFen = x?.week ?? 0n;
    const monthToDateFen = x?.month ?? 0n;
    const targetFen = targetOf.get(m.id) ?? null;
    const gap = targetFen === null ? null : targetFen - monthToDateFen;
    return { memberId: m.id, name: m.name, rank: 0, weekFen, monthToDateFen, targetFen, toTargetFen: gap === null ? null : gap > 0n ? gap : 0n };
  });
  rankRows(rows, (r) => [r.weekFen, r.monthToDateFen]);
  return { week, start, end, month, monthStart, rows };
}

export type MonthlyRow = { memberId: number; name: string; rank: number; monthFen: bigint; targetFen: bigint | null };
export type MonthlyBulletin = { month: string; rows: MonthlyRow[]; top: MonthlyRow[] };

export async function monthlyBulletinData(db: Db, teamId: number, month: string, managers: readonly { id: number; name: string }[], topN: number): Promise<MonthlyBulletin> {
  const { start, end } = monthRange(month);
  const [totals, targets] = await Promise.all([
    dealTotals(db, teamId, start, end),
    db.monthlyTarget.findMany({ where: { teamId, month }, select: { memberId: true, amountFen: true } }),
  ]);
  const targetOf = new Map(targets.map((t) => [t.memberId, t.amountFen]));
  const rows: MonthlyRow[] = managers.map((m) => ({ memberId: m.id, name: m.name, rank: 0, monthFen: totals.get(m.id) ?? 0n, targetFen: targetOf.get(m.id) ?? null }));
  rankRows(rows, (r) => [r.monthFen]);
  // Top performers: the best N with results (ties at the Nth place are all commended).
  const withResults = rows.filter((r) => r.monthFen > 0n);
  const cut = withResults[Math.min(topN, withResults.length) - 1]?.rank ?? 0;
  return { month, rows, top: withResults.filter((r) => r.rank <= cut) };
}

/** Sorts descending by the keys and gives competition ranks (1, 2, 2, 4). */
function rankRows<T extends { memberId: number; rank: number }>(rows: T[], keys: (r: T) => bigint[]): void {
  const cmp = (a: T, b: T) => {
    const ka = keys(a), kb = keys(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] > kb[i] ? -1 : 1;
    return 0;
  };
  rows.sort((a, b) => cmp(a, b) || a.memberId - b.memberId);
  rows.forEach((r, i) => (r.rank = i > 0 && cmp(rows[i - 1], r) === 0 ? rows[i - 1].rank : i + 1));
}

const LINES_PER_MESSAGE = 40;

function chunks(header: string, lines: string[], footer: string[]): string[] {
  if (lines.length === 0) return [[header, ...footer].join('\n')];
  const out: string[] = [];
  for (let i = 0; i < lines.length; i += LINES_PER_MESSAGE) {
    const part = lines.slice(i, i + LINES_PER_MESSAGE);
    const last = i + LINES_PER_MESSAGE >= lines.length;
    out.push([i === 0 ? header : `${header} (${i / LINES_PER_MESSAGE + 1})`, ...part, ...(last ? footer : [])].join('\n'));
  }
  return out;
}

/** The channel text of a weekly bulletin, split into messages of at most 40 lines. */
export function weeklyBulletinText(b: WeeklyBulletin, l: Locale): string[] {
  const header = tr(l, `📊 每周业绩通报（PERF-2）：${b.week}，${b.start} 至 ${b.end}`, `📊 Weekly bulletin (PERF-2): ${b.week}, ${b.start} to ${b.end}`);
  const lines = b.rows.map((r) => {
    const target = r.targetFen === null
      ? tr(l, '未设目标', 'no target')
      : r.toTargetFen === 0n ? tr(l, `目标 ${formatWan(r.targetFen)} 已完成 🎉`, `target ${formatWan(r.targetFen)} reached 🎉`) : tr(l, `距目标 ${formatWan(r.toTargetFen!)}（目标 ${formatWan(r.targetFen)}）`, `${formatWan(r.toTargetFen!)} to target (${formatWan(r.targetFen)})`);
    return tr(l,
      `${r.rank}. ${r.name}：上周 ${formatWan(r.weekFen)}，${b.month} 月累计 ${formatWan(r.monthToDateFen)}，${target}`,
      `${r.rank}. ${r.name}: last week ${formatWan(r.weekFen)}, ${b.month} to date ${formatWan(r.monthToDateFen)}, ${target}`);
  });
  const footer = [tr(l, '查看自己的排名与明细：/rank week', 'Your rank and details: /rank week')];
  return chunks(header, lines, footer);
}

export function monthlyBulletinText(b: MonthlyBulletin, l: Locale): string[] {
  const header = tr(l, `🏆 月度业绩公报（PERF-3）：${b.month}`, `🏆 Monthly bulletin (PERF-3): ${b.month}`);
  const medals = ['🥇', '🥈', '🥉'];
  const top = b.top.length
    ? tr(l, `表彰先进：${b.top.map((r) => `${medals[r.rank - 1] ?? '🏅'} ${r.name} ${formatWan(r.monthFen)}`).join('，')}`, `Top performers: ${b.top.map((r) => `${medals[r.rank - 1] ?? '🏅'} ${r.name} ${formatWan(r.monthFen)}`).join(', ')}`)
    : tr(l, '本月暂无业绩。', 'No results this month.');
  const lines = b.rows.map((r) => {
    const t = r.targetFen === null ? '' : tr(l, `（目标 ${formatWan(r.targetFen)}）`, ` (target ${formatWan(r.targetFen)})`);
    return `${r.rank}. ${r.name}${tr(l, ':', ': ')}${formatWan(r.monthFen)}${t}`;
  });
  return chunks(`${header}\n${top}`, lines, [tr(l, '查看排名：/rank month', 'See the ranking: /rank month')]);
}
