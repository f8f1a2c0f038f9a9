// The planner: which job runs when, as a PURE function of (policy, calendar,
// time zone, instant range, scheduled training sessions). No database, no wall
// clock. The scheduler asks it for every slot due in a window and runs the
// ones not claimed yet; tests call it with fixed instants.
//
// A slot is (job, period, at). The period key names what the run is about —
// the local day, the ISO week or the month in the team's zone (or a training
// session) — and is what the JobRun claim makes unique.
//
// Deadlines written `HH:MM` mean the instant HH:MM:00 and the evaluators count
// a fact at exactly that instant as on time, so a close whose evaluator needs
// "strictly after the deadline" runs on the first minute after it (23:59 → 00:00
// of the next day; its period is still the day it closes).
import type { Calendar, Policy } from '../rules/index.ts';
import {
  addDays, isMeetingDay, isoWeekKey, localDay, monthKey, monthRange, monthlyBulletinAt, summaryDue, trainingReminderTime,
  weekRange, weekday, weeklyBulletinAt, zonedInstant, type Day,
} from '../rules/index.ts';

/** Times the policy schema has no field for (the defaults). */
export const FIXED_TIMES = { visits: '09:00', registrations: '18:00', projects: '09:00', calendarWarning: '09:00', calendarGap: '07:00' } as const;

export const JOB_NAMES = [
  'daylog-close',
  'quota-week-close',
  'meeting-reminder',
  'weekly-bulletin',
  'monthly-bulletin',
  'meeting-close',
  'targets-reminder',
  'visits',
  'projects',
  'weekly-summary-reminder',
  'monthly-summary-reminder',
  'calendar-warning',
  'calendar-gap',
  'weekly-summary-close',
  'training-reminder',
  'training-close',
  'log-reminder',
  'registrations',
  'monthly-summary-close',
] as const;
export type JobName = (typeof JOB_NAMES)[number];

/**
 * - `reminder`: loses its point at `expiresAt`; a catch-up run after that records it as skipped.
 * - `close`: a deadline, fines or an escalation; never skipped.
 * - `report`: a bulletin; never skipped.
 */
export type SlotKind = 'reminder' | 'close' | 'report';

export type Slot = {
  job: JobName;
  period: string;
  at: Date;
  /** The local day the slot is about (for a close after midnight: the day it closes). */
  day: Day;
  kind: SlotKind;
  expiresAt?: Date;
  training?: TrainingRef;
};

export type TrainingRef = { id: number; day: Day; startTime: string; endTime: string; title: string };

export const JOB_INFO: Record<JobName, { zh: string; en: string; rules: string }> = {
  'meeting-reminder': { zh: '晨会提醒(带签到按钮)', en: 'meeting reminder with a check-in button', rules: 'MEET-1' },
  'meeting-close': { zh: '晨会结束:迟到/缺席罚款', en: 'meeting close: late/absent fines', rules: 'MEET-2, MEET-3' },
  'targets-reminder': { zh: '今日目标提醒', en: "today's targets reminder", rules: 'DAY-1' },
  'log-reminder': { zh: '工作日志提醒', en: 'day-log reminder', rules: 'DAY-1' },
  'daylog-close': { zh: '日志截止:DAY-1 罚款', en: 'day-log deadline: DAY-1 fine', rules: 'DAY-1' },
  'weekly-summary-reminder': { zh: '周总结提醒', en: 'weekly summary reminder', rules: 'DAY-2' },
  'weekly-summary-close': { zh: '周总结截止:罚款', en: 'weekly summary deadline: fine', rules: 'DAY-2' },
  'monthly-summary-reminder': { zh: '月总结提醒', en: 'monthly summary reminder', rules: 'DAY-2' },
  'monthly-summary-close': { zh: '月总结截止:罚款', en: 'monthly summary deadline: fine', rules: 'DAY-2' },
  visits: { zh: '回访到期提醒与逾期罚款', en: 'visits due reminders and overdue fines', rules: 'DAY-3' },
  registrations: { zh: '新客户未录入罚款', en: 'unregistered new customers: fine', rules: 'DAY-4' },
  projects: { zh: '立项申请答复提醒与逾期上报', en: 'project SLA reminders and escalation', rules: 'PRJ-1..4' },
  'training-reminder': { zh: '培训提醒', en: 'training reminder', rules: 'TRN-1, TRN-2' },
  'training-close': { zh: '培训结束:缺勤/迟到罚款', en: 'training close: absent/late fines', rules: 'TRN-1, TRN-2' },
  'weekly-bulletin': { zh: '每周业绩通报', en: 'weekly bulletin', rules: 'PERF-2' },
  'monthly-bulletin': { zh: '月度业绩公报与薪酬明细', en: 'monthly bulletin and pay statements', rules: 'PERF-3, PAY-1' },
  'quota-week-close': { zh: '周任务结算', en: 'quota week close', rules: 'QUOTA-W' },
  'calendar-warning': { zh: '明年节假日数据缺失提醒', en: 'missing next-year holiday data warning', rules: '' },
  'calendar-gap': { zh: '今天不在节假日数据内:暂停提醒和罚款并请管理员确认', en: 'a day the holiday data does not cover: no reminders or fines until an admin says', rules: 'MEET-1' },
};

