/**
 * MEET-1/2/3 (morning meeting) and TRN-1/2 (training) attendance.
 *
 * - Late: the first check-in is after the start (08:00:00 is on time, 08:00:01 is late) and no later than
 *   the end. Late drafts are returned as soon as the check-in exists.
 * - Absent: no check-in by the end (a check-in after the end counts as absent). Absence drafts are only
 *   returned once `now` ≥ the end (the close).
 * - MEET-2 excuse: leave covering the start time, submitted before the start, and approved (approval may
 *   come after the meeting). Pending, rejected, cancelled or late requests do not excuse; with policy
 *   `schedule.leave.pendingAtClose: hold` a timely pending request holds the absence draft back instead.
 * - One entry per member per session, never late and absent both: both share one source key
 *   (`MEET-3:meeting:<day>:m<id>`, `TRN:training:<id>:m<id>`), so the store keeps only the first.
 * - Meetings only happen on meeting days (policy `schedule.meeting.days`, on working days of the calendar);
 *   trainings happen whenever they are scheduled.
 * - TRN-2 early leave: an `earlyLeaves` fact before the end, for a member who checked in and had no
 *   excusing leave for that time, is a separate ¥50 entry (`TRN-2:early:<id>:m<id>`).
 */
import type { Calendar } from './calendar.ts';
import { byMember, earliestByMember, leaveExcuses } from './leave.ts';
import { activeRule, fineOf } from './policy/lookup.ts';
import type { Policy } from './policy/schema.ts';
import { addDays, localDateTime, weekday, zonedInstant, type Day } from './time.ts';
import type { Fact, LedgerDraft, Leave, MemberId } from './types.ts';

export type Session = { kind: 'meeting' | 'training'; id: string; start: string; end: string };

export type AttendanceInput = {
  tz: string;
  day: Day;
  session: Session;
  managers: readonly MemberId[];
  checkIns: readonly Fact[];
  leaves: readonly Leave[];
  earlyLeaves?: readonly Fact[];
  now: Date;
};

/** True when the policy holds its meeting on `day` (a working day, and one of the meeting weekdays). */
export function isMeetingDay(policy: Policy, cal: Calendar, day: Day): boolean {
  if (!cal.isWorkday(day)) return false;
  const days = policy.schedule.meeting.days;
  return days === 'workdays' || days.includes(weekday(day));
}

/** The meeting session for a day, from the policy's schedule (id = the day). */
export function meetingSession(policy: Policy, day: Day): Session {
  const m = policy.schedule.meeting;
  return { kind: 'meeting', id: day, start: m.start, end: m.end };
}

export function attendanceKey(session: Session, day: Day, memberId: MemberId): string {
  return session.kind === 'meeting'
    ? `MEET-3:meeting:${day}${session.id && session.id !== day ? `:${session.id}` : ''}:m${memberId}`
    : `TRN:training:${session.id}:m${memberId}`;
}

export function evaluateAttendance(policy: Policy, cal: Calendar, input: AttendanceInput): LedgerDraft[] {
  const { tz, day, session, now } = input;
  const isMeeting = session.kind === 'meeting';
  if (isMeeting && !isMeetingDay(policy, cal, day)) return [];
  const lateRule = activeRule(policy, isMeeting ? 'MEET-3' : 'TRN-2');
  const absentRule = activeRule(policy, isMeeting ? 'MEET-3' : 'TRN-1');
  const earlyRule = isMeeting ? undefined : activeRule(policy, 'TRN-2');
  if (!lateRule && !absentRule) return [];

  const startAt = zonedInstant(day, session.start, tz);
  const endAt = zonedInstant(day, session.end, tz);
  if (endAt.getTime() <= startAt.getTime()) throw new RangeError(`session ${session.id} ends before it starts`);
  const dayStart = zonedInstant(day, '00:00', tz).getTime();
  const dayEnd = zonedInstant(addDays(day, 1), '00:00', tz).getTime();
  const closed = now.getTime() >= endAt.getTime();
  const startMs = startAt.getTime();
  const endMs = endAt.getTime();
  const split = policy.schedule.leave.halfDaySplit;
  const hold = policy.schedule.leave.pendingAtClose === 'hold';
  const label = isMeeting ? { zh: '晨会', en: 'meeting' } : { zh: '培训', en: 'training' };

  const firstCheckIn = earliestByMember(input.checkIns, dayStart, dayEnd, now.getTime());
  const earlies = byMember(input.earlyLeaves ?? []);
  const leaves = byMember(input.leaves);
  const drafts: LedgerDraft[] = [];
  const seen = new Set<MemberId>();

  for (const memberId of input.managers) {
    if (seen.has(memberId)) continue;
    seen.add(memberId);
    const firstMs = firstCheckIn.get(memberId);
    const onTime = firstMs !== undefined && firstMs <= startMs;
    if (onTime && !earlyRule) continue;
    const first = firstMs === undefined ? undefined : new Date(firstMs);
    const late = first !== undefined && !onTime && firstMs! <= endMs;
    const memberLeaves = leaves.get(memberId) ?? [];

    if (!onTime) {
      const excuse = leaveExcuses(memberLeaves, memberId, day, session.start, startAt, split);
      if (!excuse.excused) {
        const key = attendanceKey(session, day, memberId);
        if (late && lateRule) {
          const at = localDateTime(first!, tz).time;
          drafts.push({
            memberId, ruleId: lateRule.id, variant: 'late', kind: 'fine', amountFen: fineOf(lateRule, 'late'), points: 0,
            occurredAt: first!, day, sourceKey: key,
            detail: `${label.zh}迟到:${at} 签到(${session.start} 开始) / late for the ${label.en}: checked in at ${at}, it started at ${session.start}`,
          });
        } else if (!late && closed && absentRule && !(hold && excuse.reason === 'pending')) {
          const why = first ? `${localDateTime(first, tz).time} 才签到(${session.end} 已结束) / checked in only at ${localDateTime(first, tz).time}, after the end ${session.end}` : `${session.end} 前未签到 / no check-in by ${session.end}`;
          const leaveNote = excuse.reason === 'none' ? '' : `;请假未获批准或未提前提交(${excuse.reason}) / leave not approved or not requested in advance (${excuse.reason})`;
          drafts.push({
            memberId, ruleId: absentRule.id, variant: isMeeting ? 'absent' : undefined, kind: 'fine',
            amountFen: fineOf(absentRule, isMeeting ? 'absent' : undefined), points: 0,
            occurredAt: startAt, day, sourceKey: key,
            detail: `${label.zh}缺席:${why}${leaveNote}`,
          });
        }
      }
    }

    if (earlyRule && first && first.getTime() <= endAt.getTime()) {
      let left: Date | undefined;
      for (const e of earlies.get(memberId) ?? []) {
        const t = e.at.getTime();
        if (t > startAt.getTime() && t < endAt.getTime() && t > first.getTime() && (!left || t < left.getTime())) left = e.at;
      }
      if (left) {
        const lt = localDateTime(left, tz).time;
        const excuse = leaveExcuses(memberLeaves, memberId, day, lt, left, split);
        if (!excuse.excused) {
          drafts.push({
            memberId, ruleId: earlyRule.id, variant: 'early_leave', kind: 'fine', amountFen: fineOf(earlyRule, 'early_leave'), points: 0,
            occurredAt: left, day, sourceKey: `TRN-2:early:${session.id}:m${memberId}`,
            detail: `培训早退:${lt} 离开(${session.end} 结束) / left the training at ${lt}, before the end ${session.end}`,
          });
        }
      }
    }
  }
  return drafts;
}
