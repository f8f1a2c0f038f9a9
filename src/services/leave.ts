// MEET-2: leave. A manager asks; every admin gets a DM with Approve / Reject;
// the requester is told the outcome by DM. Overlapping requests (pending or
// approved) are refused. Decisions are idempotent: deciding an already
// decided request writes nothing and says who decided it.
// Privacy: the leave type and reason go only to the admins and the requester.
import { inChunks } from '../infra/db/chunks.ts';
import type { Core } from './core.ts';
import type { Tx } from '../infra/db/client.ts';
import type { Actor, Button } from '../chat/types.ts';
import { msg, tr, type Locale, type Msg } from '../i18n.ts';
import { UserError } from './errors.ts';
import { enqueue, toMember } from './outbox.ts';
import { once } from './requests.ts';
import { recordDrafts } from './ledger.ts';
import {
  addDays, daysBetween, eachDay, evaluateAttendance, formatFen, isValidDay, isValidTime, leaveIntervalOn, localDay, meetingSession,
  timeToSeconds, waiverDraft, weekday,
  type EscalationKind, type Leave, type LedgerDraft, type LeaveStatus, type Session,
} from '../rules/index.ts';

export type LeaveKind = 'personal' | 'sick' | 'annual' | 'compensatory' | 'other';
export const LEAVE_KINDS: LeaveKind[] = ['personal', 'sick', 'annual', 'compensatory', 'other'];

const KIND_WORDS: Record<string, LeaveKind> = {
  事假: 'personal', personal: 'personal',
  病假: 'sick', sick: 'sick',
  年假: 'annual', 年休假: 'annual', annual: 'annual',
  调休: 'compensatory', 补休: 'compensatory', comp: 'compensatory', compensatory: 'compensatory',
  其他: 'other', other: 'other',
};

export function kindLabel(kind: string, l: Locale): string {
  switch (kind) {
    case 'personal': return tr(l, '事假', 'personal leave');
    case 'sick': return tr(l, '病假', 'sick leave');
    case 'annual': return tr(l, '年假', 'annual leave');
    case 'compensatory': return tr(l, '调休', 'time off in lieu');
    default: return tr(l, '其他', 'other leave');
  }
}

export function statusLabel(status: string, l: Locale): string {
  switch (status) {
    case 'pending': return tr(l, '待审批', 'pending');
    case 'approved': return tr(l, '已批准', 'approved');
    case 'rejected': return tr(l, '已拒绝', 'rejected');
    case 'cancelled': return tr(l, '已撤回', 'cancelled');
    default: return status;
  }
}

/** The longest leave one request may cover, in calendar days. */
export const MAX_LEAVE_DAYS = 60;
export const MAX_REASON = 500;

export type LeaveInput = {
  kind: LeaveKind;
  startDay: string;
  endDay: string;
  startTime?: string;
  endTime?: string;
  halfDay?: 'am' | 'pm';
  reason: string;
};

export type LeaveRow = {
  id: number;
  teamId: number;
  memberId: number;
  kind: string;
  startDay: string;
  endDay: string;
  startTime: string | null;
  endTime: string | null;
  halfDay: string | null;
  reason: string;
  status: string;
  submittedAt: Date;
  decidedAt: Date | null;
  decidedBy: number | null;
  decisionReason: string | null;
};

// ---------------------------------------------------------------------------------------------------------
// Parsing what people type

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A day as people type it: `2026-11-25`, `2026/11/25`, `11-25`, `11/25`, `11月25日`, `今天`, `明天`, `后天`,
 * `today`, `tomorrow`. A day without a year is the next such day from `today` (within the past 30 days it
 * stays in this year). Undefined when the token is not a day.
 */
export function parseDay(token: string, today: string): string | undefined {
  const t = token.trim().toLowerCase();
  const rel: Record<string, number> = { 今天: 0, 今日: 0, today: 0, 明天: 1, 明日: 1, tomorrow: 1, 后天: 2 };
  if (t in rel) return addDays(today, rel[t]);
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(t);
  if (m) {
    const d = `${m[1]}-${pad(+m[2])}-${pad(+m[3])}`;
    return isValidDay(d) ? d : undefined;
  }
  m = /^(\d{1,2})[-/.月](\d{1,2})[日号]?$/.exec(t);
  if (m) {
    const year = +today.slice(0, 4);
    const d = `${year}-${pad(+m[1])}-${pad(+m[2])}`;
    if (!isValidDay(d)) {
      const next = `${year + 1}-${pad(+m[1])}-${pad(+m[2])}`; // 02-29
      return isValidDay(next) ? next : undefined;
    }
    return daysBetween(d, today) > 30 ? `${year + 1}${d.slice(4)}` : d;
  }
  return undefined;
}

