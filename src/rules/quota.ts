/**
 * Quotas (sections C and D): rules with a `quota` block.
 *
 * - QUOTA-W (real estate): weekly 3 organisations / 16 visitor groups / 100 phone numbers; each unit
 *   short is fined (¥100 / ¥10 / ¥1); 4 weeks short in a row → dismissal review.
 * - QUOTA-D (40 call-backs a day), QUOTA-N (2 new customers a week), THREE-ONE (三个一: one joint sale a
 *   day, one successful sale a week, one big-customer appointment a month) are targets without fines:
 *   they return shortfall information only.
 *
 * One draft per short item with a per-unit fine: source key `<rule>:<period>:m<id>:<item>`. A rule with a
 * `streak` adds a `flag` draft (`<rule>:<period>:m<id>:streak`) when this period is short and it is the
 * Nth (or later) short period in a row.
 */
import Decimal from 'decimal.js';
import { formatFen, roundFen } from './money.ts';
import type { Policy, QuotaPeriod } from './policy/schema.ts';
import { addDays, isMonthKey, isValidDay, isWeekKey, monthRange, weekRange, zonedInstant, type Day } from './time.ts';
import type { LedgerDraft, MemberId } from './types.ts';

export type QuotaInput = {
  period: QuotaPeriod;
  /** `2026-11-23` (day), `2026-W48` (week) or `2026-11` (month). */
  periodKey: string;
  memberId: MemberId;
  /** Achieved units by quota item key (missing = 0). */
  counts: Record<string, number>;
  /** Short periods in a row before this one (a number for every streak rule, or by rule ID). */
  previousShortPeriods?: number | Record<string, number>;
  /** Only this quota rule (default: every enabled quota rule). */
  ruleId?: string;
  tz?: string;
};

export type QuotaLine = {
  ruleId: string;
  key: string;
  label: { 'zh-CN': string; en: string };
  target: number;
  actual: number;
  shortfall: number;
  finePerUnitFen?: bigint;
  fineFen: bigint;
};

export type QuotaResult = {
  drafts: LedgerDraft[];
  lines: QuotaLine[];
  /** Rule IDs short this period, and the resulting streak per rule with a streak. */
  short: string[];
  streaks: Record<string, number>;
};

function periodEnd(period: QuotaPeriod, key: string): Day {
  if (period === 'day') {
    if (!isValidDay(key)) throw new RangeError(`not a day: ${key}`);
    return key;
  }
  if (period === 'week') {
    if (!isWeekKey(key)) throw new RangeError(`not an ISO week: ${key}`);
    return weekRange(key).end;
  }
  if (!isMonthKey(key)) throw new RangeError(`not a month: ${key}`);
  return monthRange(key).end;
}

export function evaluateQuota(policy: Policy, input: QuotaInput): QuotaResult {
  const end = periodEnd(input.period, input.periodKey);
  const tz = input.tz ?? policy.timezone;
  const closeAt = zonedInstant(addDays(end, 1), '00:00', tz);
  const result: QuotaResult = { drafts: [], lines: [], short: [], streaks: {} };
  for (const rule of policy.rules) {
    if (!rule.enabled || !rule.quota) continue;
    if (input.ruleId && rule.id !== input.ruleId) continue;
    const items = rule.quota.items.filter((i) => i.period === input.period);
    if (items.length === 0) continue;
    let ruleShort = false;
    for (const item of items) {
      const raw = input.counts[item.key] ?? 0;
      const actual = Number.isFinite(raw) && raw > 0 ? Math.floor(raw) : 0;
      const shortfall = Math.max(0, item.target - actual);
      const fineFen = item.finePerUnit !== undefined ? roundFen(new Decimal(item.finePerUnit.toString()).times(shortfall)) : 0n;
      if (shortfall > 0) ruleShort = true;
      result.lines.push({ ruleId: rule.id, key: item.key, label: item.label, target: item.target, actual, shortfall, ...(item.finePerUnit !== undefined ? { finePerUnitFen: item.finePerUnit } : {}), fineFen });
      if (fineFen > 0n) {
        result.drafts.push({
          memberId: input.memberId, ruleId: rule.id, variant: item.key, kind: 'fine', amountFen: fineFen, points: 0,
          occurredAt: closeAt, day: end, sourceKey: `${rule.id}:${input.periodKey}:m${input.memberId}:${item.key}`,
          detail: `${input.periodKey} ${item.label['zh-CN']}完成 ${actual}/${item.target},差 ${shortfall},每差一个罚 ${formatFen(item.finePerUnit!)} / ${item.label.en}: ${actual} of ${item.target}, ${shortfall} short at ${formatFen(item.finePerUnit!)} each`,
        });
      }
    }
    if (ruleShort) result.short.push(rule.id);
    const streak = rule.quota.streak;
    if (streak) {
      const prevRaw = input.previousShortPeriods;
      const prev = typeof prevRaw === 'number' ? prevRaw : prevRaw?.[rule.id] ?? 0;
      const now = ruleShort ? Math.max(0, Math.floor(prev)) + 1 : 0;
      result.streaks[rule.id] = now;
      if (now >= streak.periods) {
        result.drafts.push({
          memberId: input.memberId, ruleId: rule.id, kind: 'flag', amountFen: 0n, points: 0, escalation: streak.escalation,
          occurredAt: closeAt, day: end, sourceKey: `${rule.id}:${input.periodKey}:m${input.memberId}:streak`,
          detail: `连续 ${now} 个周期未完成任务(第 ${streak.periods} 个起${streak.escalation === 'dismissal_review' ? '辞退审查' : '取消资格'}) / ${now} periods short in a row (from ${streak.periods}: ${streak.escalation.replace('_', ' ')})`,
        });
      }
    }
  }
  return result;
}

/** QUOTA-W style weekly evaluation: per-unit shortfall fines and the streak flag; target-only weekly quotas report their shortfall. */
export function evaluateQuotaWeek(
  policy: Policy,
  input: { week: string; memberId: MemberId; counts: Record<string, number>; previousShortWeeks: number | Record<string, number>; tz?: string },
): QuotaResult {
  return evaluateQuota(policy, { period: 'week', periodKey: input.week, memberId: input.memberId, counts: input.counts, previousShortPeriods: input.previousShortWeeks, tz: input.tz });
}
