// MEET-1/3 and TRN-1/2: checking in to today's morning meeting or to a training
// session. The check-in time is recorded once (a unique row per member and
// session). A late check-in is evaluated by the rules module right away and its
// fine stored in the same transaction; absences are the clock's job at the close.
import type { Core } from './core.ts';
import type { Actor } from '../chat/types.ts';
import { msg } from '../i18n.ts';
import { UserError, isUniqueViolation } from './errors.ts';
import { recordDrafts } from './ledger.ts';
import { toRuleLeave } from './leave.ts';
import {
  evaluateAttendance, isMeetingDay, leaveExcuses, localDateTime, localDay, meetingSession, zonedInstant,
  type LedgerDraft, type Session,
} from '../rules/index.ts';

export type SessionInfo = {
  /** `meeting:<day>` or `training:<id>`. */
  key: string;
  kind: 'meeting' | 'training';
  day: string;
  start: string;
  end: string;
  title?: string;
  opensAt: Date;
  startAt: Date;
  endAt: Date;
};

export type CheckinResult =
  | { kind: 'already'; session: SessionInfo; at: Date }
  | { kind: 'done'; session: SessionInfo; at: Date; late: boolean; excused: boolean; fines: LedgerDraft[] };

export const meetingKey = (day: string) => `meeting:${day}`;
export const trainingKey = (id: number) => `training:${id}`;

/** Training check-in opens this many minutes before the start (at least 15; the policy's reminder lead time if longer). */
export function trainingOpensMinutes(core: Core): number {
  return Math.max(core.policy.schedule.training.reminderMinutesBefore, 15);
}

function meetingInfo(core: Core, day: string): SessionInfo {
  const tz = core.team.timezone;
  const m = core.policy.schedule.meeting;
  return {
    key: meetingKey(day), kind: 'meeting', day, start: m.start, end: m.end,
    opensAt: zonedInstant(day, m.checkInOpens, tz), startAt: zonedInstant(day, m.start, tz), endAt: zonedInstant(day, m.end, tz),
  };
}

function trainingInfo(core: Core, t: { id: number; day: string; startTime: string; endTime: string; title: string }): SessionInfo {
  const tz = core.team.timezone;
  const startAt = zonedInstant(t.day, t.startTime, tz);
  return {
    key: trainingKey(t.id), kind: 'training', day: t.day, start: t.startTime, end: t.endTime, title: t.title,
    opensAt: new Date(startAt.getTime() - trainingOpensMinutes(core) * 60_000), startAt, endAt: zonedInstant(t.day, t.endTime, tz),
  };
}

const within = (s: SessionInfo, now: Date) => now.getTime() >= s.opensAt.getTime() && now.getTime() <= s.endAt.getTime();

/** Today's training sessions whose check-in window holds `now`, the soonest start first. */
async function openTrainings(core: Core, now: Date): Promise<SessionInfo[]> {
  const day = localDay(now, core.team.timezone);
  const rows = await core.db.trainingSession.findMany({ where: { teamId: core.team.id, day }, orderBy: [{ startTime: 'asc' }, { id: 'asc' }] });
  return rows.map((r) => trainingInfo(core, r)).filter((s) => within(s, now));
}

/**
 * Which session a check-in is for. An explicit key (the reminder's button) must be today's; `training`
 * asks for a running training session; otherwise today's meeting while its window is open, else a
 * training session in its window, else the meeting (which then explains why it cannot be checked in).
 */
export async function resolveSession(core: Core, now: Date, want: { key?: string; training?: boolean } = {}): Promise<SessionInfo> {
  const tz = core.team.timezone;
  const today = localDay(now, tz);
  if (want.key) {
    const m = /^meeting:(\d{4}-\d{2}-\d{2})$/.exec(want.key);
    if (m) {
      if (m[1] !== today) throw new UserError(msg(`这个签到按钮是 ${m[1]} 晨会的，已经失效。今天请直接输入 /checkin。`, `This button was for the ${m[1]} meeting and has expired. Type /checkin for today.`));
      return meetingInfo(core, today);
    }
    const t = /^training:(\d+)$/.exec(want.key);
    if (t) {
      const row = await core.db.trainingSession.findFirst({ where: { id: Number(t[1]), teamId: core.team.id } });
      if (!row) throw new UserError(msg('这个培训已不存在。', 'This training session no longer exists.'));
      if (row.day !== today) throw new UserError(msg(`培训「${row.title}」在 ${row.day}，不是今天。`, `The training "${row.title}" is on ${row.day}, not today.`));
      return trainingInfo(core, row);
    }
    throw new UserError(msg('这个签到按钮已失效。请输入 /checkin。', 'This check-in button is no longer valid. Type /checkin.'));
  }
  if (want.training) {
    const open = await openTrainings(core, now);
    if (open.length) return open[0];
    const later = await core.db.trainingSession.findFirst({ where: { teamId: core.team.id, day: today }, orderBy: { startTime: 'asc' } });
    const hint = later
      ? msg(`今天的培训「${later.title}」${later.startTime}–${later.endTime}，开始前 ${trainingOpensMinutes(core)} 分钟开放签到。`, `Today's training "${later.title}" is ${later.startTime}–${later.endTime}; check-in opens ${trainingOpensMinutes(core)} minutes before it starts.`)
      : msg('今天没有安排培训。', 'There is no training session today.');
    throw new UserError(msg(`现在没有可以签到的培训。${hint['zh-CN']}`, `No training session is open for check-in now. ${hint.en}`));
  }
  const meeting = meetingInfo(core, today);
  if (isMeetingDay(core.policy, core.calendar, today) && within(meeting, now)) return meeting;
  const open = await openTrainings(core, now);
  if (open.length) return open[0];
  return meeting;
}