/** `HH:MM-HH:MM` (also `9:00-11:30`, `09:00~11:00`, `09:00至11:00`). */
export function parseTimeRange(token: string): { start: string; end: string } | undefined {
  const m = /^(\d{1,2}):(\d{2})\s*(?:-|~|～|至|到|–|—)\s*(\d{1,2}):(\d{2})$/.exec(token.trim());
  if (!m) return undefined;
  const start = `${pad(+m[1])}:${m[2]}`;
  const end = `${pad(+m[3])}:${m[4]}`;
  if (!isValidTime(start) || !isValidTime(end)) return undefined;
  return { start, end };
}

const HALF: Record<string, 'am' | 'pm'> = { 上午: 'am', am: 'am', 下午: 'pm', pm: 'pm' };

export const LEAVE_EXAMPLE = '/leave 2026-11-25 事假 家中有事';
export const LEAVE_USAGE = [
  '/leave 2026-11-25 事假 家中有事',
  '/leave 11-25 11-27 年假 回老家',
  '/leave 明天 上午 病假 看医生',
  '/leave 11-25 09:00-11:00 事假 办理证件',
  '/leave list',
  '/leave cancel 12',
];

/** `/leave <date> [<date>|<HH:MM-HH:MM>|上午|下午|am|pm] [事假|病假|年假|调休] <reason>` → a request, or what is wrong. */
export function parseLeaveText(text: string, today: string): { ok: true; input: LeaveInput } | { ok: false; error: Msg } {
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  const example = `例如 ${LEAVE_EXAMPLE}`;
  const exampleEn = `e.g. ${LEAVE_EXAMPLE}`;
  if (tokens.length === 0) return { ok: false, error: msg(`请写上请假日期和事由，${example}`, `Give the day and the reason, ${exampleEn}`) };
  const startDay = parseDay(tokens[0], today);
  if (!startDay) {
    return { ok: false, error: msg(`「${tokens[0]}」不是日期。日期可写 2026-11-25、11-25 或 明天，${example}`, `"${tokens[0]}" is not a day. Write 2026-11-25, 11-25 or tomorrow, ${exampleEn}`) };
  }
  let i = 1;
  const input: Partial<LeaveInput> & { startDay: string } = { startDay, endDay: startDay };
  const second = tokens[i];
  if (second !== undefined) {
    const endDay = parseDay(second, today);
    const range = parseTimeRange(second);
    const half = HALF[second.toLowerCase()];
    if (endDay) { input.endDay = endDay; i++; }
    else if (range) { input.startTime = range.start; input.endTime = range.end; i++; }
    else if (half) { input.halfDay = half; i++; }
    else if (/^\d{1,2}:\d{2}/.test(second)) {
      return { ok: false, error: msg(`时间段「${second}」看不懂，请写成 09:00-11:00，例如 /leave 11-25 09:00-11:00 事假 办理证件`, `Cannot read the hours "${second}"; write 09:00-11:00, e.g. /leave 11-25 09:00-11:00 personal ID card`) };
    }
  }
  let kind: LeaveKind = 'personal';
  const k = tokens[i] !== undefined ? KIND_WORDS[tokens[i].toLowerCase()] : undefined;
  if (k) { kind = k; i++; }
  const reason = tokens.slice(i).join(' ');
  const checked = checkLeave({ ...input, kind, reason } as LeaveInput, today);
  return checked.ok ? { ok: true, input: checked.input } : checked;
}