const MINUTE = 60_000;
const after = (d: Date) => new Date(d.getTime() + MINUTE);

/** A day moved to the next working day when it is not one (if `shift`); null when it is not and may not move. */
function onWorkday(cal: Calendar, day: Day, shift = true): Day | null {
  if (cal.isWorkday(day)) return day;
  return shift ? cal.nextWorkday(day) : null;
}

function previousMonth(month: string): string {
  return monthKey(addDays(monthRange(month).start, -1));
}

/** True when the policy has an enabled rule with weekly quota items. */
export function hasWeeklyQuota(policy: Policy): boolean {
  return policy.rules.some((r) => r.enabled && r.quota?.items.some((i) => i.period === 'week'));
}

/** Every slot whose subject day is `day` (its instant may be just after midnight). */
export function slotsForDay(policy: Policy, cal: Calendar, tz: string, day: Day, trainings: readonly TrainingRef[] = []): Slot[] {
  const s = policy.schedule;
  const out: Slot[] = [];
  const at = (time: string, d: Day = day) => zonedInstant(d, time, tz);
  const workday = cal.isWorkday(day);

  // A weekday the holiday data does not cover (next year before its schedule is entered) might be a
  // statutory holiday. Rather than remind and fine on a guess, the bot asks the admins once and does
  // nothing else that day until one of them says `/cm workday` or `/cm holiday` for it; catch-up then
  // runs the day's deadlines.
  if (!cal.isKnown(day)) {
    return weekday(day) <= 5 ? [{ job: 'calendar-gap', period: day, day, at: at(FIXED_TIMES.calendarGap), kind: 'report' }] : [];
  }

  if (isMeetingDay(policy, cal, day)) {
    out.push({ job: 'meeting-reminder', period: day, day, at: at(s.meeting.reminder), kind: 'reminder', expiresAt: at(s.meeting.start) });
    out.push({ job: 'meeting-close', period: day, day, at: at(s.meeting.end), kind: 'close' });
  }
  if (workday) {
    out.push({ job: 'targets-reminder', period: day, day, at: at(s.dayLog.targetsReminder), kind: 'reminder', expiresAt: at(s.dayLog.targetsDue) });
    out.push({ job: 'log-reminder', period: day, day, at: at(s.dayLog.logReminder), kind: 'reminder', expiresAt: at(s.dayLog.logDue) });
    out.push({ job: 'daylog-close', period: day, day, at: after(at(s.dayLog.logDue)), kind: 'close' });
    out.push({ job: 'visits', period: day, day, at: at(FIXED_TIMES.visits), kind: 'close' });
    out.push({ job: 'registrations', period: day, day, at: at(FIXED_TIMES.registrations), kind: 'close' });
    out.push({ job: 'projects', period: day, day, at: at(FIXED_TIMES.projects), kind: 'close' });
  }

  // Weekly things: the week holding `day`, and the week before (a holiday may push its day into this week).
  for (const week of new Set([isoWeekKey(day), isoWeekKey(addDays(day, -7))])) {
    const monday = weekRange(week).start;
    const ws = s.weeklySummary;
    const due = summaryDue(policy, cal, tz, 'week', week);
    const remDay = onWorkday(cal, addDays(monday, ws.reminderWeekday - 1), ws.shiftToWorkday);
    if (remDay === day) out.push({ job: 'weekly-summary-reminder', period: week, day, at: at(ws.reminderTime), kind: 'reminder', expiresAt: due.at });
    if (due.day === day) out.push({ job: 'weekly-summary-close', period: week, day, at: after(due.at), kind: 'close' });

    // PERF-2: the bulletin of week W goes out in week W+1 (Monday 08:00, or the next working day).
    const bulletin = weeklyBulletinAt(policy, tz, week);
    if (onWorkday(cal, bulletin.day) === day) {
      out.push({ job: 'weekly-bulletin', period: isoWeekKey(addDays(monday, -7)), day, at: at(s.weeklyBulletin.time), kind: 'report' });
    }
  }

  // Monthly things: this month and the one before.
  for (const month of [monthKey(day), previousMonth(monthKey(day))]) {
    const ms = s.monthlySummary;
    const due = summaryDue(policy, cal, tz, 'month', month);
    const remDay = onWorkday(cal, `${month}-${String(ms.reminderDay).padStart(2, '0')}`, ms.shiftToWorkday);
    if (remDay === day) out.push({ job: 'monthly-summary-reminder', period: month, day, at: at(ms.reminderTime), kind: 'reminder', expiresAt: due.at });
    if (due.day === day) out.push({ job: 'monthly-summary-close', period: month, day, at: after(due.at), kind: 'close' });
    // PERF-3: the bulletin of month M-1 goes out on the Nth working day of M.
    const mb = monthlyBulletinAt(policy, cal, tz, month);
    if (mb.day === day) out.push({ job: 'monthly-bulletin', period: previousMonth(month), day, at: mb.at, kind: 'report' });
  }

  // QUOTA-W: Sunday 23:59 closes the ISO week (runs at 00:00 on Monday).
  if (weekday(day) === 7 && hasWeeklyQuota(policy)) {
    out.push({ job: 'quota-week-close', period: isoWeekKey(day), day, at: at('00:00', addDays(day, 1)), kind: 'close' });
  }

  // Mondays (or the week's first working day) from 1 November: is next year's holiday data there?
  for (const week of new Set([isoWeekKey(day), isoWeekKey(addDays(day, -7))])) {
    const monday = weekRange(week).start;
    if (+monday.slice(5, 7) < 11) continue;
    if (onWorkday(cal, monday) === day) {
      const nextMonday = addDays(monday, 7);
      out.push({ job: 'calendar-warning', period: week, day, at: at(FIXED_TIMES.calendarWarning), kind: 'reminder', expiresAt: at('00:00', nextMonday) });
    }
  }

  for (const t of trainings) {
    if (t.day !== day) continue;
    const period = `${day}#t${t.id}`;
    out.push({ job: 'training-reminder', period, day, at: at(trainingReminderTime(policy, t.startTime)), kind: 'reminder', expiresAt: at(t.startTime), training: t });
    out.push({ job: 'training-close', period, day, at: at(t.endTime), kind: 'close', training: t });
  }
  return out;
}

