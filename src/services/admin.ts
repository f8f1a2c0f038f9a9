// Admin settings: roles, monthly targets (PERF-2), training sessions (TRN),
// and the working-day calendar's overrides. The commands that call these are
// admin-only; the checks here are about the data, not about who is asking.
import type { Core, Role } from './core.ts';
import type { Actor } from '../chat/types.ts';
import type { Platform } from '../chat/types.ts';
import { msg, tr } from '../i18n.ts';
import { UserError } from './errors.ts';
import { enqueue } from './outbox.ts';
import { once } from './requests.ts';
import { findMemberByRef, setRole, type MemberRow } from './members.ts';
import { loadCalendar } from '../bootstrap.ts';
import { activeRule, addDays, fineOf, formatFen, isValidDay, localDay, monthKey, timeToSeconds, weekday } from '../rules/index.ts';
import { trainingOpensMinutes } from './checkin.ts';

// ---------------------------------------------------------------------------------------------------------
// Roles

export async function changeRole(core: Core, platform: Platform, ref: string, role: Role): Promise<{ member: MemberRow; before: Role }> {
  const target = await findMemberByRef(core, platform, ref);
  if (target.role === role) return { member: target, before: role };
  if (role === 'manager' && target.role !== 'manager') {
    // Keep someone able to run the team.
    const leaders = await core.db.member.count({ where: { teamId: core.team.id, active: true, role: { in: ['admin', 'director'] } } });
    if (leaders <= 1) {
      throw new UserError(msg(`${target.name} 是团队唯一的管理员，不能改为客户经理。请先任命另一位管理员。`, `${target.name} is the team's only admin; appoint another admin first.`));
    }
  }
  const member = await setRole(core, target.id, role);
  core.log.info('role changed', { memberId: member.id, from: target.role, to: role });
  return { member, before: target.role };
}

// ---------------------------------------------------------------------------------------------------------
// Monthly targets (PERF-2: distance to the monthly target)

export async function setMonthlyTarget(core: Core, platform: Platform, ref: string, amountFen: bigint, month: string): Promise<{ member: MemberRow; before: bigint | null }> {
  const target = await findMemberByRef(core, platform, ref);
  return core.db.$transaction(async (tx) => {
    const where = { memberId_month: { memberId: target.id, month } };
    const before = await tx.monthlyTarget.findUnique({ where });
    await tx.monthlyTarget.upsert({ where, create: { teamId: core.team.id, memberId: target.id, month, amountFen }, update: { amountFen } });
    return { member: target, before: before?.amountFen ?? null };
  });
}

export function thisMonth(core: Core, now: Date): string {
  return monthKey(localDay(now, core.team.timezone));
}

// ---------------------------------------------------------------------------------------------------------
// Training sessions (TRN-1/2)

export type TrainingInput = { day: string; start: string; end: string; title: string };
export const MAX_TITLE = 200;

export async function scheduleTraining(core: Core, actor: Actor, t: TrainingInput, now: Date, requestKey?: string) {
  const tz = core.team.timezone;
  const today = localDay(now, tz);
  if (!isValidDay(t.day)) throw new UserError(msg('日期不对，例如 /cm training 2026-11-26 14:00-16:00 理财产品培训', 'Not a day, e.g. /cm training 2026-11-26 14:00-16:00 product training'));
  if (t.day < today) throw new UserError(msg(`${t.day} 已经过去了，不能安排培训。`, `${t.day} is in the past.`));
  if (timeToSeconds(t.end) <= timeToSeconds(t.start)) throw new UserError(msg(`结束时间 ${t.end} 应晚于开始时间 ${t.start}。`, `The end ${t.end} must be after the start ${t.start}.`));
  const title = t.title.trim();
  if (!title) throw new UserError(msg('请写上培训主题，例如 /cm training 2026-11-26 14:00-16:00 理财产品培训', 'Give a title, e.g. /cm training 2026-11-26 14:00-16:00 product training'));
  if (title.length > MAX_TITLE) throw new UserError(msg(`主题太长（上限 ${MAX_TITLE} 字）。`, `The title is too long (limit ${MAX_TITLE}).`));
  return once(core, requestKey && `training:${requestKey}`, async (tx) => {
    const row = await tx.trainingSession.create({ data: { teamId: core.team.id, day: t.day, startTime: t.start, endTime: t.end, title, createdBy: actor.member.id, createdAt: now } });
    const wd = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'][weekday(t.day)];
    // The amounts come from the policy, as the rules module will apply them.
    const absent = activeRule(core.policy, 'TRN-1');
    const late = activeRule(core.policy, 'TRN-2');
    const fines = [
      absent ? `无故缺席 ${formatFen(fineOf(absent))}（TRN-1）` : '',
      late ? `迟到 ${formatFen(fineOf(late, 'late'))}（TRN-2）` : '',
    ].filter(Boolean).join('，');
    // The time and the title are for everyone: one notice in the team channel.
    await enqueue(tx, core.team.id, now, [{
      dedupeKey: `training:${row.id}:notice`,
      target: 'channel',
      message: {
        text: `📚 培训通知：${title}\n时间：${t.day}（${wd}）${t.start}–${t.end}\n请全体客户经理准时参加，开始前 ${trainingOpensMinutes(core)} 分钟起可用 /checkin training 签到${fines ? `；${fines}` : ''}。`
          + `\n📚 Training: ${title}, ${t.day} ${t.start}–${t.end}. Check in with /checkin training.`,
      },
    }]);
    return row;
  });
}