/** Validates a request (from the inline syntax or the modal). Returns the field that is wrong, for modals. */
export function checkLeave(input: LeaveInput, today: string): { ok: true; input: LeaveInput } | { ok: false; error: Msg; field: 'start' | 'end' | 'hours' | 'reason' | 'kind' } {
  const reason = input.reason.trim();
  if (!LEAVE_KINDS.includes(input.kind)) return { ok: false, field: 'kind', error: msg('请假类型只能是 事假、病假、年假、调休 或 其他。', 'The type must be personal, sick, annual, comp or other.') };
  if (!isValidDay(input.startDay)) return { ok: false, field: 'start', error: msg(`开始日期不对，${'例如 ' + LEAVE_EXAMPLE}`, `The start day is not valid, e.g. ${LEAVE_EXAMPLE}`) };
  if (!isValidDay(input.endDay)) return { ok: false, field: 'end', error: msg('结束日期不对，例如 /leave 11-25 11-27 年假 回老家', 'The end day is not valid, e.g. /leave 11-25 11-27 annual trip home') };
  if (input.startDay < today) return { ok: false, field: 'start', error: msg(`不能为已经过去的日期（${input.startDay}）请假；今天是 ${today}。`, `You cannot ask for leave on a past day (${input.startDay}); today is ${today}.`) };
  if (input.endDay < input.startDay) return { ok: false, field: 'end', error: msg(`结束日期 ${input.endDay} 早于开始日期 ${input.startDay}，例如 /leave 11-25 11-27 年假 回老家`, `The end day ${input.endDay} is before the start day ${input.startDay}, e.g. /leave 11-25 11-27 annual trip home`) };
  if (daysBetween(input.startDay, input.endDay) + 1 > MAX_LEAVE_DAYS) return { ok: false, field: 'end', error: msg(`一次最多请 ${MAX_LEAVE_DAYS} 天假，请分开申请。`, `One request covers at most ${MAX_LEAVE_DAYS} days; split it.`) };
  if ((input.startTime === undefined) !== (input.endTime === undefined)) return { ok: false, field: 'hours', error: msg('请同时写开始和结束时间，例如 09:00-11:00。', 'Give both the start and the end time, e.g. 09:00-11:00.') };
  if (input.startTime !== undefined && input.endTime !== undefined) {
    if (!isValidTime(input.startTime) || !isValidTime(input.endTime)) return { ok: false, field: 'hours', error: msg('时间请写成 HH:MM，例如 09:00-11:00。', 'Write times as HH:MM, e.g. 09:00-11:00.') };
    if (input.halfDay) return { ok: false, field: 'hours', error: msg('半天假和按小时请假只能选一种。', 'Choose either a half day or hours, not both.') };
    if (input.startDay === input.endDay && timeToSeconds(input.endTime) <= timeToSeconds(input.startTime)) {
      return { ok: false, field: 'hours', error: msg(`结束时间 ${input.endTime} 应晚于开始时间 ${input.startTime}，例如 /leave 11-25 09:00-11:00 事假 办理证件`, `The end ${input.endTime} must be after the start ${input.startTime}, e.g. /leave 11-25 09:00-11:00 personal ID card`) };
    }
  }
  if (!reason) return { ok: false, field: 'reason', error: msg(`请写上请假事由，例如 ${LEAVE_EXAMPLE}`, `Give a reason, e.g. ${LEAVE_EXAMPLE}`) };
  if (reason.length > MAX_REASON) return { ok: false, field: 'reason', error: msg(`事由太长（${reason.length} 字，上限 ${MAX_REASON} 字）。`, `The reason is too long (${reason.length} characters, limit ${MAX_REASON}).`) };
  return { ok: true, input: { ...input, reason } };
}

// ---------------------------------------------------------------------------------------------------------
// Describing a request

const WEEKDAYS_ZH = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];
const WEEKDAYS_EN = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function dayLabel(day: string, l: Locale): string {
  return tr(l, `${day}（${WEEKDAYS_ZH[weekday(day)]}）`, `${day} (${WEEKDAYS_EN[weekday(day)]})`);
}