const ORDER = new Map<JobName, number>(JOB_NAMES.map((n, i) => [n, i]));

export function compareSlots(a: Slot, b: Slot): number {
  return a.at.getTime() - b.at.getTime() || ORDER.get(a.job)! - ORDER.get(b.job)! || (a.period < b.period ? -1 : a.period > b.period ? 1 : 0);
}

/** Every slot with `from < at ≤ to`, in the order they must run. */
export function planSlots(policy: Policy, cal: Calendar, tz: string, from: Date, to: Date, trainings: readonly TrainingRef[] = []): Slot[] {
  if (to.getTime() <= from.getTime()) return [];
  const first = addDays(localDay(from, tz), -2);
  const last = addDays(localDay(to, tz), 1);
  const seen = new Set<string>();
  const out: Slot[] = [];
  for (let d = first; d <= last; d = addDays(d, 1)) {
    for (const s of slotsForDay(policy, cal, tz, d, trainings)) {
      const t = s.at.getTime();
      if (t <= from.getTime() || t > to.getTime()) continue;
      const key = `${s.job}|${s.period}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(s);
    }
  }
  return out.sort(compareSlots);
}

/** The slot of `job` for `period`, if the plan has one within `[from, to]`. */
export function findSlot(policy: Policy, cal: Calendar, tz: string, job: JobName, at: Date, trainings: readonly TrainingRef[] = []): Slot | undefined {
  return planSlots(policy, cal, tz, new Date(at.getTime() - 1), at, trainings).find((s) => s.job === job);
}

export function isJobName(s: string): s is JobName {
  return (JOB_NAMES as readonly string[]).includes(s);
}