export async function upcomingTrainings(core: Core, now: Date, take = 10) {
  const today = localDay(now, core.team.timezone);
  return core.db.trainingSession.findMany({ where: { teamId: core.team.id, day: { gte: today } }, orderBy: [{ day: 'asc' }, { startTime: 'asc' }], take });
}

// ---------------------------------------------------------------------------------------------------------
// The working-day calendar

export type OverrideKind = 'holiday' | 'workday';

/** Adds or changes an admin override, then reloads core.calendar so it applies at once. */
export async function setCalendarOverride(core: Core, actor: Actor, day: string, kind: OverrideKind, note: string): Promise<{ before: string | null }> {
  if (!isValidDay(day)) throw new UserError(msg('日期不对，例如 /cm holiday 2026-12-24 平安夜', 'Not a day, e.g. /cm holiday 2026-12-24 local holiday'));
  const policyList = kind === 'holiday' ? core.policy.calendar?.workdays : core.policy.calendar?.holidays;
  if (policyList?.includes(day)) {
    throw new UserError(msg(
      `策略文件把 ${day} 定为${kind === 'holiday' ? '工作日' : '休息日'}，请在策略文件中修改。未做任何更改。`,
      `The policy file makes ${day} a ${kind === 'holiday' ? 'workday' : 'day off'}; change it there. Nothing was changed.`,
    ));
  }
  if (note.length > 100) throw new UserError(msg('备注太长（上限 100 字）。', 'The note is too long (limit 100).'));
  const before = await core.db.$transaction(async (tx) => {
    const where = { teamId_day: { teamId: core.team.id, day } };
    const old = await tx.calendarOverride.findUnique({ where });
    await tx.calendarOverride.upsert({ where, create: { teamId: core.team.id, day, kind, note, createdBy: actor.member.id }, update: { kind, note, createdBy: actor.member.id } });
    return old?.kind ?? null;
  });
  core.calendar = await loadCalendar(core.db, core.team.id, core.policy);
  core.log.info('calendar override set', { day, kind, by: actor.member.id });
  return { before };
}

export async function removeCalendarOverride(core: Core, day: string): Promise<boolean> {
  if (!isValidDay(day)) throw new UserError(msg('日期不对，例如 /cm calendar remove 2026-12-24', 'Not a day, e.g. /cm calendar remove 2026-12-24'));
  const { count } = await core.db.calendarOverride.deleteMany({ where: { teamId: core.team.id, day } });
  if (count) core.calendar = await loadCalendar(core.db, core.team.id, core.policy);
  return count > 0;
}

export const CALENDAR_LIST_LIMIT = 30;

export async function calendarOverview(core: Core, now: Date) {
  const today = localDay(now, core.team.timezone);
  const where = { teamId: core.team.id };
  const [rows, total] = await Promise.all([
    core.db.calendarOverride.findMany({ where: { ...where, day: { gte: addDays(today, -31) } }, orderBy: { day: 'asc' }, take: CALENDAR_LIST_LIMIT }),
    core.db.calendarOverride.count({ where }),
  ]);
  return {
    today,
    overrides: rows,
    total,
    policyHolidays: core.policy.calendar?.holidays ?? [],
    policyWorkdays: core.policy.calendar?.workdays ?? [],
    dataEndsOn: core.calendar.dataEndsOn(),
    needsNextYear: core.calendar.needsNextYearWarning(today),
  };
}

export function roleLabel(role: string, l: 'zh-CN' | 'en'): string {
  return role === 'admin' ? tr(l, '管理员', 'admin') : role === 'director' ? tr(l, '主任', 'director') : tr(l, '客户经理', 'customer manager');
}