/** When a request is: `2026-11-25（周三）上午`, `2026-11-25（周三）09:00–11:00`, `2026-11-25（周三）至 2026-11-27（周五）`. */
export function describeSpan(r: Pick<LeaveRow, 'startDay' | 'endDay' | 'startTime' | 'endTime' | 'halfDay'>, l: Locale): string {
  const one = r.startDay === r.endDay;
  const half = r.halfDay === 'am' ? tr(l, '上午', 'morning') : r.halfDay === 'pm' ? tr(l, '下午', 'afternoon') : '';
  if (r.startTime && r.endTime) {
    return one
      ? `${dayLabel(r.startDay, l)} ${r.startTime}–${r.endTime}`
      : `${dayLabel(r.startDay, l)} ${r.startTime} ${tr(l, '至', 'to')} ${dayLabel(r.endDay, l)} ${r.endTime}`;
  }
  const span = one ? dayLabel(r.startDay, l) : `${dayLabel(r.startDay, l)} ${tr(l, '至', 'to')} ${dayLabel(r.endDay, l)}`;
  if (half) return one ? `${span} ${half}` : `${span}${tr(l, `，每天${half}`, `, ${half}s`)}`;
  return one ? `${span} ${tr(l, '全天', 'all day')}` : span;
}

/** For the requester and the admins only: number, when, type, reason, status. */
export function describeLeave(r: LeaveRow, l: Locale, opts: { who?: string; status?: boolean } = {}): string {
  const head = `#${r.id}${opts.who ? ` ${opts.who}` : ''} ${describeSpan(r, l)} ${kindLabel(r.kind, l)}`;
  const status = opts.status ? ` [${statusLabel(r.status, l)}]` : '';
  return `${head}${status}\n${tr(l, '事由', 'Reason')}: ${r.reason}${r.decisionReason ? `\n${tr(l, '审批意见', 'Note')}: ${r.decisionReason}` : ''}`;
}

/** The rules module's view of a stored request. */
export function toRuleLeave(r: LeaveRow): Leave {
  return {
    memberId: r.memberId,
    startDay: r.startDay,
    endDay: r.endDay,
    ...(r.startTime ? { startTime: r.startTime } : {}),
    ...(r.endTime ? { endTime: r.endTime } : {}),
    ...(r.halfDay === 'am' || r.halfDay === 'pm' ? { halfDay: r.halfDay } : {}),
    status: r.status as LeaveStatus,
    submittedAt: r.submittedAt,
    ...(r.decidedAt ? { decidedAt: r.decidedAt } : {}),
  };
}

/** Requests (any status) that touch `day`, for evaluators (MEET-2 excuses, reminders). */
export async function leavesOn(core: Core, day: string, memberIds?: number[]): Promise<Leave[]> {
  const rows = await core.db.leaveRequest.findMany({
    where: { teamId: core.team.id, startDay: { lte: day }, endDay: { gte: day }, ...(memberIds ? { memberId: { in: memberIds } } : {}) },
  });
  return rows.map(toRuleLeave);
}

