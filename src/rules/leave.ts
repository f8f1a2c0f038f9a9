/** Leave coverage: which moments a leave request covers, and whether it excuses an obligation. */
import { localDateTime, timeToSeconds, type Day } from './time.ts';
import type { Leave, LeaveStatus, MemberId } from './types.ts';

const END_OF_DAY = 86_400;

export type LeaveOptions = {
  /** Half-day split (policy `schedule.leave.halfDaySplit`, default 12:00). */
  halfDaySplit?: string;
  /** Statuses that count (default: only `approved`). */
  statuses?: readonly LeaveStatus[];
};

/** The seconds-of-day interval [from, to) a leave covers on `day`, or null when it does not touch the day. */
export function leaveIntervalOn(leave: Leave, day: Day, halfDaySplit = '12:00'): [number, number] | null {
  if (day < leave.startDay || day > leave.endDay) return null;
  if (leave.halfDay) {
    const split = timeToSeconds(halfDaySplit);
    return leave.halfDay === 'am' ? [0, split] : [split, END_OF_DAY];
  }
  const from = day === leave.startDay && leave.startTime ? timeToSeconds(leave.startTime) : 0;
  const to = day === leave.endDay && leave.endTime ? timeToSeconds(leave.endTime) : END_OF_DAY;
  return to > from ? [from, to] : null;
}

/**
 * Whether a leave covers `day` at `time` (`HH:MM` or `HH:MM:SS`); without a time, whether it covers the
 * whole day (a half-day leave does not).
 */
export function leaveCovers(leave: Leave, day: Day, time?: string, halfDaySplit = '12:00'): boolean {
  const iv = leaveIntervalOn(leave, day, halfDaySplit);
  if (!iv) return false;
  if (time === undefined) return iv[0] === 0 && iv[1] >= END_OF_DAY - 60;
  const s = timeToSeconds(time);
  return s >= iv[0] && s < iv[1];
}

/**
 * True when the member has approved leave covering `day` (the whole day), or the moment `time` on that
 * day. `time` may be a `Date`; then `tz` is needed to read its local time. Use it to skip reminders.
 */
export function isOnLeave(
  leaves: readonly Leave[], memberId: MemberId, day: Day, time?: string | Date, tz?: string, opts: LeaveOptions = {},
): boolean {
  let t: string | undefined;
  if (time instanceof Date) {
    if (!tz) throw new RangeError('isOnLeave: a Date needs the time zone to read its local time');
    const l = localDateTime(time, tz);
    if (l.day !== day) return false;
    t = l.time;
  } else t = time;
  const statuses = opts.statuses ?? ['approved'];
  return leaves.some((lv) => lv.memberId === memberId && statuses.includes(lv.status) && leaveCovers(lv, day, t, opts.halfDaySplit));
}

export type ExcuseResult =
  | { excused: true; leave: Leave }
  | { excused: false; reason: 'none' | 'late_request' | 'pending' | 'rejected' | 'cancelled'; leave?: Leave };

/**
 * MEET-2: does leave excuse an obligation at `day time` whose deadline instant is `deadline`?
 * Only a request submitted before the deadline and approved (approval may come later) excuses. A pending,
 * rejected or cancelled request, or one submitted too late, does not; the reason says which.
 */
export function leaveExcuses(
  leaves: readonly Leave[], memberId: MemberId, day: Day, time: string, deadline: Date, halfDaySplit = '12:00',
): ExcuseResult {
  let best: ExcuseResult = { excused: false, reason: 'none' };
  const rank = { none: 0, cancelled: 1, rejected: 2, late_request: 3, pending: 4 } as const;
  for (const lv of leaves) {
    if (lv.memberId !== memberId || !leaveCovers(lv, day, time, halfDaySplit)) continue;
    const inTime = lv.submittedAt.getTime() < deadline.getTime();
    if (lv.status === 'approved' && inTime) return { excused: true, leave: lv };
    const reason = lv.status === 'rejected' || lv.status === 'cancelled' ? lv.status : !inTime ? 'late_request' : 'pending';
    if (!best.excused && rank[reason] > rank[best.reason]) best = { excused: false, reason, leave: lv };
  }
  return best;
}

/** Group facts by member for quick lookups. */
export function byMember<T extends { memberId: MemberId }>(items: readonly T[]): Map<MemberId, T[]> {
  const m = new Map<MemberId, T[]>();
  for (const it of items) {
    const list = m.get(it.memberId);
    if (list) list.push(it);
    else m.set(it.memberId, [it]);
  }
  return m;
}

/**
 * The earliest fact time (ms) per member, optionally only facts with `from ≤ at < to` and `at ≤ upTo`.
 * One pass, no per-member arrays: this is the hot path for a team's day of check-ins.
 */
export function earliestByMember(facts: readonly { memberId: MemberId; at: Date }[], from = -Infinity, to = Infinity, upTo = Infinity): Map<MemberId, number> {
  const m = new Map<MemberId, number>();
  for (let i = 0; i < facts.length; i++) {
    const f = facts[i];
    const t = f.at.getTime();
    if (t < from || t >= to || t > upTo) continue;
    const cur = m.get(f.memberId);
    if (cur === undefined || t < cur) m.set(f.memberId, t);
  }
  return m;
}