function hhmm(d: Date, tz: string): string {
  const t = localDateTime(d, tz).time;
  return t.endsWith(':00') ? t.slice(0, 5) : t;
}

/** Checks the actor in to the session `want` names (see resolveSession). */
export async function checkIn(core: Core, actor: Actor, now: Date, want: { key?: string; training?: boolean } = {}): Promise<CheckinResult> {
  const tz = core.team.timezone;
  const s = await resolveSession(core, now, want);
  const me = actor.member;

  if (s.kind === 'meeting' && !isMeetingDay(core.policy, core.calendar, s.day)) {
    const name = core.calendar.dayName(s.day);
    throw new UserError(msg(
      `今天（${s.day}${name ? ` ${name}` : ''}）不开晨会，不用签到。`,
      `There is no meeting today (${s.day}${name ? `, ${name}` : ''}); no check-in needed.`,
    ));
  }
  const existing = await core.db.checkIn.findUnique({ where: { memberId_sessionKey: { memberId: me.id, sessionKey: s.key } } });
  if (existing) return { kind: 'already', session: s, at: existing.at };
  const what = s.kind === 'meeting' ? msg('晨会', 'meeting') : msg(`培训「${s.title}」`, `training "${s.title}"`);
  if (now.getTime() < s.opensAt.getTime()) {
    throw new UserError(msg(
      `${what['zh-CN']}签到 ${hhmm(s.opensAt, tz)} 开放（${s.start} 开始），请到时再签。`,
      `Check-in for the ${what.en} opens at ${hhmm(s.opensAt, tz)} (it starts at ${s.start}).`,
    ));
  }
  if (now.getTime() > s.endAt.getTime()) {
    throw new UserError(msg(
      `${what['zh-CN']}已于 ${s.end} 结束，不能再签到；没有签到且没有获批请假的按缺席处理（${s.kind === 'meeting' ? 'MEET-3' : 'TRN-1'}）。`,
      `The ${what.en} ended at ${s.end}; check-in is closed. Without a check-in or approved leave it counts as absent (${s.kind === 'meeting' ? 'MEET-3' : 'TRN-1'}).`,
    ));
  }

  const session: Session = s.kind === 'meeting'
    ? meetingSession(core.policy, s.day)
    : { kind: 'training', id: s.key.slice('training:'.length), start: s.start, end: s.end };
  try {
    return await core.db.$transaction(async (tx) => {
      const again = await tx.checkIn.findUnique({ where: { memberId_sessionKey: { memberId: me.id, sessionKey: s.key } } });
      if (again) return { kind: 'already' as const, session: s, at: again.at };
      await tx.checkIn.create({ data: { teamId: core.team.id, memberId: me.id, sessionKey: s.key, day: s.day, at: now } });
      const rows = await tx.leaveRequest.findMany({ where: { teamId: core.team.id, memberId: me.id, startDay: { lte: s.day }, endDay: { gte: s.day } } });
      const leaves = rows.map(toRuleLeave);
      const late = now.getTime() > s.startAt.getTime();
      // Only customer managers are held to the attendance rules (the clock's close does the same).
      const drafts = me.role === 'manager'
        ? evaluateAttendance(core.policy, core.calendar, { tz, day: s.day, session, managers: [me.id], checkIns: [{ memberId: me.id, at: now }], leaves, now })
        : [];
      const fines = await recordDrafts(tx, core.team.id, drafts, { now });
      const excused = late && leaveExcuses(leaves, me.id, s.day, s.start, s.startAt, core.policy.schedule.leave.halfDaySplit).excused;
      return { kind: 'done' as const, session: s, at: now, late, excused, fines };
    });
  } catch (e) {
    // Two check-ins at the same instant: the other one was recorded.
    if (!isUniqueViolation(e)) throw e;
    const row = await core.db.checkIn.findUnique({ where: { memberId_sessionKey: { memberId: me.id, sessionKey: s.key } } });
    if (!row) throw e;
    return { kind: 'already', session: s, at: row.at };
  }
}

export { hhmm as formatClock };