/** True when two requests share a moment (checked day by day with the rules module's coverage). */
export function overlaps(a: Leave, b: Leave, halfDaySplit: string): boolean {
  const from = a.startDay > b.startDay ? a.startDay : b.startDay;
  const to = a.endDay < b.endDay ? a.endDay : b.endDay;
  if (from > to) return false;
  for (const day of eachDay(from, to)) {
    const x = leaveIntervalOn(a, day, halfDaySplit);
    const y = leaveIntervalOn(b, day, halfDaySplit);
    if (x && y && x[0] < y[1] && y[0] < x[1]) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------------
// Buttons

export function approveButton(id: number, l: Locale): Button {
  return { label: tr(l, '批准', 'Approve'), actionId: 'leave.approve', value: String(id), style: 'primary', command: `/leave approve ${id}` };
}

export function rejectButton(id: number, l: Locale): Button {
  return { label: tr(l, '拒绝', 'Reject'), actionId: 'leave.reject', value: String(id), style: 'danger', command: `/leave reject ${id} <${tr(l, '原因', 'reason')}>` };
}

async function approvers(tx: Tx, teamId: number) {
  const admins = await tx.member.findMany({ where: { teamId, active: true, role: 'admin' }, orderBy: { id: 'asc' } });
  if (admins.length) return admins;
  return tx.member.findMany({ where: { teamId, active: true, role: 'director' }, orderBy: { id: 'asc' } });
}

const loc = (m: { locale: string | null }, core: Core): Locale => (m.locale as Locale | null) ?? core.defaultLocale;

// ---------------------------------------------------------------------------------------------------------
// Use cases

export type SubmitResult = { leave: LeaveRow; approvers: number };

export async function submitLeave(core: Core, actor: Actor, input: LeaveInput, now: Date, requestKey?: string): Promise<SubmitResult> {
  const today = localDay(now, core.team.timezone);
  const checked = checkLeave(input, today);
  if (!checked.ok) throw new UserError(checked.error);
  const li = checked.input;
  const me = actor.member;
  const split = core.policy.schedule.leave.halfDaySplit;
  return once(core, requestKey && `leave:${requestKey}`, async (tx) => {
    const candidates = await tx.leaveRequest.findMany({
      where: { teamId: core.team.id, memberId: me.id, status: { in: ['pending', 'approved'] }, startDay: { lte: li.endDay }, endDay: { gte: li.startDay } },
      orderBy: { id: 'asc' },
    });
    const asRule: Leave = { memberId: me.id, startDay: li.startDay, endDay: li.endDay, startTime: li.startTime, endTime: li.endTime, halfDay: li.halfDay, status: 'pending', submittedAt: now };
    const clash = candidates.find((c) => overlaps(asRule, toRuleLeave(c), split));
    if (clash) {
      throw new UserError(msg(
        `与你已有的请假 #${clash.id}（${describeSpan(clash, 'zh-CN')}，${statusLabel(clash.status, 'zh-CN')}）时间重叠，未提交。如需修改，请先 /leave cancel ${clash.id} 再重新申请。`,
        `This overlaps your leave #${clash.id} (${describeSpan(clash, 'en')}, ${statusLabel(clash.status, 'en')}); nothing was submitted. To change it, /leave cancel ${clash.id} first.`,
      ));
    }
    const row = await tx.leaveRequest.create({
      data: {
        teamId: core.team.id, memberId: me.id, kind: li.kind, startDay: li.startDay, endDay: li.endDay,
        startTime: li.startTime ?? null, endTime: li.endTime ?? null, halfDay: li.halfDay ?? null,
        reason: li.reason, status: 'pending', submittedAt: now,
      },
    });
    const admins = await approvers(tx, core.team.id);
    await enqueue(tx, core.team.id, now, admins.map((a) => {
      const l = loc(a, core);
      return {
        dedupeKey: `leave:${row.id}:ask:${a.id}`,
        target: toMember(a.id),
        message: {
          text: `${tr(l, `🗓 ${me.name} 申请请假，请审批`, `🗓 ${me.name} asks for leave`)}\n${describeLeave(row, l, { who: me.name })}`,
          buttons: [approveButton(row.id, l), rejectButton(row.id, l)],
        },
      };
    }));
    return { leave: row, approvers: admins.length };
  });
}

/**
 * MEET-2: "a pending request excuses only once it is approved". When an approval comes after a late or
 * absence fine was recorded for a session the request covers, the session is evaluated again by the rules
 * module with the approved request; an entry it no longer produces is reversed (a waiver, never an edit).
 */
async function waiveExcusedAttendance(tx: Tx, core: Core, leave: LeaveRow, by: number, now: Date): Promise<LedgerDraft[]> {
  const tz = core.team.timezone;
  const entries = await tx.ledgerEntry.findMany({
    where: { teamId: core.team.id, memberId: leave.memberId, ruleId: { in: ['MEET-3', 'TRN-1', 'TRN-2'] }, reversesId: null, day: { gte: leave.startDay, lte: leave.endDay } },
    orderBy: { id: 'asc' },
  });
  if (entries.length === 0) return [];
  const waived = new Set((await tx.ledgerEntry.findMany({ where: { reversesId: { in: entries.map((e) => e.id) } }, select: { reversesId: true } })).map((w) => w.reversesId));
  const leaves = (await tx.leaveRequest.findMany({ where: { teamId: core.team.id, memberId: leave.memberId, startDay: { lte: leave.endDay }, endDay: { gte: leave.startDay } } })).map(toRuleLeave);
  const drafts: LedgerDraft[] = [];
  for (const e of entries) {
    if (waived.has(e.id)) continue;
    let session: Session | undefined;
    let sessionKey: string | undefined;
    const meeting = /^MEET-3:meeting:(\d{4}-\d{2}-\d{2}):m\d+$/.exec(e.sourceKey);
    const training = /^TRN:training:(\d+):m\d+$/.exec(e.sourceKey);
    if (meeting) {
      session = meetingSession(core.policy, meeting[1]);
      sessionKey = `meeting:${meeting[1]}`;
    } else if (training) {
      const t = await tx.trainingSession.findFirst({ where: { id: Number(training[1]), teamId: core.team.id } });
      if (t) { session = { kind: 'training', id: String(t.id), start: t.startTime, end: t.endTime }; sessionKey = `training:${t.id}`; }
    }
    if (!session || !sessionKey) continue; // e.g. TRN-2 early leave, reported by an admin: left to /waive
    const checkIns = (await tx.checkIn.findMany({ where: { memberId: leave.memberId, sessionKey } })).map((c) => ({ memberId: c.memberId, at: c.at }));
    const still = evaluateAttendance(core.policy, core.calendar, { tz, day: e.day, session, managers: [leave.memberId], checkIns, leaves, now });
    if (still.some((d) => d.sourceKey === e.sourceKey)) continue;
    drafts.push(waiverDraft(
      { ...e, variant: e.variant ?? undefined, escalation: (e.escalation ?? undefined) as EscalationKind | undefined, kind: e.kind as LedgerDraft['kind'], multiplier: e.multiplier ?? undefined, note: e.note ?? undefined },
      { by, reason: `MEET-2 请假 #${leave.id} 已批准 / leave #${leave.id} approved`, at: now },
    ));
  }
  return recordDrafts(tx, core.team.id, drafts, { recordedBy: by, now });
}

export type DecideResult =
  | { changed: true; leave: LeaveRow; requester: string; decider: string; waived: LedgerDraft[] }
  | { changed: false; leave: LeaveRow; requester: string; decider: string | null; waived?: undefined };

/** Approves or rejects a pending request. A request already decided or cancelled is left as it is. */
export async function decideLeave(
  core: Core, actor: Actor, id: number, decision: 'approved' | 'rejected', reason: string | undefined, now: Date,
): Promise<DecideResult> {
  const note = reason?.trim() || null;
  if (decision === 'rejected' && !note) throw new UserError(msg(`请写上拒绝原因，例如 /leave reject ${id} 当天有客户活动`, `Give the reason, e.g. /leave reject ${id} client event that day`));
  if (note && note.length > MAX_REASON) throw new UserError(msg(`原因太长（上限 ${MAX_REASON} 字）。`, `The reason is too long (limit ${MAX_REASON}).`));
  return core.db.$transaction(async (tx) => {
    const row = await tx.leaveRequest.findFirst({ where: { id, teamId: core.team.id } });
    if (!row) throw new UserError(msg(`没有编号为 #${id} 的请假申请。`, `There is no leave request #${id}.`));
    const requester = await tx.member.findUnique({ where: { id: row.memberId } });
    const reqName = requester?.name ?? `#${row.memberId}`;
    if (row.status !== 'pending') {
      const by = row.decidedBy ? await tx.member.findUnique({ where: { id: row.decidedBy } }) : null;
      return { changed: false as const, leave: row, requester: reqName, decider: by?.name ?? null };
    }
    if (row.memberId === actor.member.id) {
      const others = await tx.member.count({ where: { teamId: core.team.id, active: true, role: { in: ['admin', 'director'] }, id: { not: actor.member.id } } });
      if (others > 0) throw new UserError(msg(`请假 #${id} 是你自己的申请，请由另一位管理员审批。`, `Leave #${id} is your own request; another admin must decide it.`));
    }
    // Only a row that is still pending changes: a concurrent decision makes this a no-op.
    const upd = await tx.leaveRequest.updateMany({
      where: { id, status: 'pending' },
      data: { status: decision, decidedAt: now, decidedBy: actor.member.id, decisionReason: note },
    });
    const after = await tx.leaveRequest.findUniqueOrThrow({ where: { id } });
    if (upd.count === 0) {
      const by = after.decidedBy ? await tx.member.findUnique({ where: { id: after.decidedBy } }) : null;
      return { changed: false as const, leave: after, requester: reqName, decider: by?.name ?? null };
    }
    const waived = decision === 'approved' ? await waiveExcusedAttendance(tx, core, after, actor.member.id, now) : [];
    if (requester) {
      const l = loc(requester, core);
      const text = decision === 'approved'
        ? tr(l, `✅ 你的请假已批准（${actor.member.name}）`, `✅ Your leave was approved (${actor.member.name})`)
        : tr(l, `❌ 你的请假未获批准（${actor.member.name}）`, `❌ Your leave was not approved (${actor.member.name})`);
      await enqueue(tx, core.team.id, now, [
        { dedupeKey: `leave:${id}:decided`, target: toMember(requester.id), message: { text: `${text}\n${describeLeave(after, l)}${waivedNote(waived, l)}` } },
      ]);
    }
    return { changed: true as const, leave: after, requester: reqName, decider: actor.member.name, waived };
  });
}

export function waivedNote(waived: readonly LedgerDraft[], l: Locale): string {
  if (waived.length === 0) return '';
  const list = waived.map((w) => `${w.ruleId} ${formatFen(-w.amountFen)}（#${w.reversesId}）`).join('，');
  return tr(l, `\n请假获批，已免除：${list}（MEET-2）。`, `\nWith the leave approved, these were waived: ${list} (MEET-2).`);
}

/** The requester withdraws a pending request; the admins are told. */
export async function cancelLeave(core: Core, actor: Actor, id: number, now: Date): Promise<LeaveRow> {
  return core.db.$transaction(async (tx) => {
    const row = await tx.leaveRequest.findFirst({ where: { id, teamId: core.team.id, memberId: actor.member.id } });
    if (!row) throw new UserError(msg(`你没有编号为 #${id} 的请假申请。输入 /leave list 查看自己的申请。`, `You have no leave request #${id}. Type /leave list to see yours.`));
    if (row.status !== 'pending') {
      throw new UserError(msg(`请假 #${id} ${statusLabel(row.status, 'zh-CN')}，只有待审批的申请可以撤回。`, `Leave #${id} is ${statusLabel(row.status, 'en')}; only a pending request can be cancelled.`));
    }
    const upd = await tx.leaveRequest.updateMany({ where: { id, status: 'pending' }, data: { status: 'cancelled', decidedAt: now, decidedBy: actor.member.id } });
    if (upd.count === 0) throw new UserError(msg(`请假 #${id} 刚刚已被处理，未撤回。`, `Leave #${id} was just decided; it was not cancelled.`));
    const admins = await approvers(tx, core.team.id);
    await enqueue(tx, core.team.id, now, admins.map((a) => ({
      dedupeKey: `leave:${id}:cancelled:${a.id}`,
      target: toMember(a.id),
      message: { text: tr(loc(a, core), `↩️ ${actor.member.name} 撤回了请假申请 #${id}（${describeSpan(row, 'zh-CN')}），无需审批。`, `↩️ ${actor.member.name} withdrew leave request #${id} (${describeSpan(row, 'en')}); no decision needed.`) },
    })));
    return { ...row, status: 'cancelled', decidedAt: now, decidedBy: actor.member.id };
  });
}

export const LIST_LIMIT = 20;

/** The member's own requests, newest first (at most LIST_LIMIT), and how many there are. */
export async function myLeaves(core: Core, memberId: number): Promise<{ rows: LeaveRow[]; total: number }> {
  const where = { teamId: core.team.id, memberId };
  const [rows, total] = await Promise.all([
    core.db.leaveRequest.findMany({ where, orderBy: [{ startDay: 'desc' }, { id: 'desc' }], take: LIST_LIMIT }),
    core.db.leaveRequest.count({ where }),
  ]);
  return { rows, total };
}

/** Pending requests of the team, oldest first (for admins). */
export async function pendingLeaves(core: Core): Promise<{ rows: (LeaveRow & { memberName: string })[]; total: number }> {
  const where = { teamId: core.team.id, status: 'pending' };
  const [rows, total] = await Promise.all([
    core.db.leaveRequest.findMany({ where, orderBy: { id: 'asc' }, take: LIST_LIMIT }),
    core.db.leaveRequest.count({ where }),
  ]);
  const names = new Map((await inChunks(rows.map((r) => r.memberId), (ids) => core.db.member.findMany({ where: { id: { in: ids } } }))).map((m) => [m.id, m.name]));
  return { rows: rows.map((r) => ({ ...r, memberName: names.get(r.memberId) ?? `#${r.memberId}` })), total };
}
