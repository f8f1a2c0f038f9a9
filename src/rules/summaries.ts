/**
 * DAY-2: weekly and monthly summary & plan.
 *
 * - Weekly: the summary filed on Monday of ISO week W (summarising W−1, planning W) is period `W`; it is
 *   due on the policy's due weekday (Monday) at the due time (12:00).
 * - Monthly: period `YYYY-MM` is due on the policy's due day of that month (the 3rd) at the due time
 *   (23:59). "3号前" is ambiguous in the seed; set `dueDay: 2` for "before the 3rd".
 * - With `shiftToWorkday`, a due day that is not a working day moves to the next working day.
 * - Late without reason: ¥50. A submission after the deadline is late, as is none at all once `now` is
 *   past the deadline. A manager on a full day of approved leave on the due day is excused.
 * - Source key `DAY-2:<kind>:<period>:m<id>`.
 */
import type { Calendar } from './calendar.ts';
import { byMember, earliestByMember, isOnLeave } from './leave.ts';
import { activeRule, fineOf } from './policy/lookup.ts';
import type { Policy } from './policy/schema.ts';
import { addDays, isMonthKey, weekRange, zonedInstant, type Day } from './time.ts';
import type { Fact, LedgerDraft, Leave, MemberId } from './types.ts';

export type SummaryKind = 'week' | 'month';

export type SummariesInput = {
  tz: string;
  kind: SummaryKind;
  /** `2026-W47` for a week, `2026-11` for a month. */
  period: string;
  managers: readonly MemberId[];
  submissions: readonly Fact[];
  leaves: readonly Leave[];
  now: Date;
};

/** The due day and instant of a weekly or monthly summary. */
export function summaryDue(policy: Policy, cal: Calendar, tz: string, kind: SummaryKind, period: string): { day: Day; at: Date } {
  let day: Day;
  let time: string;
  let shift: boolean;
  if (kind === 'week') {
    const w = policy.schedule.weeklySummary;
    day = addDays(weekRange(period).start, w.dueWeekday - 1);
    time = w.dueTime;
    shift = w.shiftToWorkday;
  } else {
    if (!isMonthKey(period)) throw new RangeError(`not a month (expected YYYY-MM): ${JSON.stringify(period)}`);
    const m = policy.schedule.monthlySummary;
    day = `${period}-${String(m.dueDay).padStart(2, '0')}`;
    time = m.dueTime;
    shift = m.shiftToWorkday;
  }
  if (shift && !cal.isWorkday(day)) day = cal.nextWorkday(day);
  return { day, at: zonedInstant(day, time, tz) };
}

export function summaryKey(kind: SummaryKind, period: string, memberId: MemberId): string {
  return `DAY-2:${kind}:${period}:m${memberId}`;
}

export function evaluateSummaries(policy: Policy, cal: Calendar, input: SummariesInput): LedgerDraft[] {
  const rule = activeRule(policy, 'DAY-2');
  if (!rule) return [];
  const { tz, kind, period, now } = input;
  const due = summaryDue(policy, cal, tz, kind, period);
  const dueMs = due.at.getTime();
  const subs = earliestByMember(input.submissions);
  const leaves = byMember(input.leaves);
  const split = policy.schedule.leave.halfDaySplit;
  const drafts: LedgerDraft[] = [];
  const seen = new Set<MemberId>();
  const dueLabel = `${due.day} ${kind === 'week' ? policy.schedule.weeklySummary.dueTime : policy.schedule.monthlySummary.dueTime}`;
  for (const memberId of input.managers) {
    if (seen.has(memberId)) continue;
    seen.add(memberId);
    const first = subs.get(memberId);
    if (first !== undefined && first <= dueMs) continue;
    if (first === undefined && now.getTime() <= dueMs) continue;
    const ml = leaves.get(memberId);
    if (ml && isOnLeave(ml, memberId, due.day, undefined, undefined, { halfDaySplit: split })) continue;
    const what = kind === 'week' ? { zh: '周工作总结与计划', en: 'weekly summary and plan' } : { zh: '月工作总结与计划', en: 'monthly summary and plan' };
    drafts.push({
      memberId, ruleId: rule.id, variant: kind, kind: 'fine', amountFen: fineOf(rule, kind), points: 0,
      occurredAt: due.at, day: due.day, sourceKey: summaryKey(kind, period, memberId),
      detail: first === undefined
        ? `${period} ${what.zh}未在 ${dueLabel} 前上交 / ${what.en} for ${period} not filed by ${dueLabel}`
        : `${period} ${what.zh}逾期上交 / ${what.en} for ${period} filed after ${dueLabel}`,
    });
  }
  return drafts;
}
