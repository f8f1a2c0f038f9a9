// QUOTA-W / QUOTA-D / QUOTA-N / THREE-ONE: managers report the units they
// achieved (organisations visited, visitor groups, call-backs…); the rules
// module compares the period's sums with the policy's targets. Reports add up;
// a negative number corrects an earlier report. Nothing here computes a fine:
// the quota close job does, through the rules module.
import type { Core } from './core.ts';
import type { Actor } from '../chat/types.ts';
import { msg } from '../i18n.ts';
import { UserError } from './errors.ts';
import { once } from './requests.ts';
import { evaluateQuota, isoWeekKey, localDay, monthKey, monthRange, weekRange, type QuotaItem, type QuotaLine, type QuotaPeriod, type Rule } from '../rules/index.ts';

export type ActiveItem = QuotaItem & { ruleId: string };

/** Every item of every enabled quota rule of the running policy. */
export function activeQuotaItems(core: Core): ActiveItem[] {
  return core.policy.rules.filter((r: Rule) => r.enabled && r.quota).flatMap((r) => r.quota!.items.map((i) => ({ ...i, ruleId: r.id })));
}

/** An item by its key or its label in either language ("organisations", "拓展单位"). */
export function findItem(items: ActiveItem[], word: string): ActiveItem | undefined {
  const w = word.trim().toLowerCase();
  return items.find((i) => i.key.toLowerCase() === w || i.label['zh-CN'] === word.trim() || i.label.en.toLowerCase() === w);
}

function periodOf(period: QuotaPeriod, day: string): { key: string; start: string; end: string } {
  if (period === 'day') return { key: day, start: day, end: day };
  if (period === 'week') {
    const key = isoWeekKey(day);
    return { key, ...weekRange(key) };
  }
  const key = monthKey(day);
  return { key, ...monthRange(key) };
}

async function sumFor(core: Core, memberId: number, metric: string, start: string, end: string): Promise<number> {
  const r = await core.db.quotaEntry.aggregate({ where: { teamId: core.team.id, memberId, metric, day: { gte: start, lte: end } }, _sum: { count: true } });
  return r._sum.count ?? 0;
}

export type QuotaReport = { item: ActiveItem; periodKey: string; total: number };

export async function reportQuota(core: Core, actor: Actor, item: ActiveItem, count: number, note: string, now: Date, requestKey?: string): Promise<QuotaReport> {
  if (!Number.isInteger(count) || count === 0 || count < -10_000 || count > 10_000) {
    throw new UserError(msg(`数量应是 1 到 10000 的整数（更正可用负数），例如：/quota ${item.key} 3`, `The number must be a whole number from 1 to 10000 (negative to correct), e.g. /quota ${item.key} 3`));
  }
  if (note.length > 500) throw new UserError(msg('备注太长（上限 500 字）。', 'The note is too long (limit 500 characters).'));
  const day = localDay(now, core.team.timezone);
  const p = periodOf(item.period, day);
  return once(core, requestKey && `quota:${requestKey}`, async (tx) => {
    const before = (await tx.quotaEntry.aggregate({ where: { teamId: core.team.id, memberId: actor.member.id, metric: item.key, day: { gte: p.start, lte: p.end } }, _sum: { count: true } }))._sum.count ?? 0;
    if (before + count < 0) {
      throw new UserError(msg(`更正后不能少于 0（本期已报 ${before}）。`, `A correction cannot take the total below 0 (${before} so far this period).`));
    }
    await tx.quotaEntry.create({ data: { teamId: core.team.id, memberId: actor.member.id, metric: item.key, day, count, note, createdAt: now } });
    return { item, periodKey: p.key, total: before + count };
  });
}

/** This period's progress for every active item (day, week or month, by the item). */
export async function quotaProgress(core: Core, memberId: number, now: Date): Promise<QuotaLine[]> {
  const day = localDay(now, core.team.timezone);
  const lines: QuotaLine[] = [];
  for (const period of ['day', 'week', 'month'] as QuotaPeriod[]) {
    const items = activeQuotaItems(core).filter((i) => i.period === period);
    if (items.length === 0) continue;
    const p = periodOf(period, day);
    const counts: Record<string, number> = {};
    for (const i of items) counts[i.key] = await sumFor(core, memberId, i.key, p.start, p.end);
    lines.push(...evaluateQuota(core.policy, { period, periodKey: p.key, memberId, counts, tz: core.team.timezone }).lines);
  }
  return lines;
}
