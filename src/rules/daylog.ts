/**
 * DAY-1: the daily log — today's targets by 09:00 and the day log by 23:59 (policy `schedule.dayLog`).
 *
 * - Only on working days, only for managers not on a full day of approved leave.
 * - One ¥10 entry per manager per day, whichever part is missing: the source key is
 *   `DAY-1:<day>:m<id>` for every variant. Evaluated after 09:00 with targets missing, the draft has
 *   variant `targets`; evaluated after 23:59 it is `targets`, `log` or `both`. The first one stored wins,
 *   so missing targets and a late log on the same day still give ONE entry.
 * - A part is missing when no fact of that kind exists at or before its deadline (a deadline `HH:MM`
 *   means the instant HH:MM:00; 09:00:00 is on time, 09:00:01 is late). Drafts for a part are only
 *   returned once `now` is past its deadline. Pass the facts that belong to `day`.
 */
import type { Calendar } from './calendar.ts';
import { byMember, earliestByMember, isOnLeave } from './leave.ts';
import { activeRule, fineOf } from './policy/lookup.ts';
import type { Policy } from './policy/schema.ts';
import { zonedInstant, type Day } from './time.ts';
import type { Fact, LedgerDraft, Leave, MemberId } from './types.ts';

export type DayLogInput = {
  tz: string;
  day: Day;
  managers: readonly MemberId[];
  targets: readonly Fact[];
  logs: readonly Fact[];
  leaves: readonly Leave[];
  now: Date;
};

export function dayLogKey(day: Day, memberId: MemberId): string {
  return `DAY-1:${day}:m${memberId}`;
}

export function evaluateDayLog(policy: Policy, cal: Calendar, input: DayLogInput): LedgerDraft[] {
  const rule = activeRule(policy, 'DAY-1');
  const { tz, day, now } = input;
  if (!rule || !cal.isWorkday(day)) return [];
  const s = policy.schedule.dayLog;
  const targetsDue = zonedInstant(day, s.targetsDue, tz).getTime();
  const logDue = zonedInstant(day, s.logDue, tz).getTime();
  const n = now.getTime();
  if (n <= targetsDue) return [];
  const targets = earliestByMember(input.targets);
  const logs = earliestByMember(input.logs);
  const leaves = byMember(input.leaves);
  const split = policy.schedule.leave.halfDaySplit;
  const drafts: LedgerDraft[] = [];
  const amounts = { both: fineOf(rule, 'both'), targets: fineOf(rule, 'targets'), log: fineOf(rule, 'log') };
  const details = {
    both: "当日目标与日志均未按时填写 / neither today's targets nor the day log were filed on time",
    targets: `当日工作目标未在 ${s.targetsDue} 前填写 / today's targets were not filed by ${s.targetsDue}`,
    log: `日志未在 ${s.logDue} 前填写 / the day log was not filed by ${s.logDue}`,
  };
  const seen = new Set<MemberId>();
  for (const memberId of input.managers) {
    if (seen.has(memberId)) continue;
    seen.add(memberId);
    const tAt = targets.get(memberId);
    const targetsMissing = tAt === undefined || tAt > targetsDue;
    const lAt = logs.get(memberId);
    const logMissing = n > logDue && (lAt === undefined || lAt > logDue);
    if (!targetsMissing && !logMissing) continue;
    const ml = leaves.get(memberId);
    if (ml && isOnLeave(ml, memberId, day, undefined, undefined, { halfDaySplit: split })) continue;
    const variant = targetsMissing && logMissing ? 'both' : targetsMissing ? 'targets' : 'log';
    drafts.push({
      memberId, ruleId: rule.id, variant, kind: 'fine', amountFen: amounts[variant], points: 0,
      occurredAt: new Date(targetsMissing ? targetsDue : logDue), day, sourceKey: dayLogKey(day, memberId),
      detail: details[variant],
    });
  }
  return drafts;
}
