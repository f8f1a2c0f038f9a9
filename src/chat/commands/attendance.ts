// /leave (MEET-2), /checkin (MEET-1/3, TRN-1/2), /summary (DAY-2), and the
// admin settings /cm role, /cm target, /cm training, /cm holiday, /cm workday,
// /cm calendar.
import type { ActionHandler, Button, CommandResult, CommandSpec, Ctx, FormHandler, FormSpec } from '../types.ts';
import type { Group } from './group.ts';
import { msg, say, tr, type Locale } from '../../i18n.ts';
import { isAdmin, refusal } from '../dispatch.ts';
import { UserError } from '../../services/errors.ts';
import type { Role } from '../../services/core.ts';
import {
  LEAVE_USAGE, LEAVE_KINDS, LIST_LIMIT, MAX_REASON, cancelLeave, checkLeave, decideLeave, describeLeave, describeSpan,
  kindLabel, myLeaves, parseDay, parseLeaveText, parseTimeRange, pendingLeaves, statusLabel, submitLeave,
  approveButton, rejectButton, waivedNote, type LeaveInput, type LeaveKind, type LeaveRow,
} from '../../services/leave.ts';
import { checkIn, formatClock, type CheckinResult } from '../../services/checkin.ts';
import {
  MAX_SUMMARY, currentPeriod, dueOf, dueTime, getSummary, isPeriod, kindName, parseSummaryText, periodLabel, writeSummary,
  type SummaryKind,
} from '../../services/summaries.ts';
import {
  CALENDAR_LIST_LIMIT, calendarOverview, changeRole, removeCalendarOverride, roleLabel, scheduleTraining, setCalendarOverride,
  setMonthlyTarget, thisMonth, type OverrideKind,
} from '../../services/admin.ts';
import { formatFen, formatWan, isMonthKey, localDay, parseAmount, ruleText, weekday } from '../../rules/index.ts';

const today = (ctx: Ctx) => localDay(ctx.now, ctx.core.team.timezone);
const WD_ZH = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];
const WD_EN = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const dayWithWeekday = (day: string, l: Locale) => tr(l, `${day}（${WD_ZH[weekday(day)]}）`, `${day} (${WD_EN[weekday(day)]})`);

// =========================================================================================================
// /leave

type LeaveArgs =
  | { mode: 'form' }
  | { mode: 'list' }
  | { mode: 'pending' }
  | { mode: 'cancel'; id: number }
  | { mode: 'approve'; id: number }
  | { mode: 'reject'; id: number; reason: string }
  | { mode: 'request'; input: LeaveInput };

const idOf = (s: string | undefined) => (s && /^#?\d{1,9}$/.test(s) ? Number(s.replace('#', '')) : undefined);

export function leaveForm(ctx: Ctx): FormSpec {
  const l = ctx.actor.locale;
  return {
    id: 'leave',
    title: tr(l, '请假申请', 'Ask for leave'),
    submitLabel: tr(l, '提交', 'Submit'),
    inlineHelp: tr(l, `输入：${LEAVE_USAGE[0]}`, `Type: ${LEAVE_USAGE[0]}`),
    fields: [
      { id: 'kind', label: tr(l, '类型', 'Type'), kind: 'select', initial: 'personal', options: LEAVE_KINDS.map((k) => ({ value: k, label: kindLabel(k, l) })) },
      { id: 'start', label: tr(l, '开始日期', 'First day'), kind: 'date', initial: today(ctx) },
      { id: 'end', label: tr(l, '结束日期（一天可不填）', 'Last day (blank for one day)'), kind: 'date', optional: true },
      {
        id: 'part', label: tr(l, '全天 / 半天 / 按小时', 'Whole days, half day or hours'), kind: 'select', optional: true, initial: 'full',
        options: [
          { value: 'full', label: tr(l, '全天', 'Whole day(s)') },
          { value: 'am', label: tr(l, '上午', 'Morning') },
          { value: 'pm', label: tr(l, '下午', 'Afternoon') },
          { value: 'hours', label: tr(l, '按小时（填下面的时间）', 'Hours (fill in the times below)') },
        ],
      },
      { id: 'from', label: tr(l, '开始时间（按小时时填）', 'From (for hours)'), kind: 'time', optional: true },
      { id: 'to', label: tr(l, '结束时间（按小时时填）', 'Until (for hours)'), kind: 'time', optional: true },
      { id: 'reason', label: tr(l, '事由', 'Reason'), kind: 'multiline', maxLength: MAX_REASON },
    ],
  };
}

function submittedText(l: Locale, row: LeaveRow, approvers: number): string {
  const head = tr(l, `✅ 已提交请假申请 #${row.id}：${describeSpan(row, l)} ${kindLabel(row.kind, l)}。`, `✅ Leave request #${row.id} submitted: ${describeSpan(row, l)}, ${kindLabel(row.kind, l)}.`);
  const who = approvers > 0
    ? tr(l, `已通知 ${approvers} 位管理员审批，结果会私信告诉你。撤回：/leave cancel ${row.id}`, `${approvers} admin(s) were asked to decide; you will get the outcome by DM. To withdraw: /leave cancel ${row.id}`)
    : tr(l, '⚠️ 团队还没有管理员，暂时无人审批，请联系主任设置管理员（/cm role）。', '⚠️ The team has no admin yet, so nobody can decide; ask for an admin to be appointed (/cm role).');
  return `${head}\n${who}`;
}

const leave: CommandSpec<LeaveArgs> = {
  name: 'leave',
  summary: msg('请假（MEET-2）：提交、查看、撤回；管理员审批', 'Leave (MEET-2): ask, list, withdraw; admins decide'),
  usage: [...LEAVE_USAGE, '/leave approve 12（管理员）', '/leave reject 12 当天有客户活动（管理员）', '/leave pending（管理员）'],
  parse(text, ctx) {
    const t = text.trim();
    if (!t) return { ok: true, args: { mode: 'form' } };
    const [head, ...rest] = t.split(/\s+/);
    const h = head.toLowerCase();
    if (['list', '列表', '我的', 'mine'].includes(h)) return { ok: true, args: { mode: 'list' } };
    if (['pending', '待审批'].includes(h)) return { ok: true, args: { mode: 'pending' } };
    if (['cancel', '撤回', '取消', 'approve', '批准', 'reject', '拒绝'].includes(h)) {
      const id = idOf(rest[0]);
      const mode = ['cancel', '撤回', '取消'].includes(h) ? 'cancel' : ['approve', '批准'].includes(h) ? 'approve' : 'reject';
      if (id === undefined) {
        const ex = mode === 'reject' ? '/leave reject 12 当天有客户活动' : `/leave ${mode} 12`;
        return { ok: false, error: msg(`请写上请假编号，例如 ${ex}（编号见 /leave list）`, `Give the request number, e.g. ${ex} (see /leave list)`) };
      }
      if (mode === 'reject') {
        const reason = rest.slice(1).join(' ').trim();
        if (!reason) return { ok: false, error: msg(`请写上拒绝原因，例如 /leave reject ${id} 当天有客户活动`, `Give the reason, e.g. /leave reject ${id} client event that day`) };
        return { ok: true, args: { mode, id, reason } };
      }
      return { ok: true, args: { mode, id } };
    }
    const r = parseLeaveText(t, today(ctx));
    return r.ok ? { ok: true, args: { mode: 'request', input: r.input } } : { ok: false, error: r.error };
  },
  async run(ctx, args) {
    const l = ctx.actor.locale;
    switch (args.mode) {
      case 'form': {
        if (ctx.platform === 'slack') return { text: '', form: leaveForm(ctx) };
        return { text: `${tr(l, '请假申请的写法：', 'How to ask for leave:')}\n${LEAVE_USAGE.map((u) => `  ${u}`).join('\n')}` };
      }
      case 'request': {
        const r = await submitLeave(ctx.core, ctx.actor, args.input, ctx.now, ctx.requestKey);
        return { text: submittedText(l, r.leave, r.approvers) };
      }
      case 'list': {
        const { rows, total } = await myLeaves(ctx.core, ctx.actor.member.id);
        if (total === 0) return { text: tr(l, `你还没有请假记录。申请：${LEAVE_USAGE[0]}`, `You have no leave requests. To ask: ${LEAVE_USAGE[0]}`) };
        const lines = rows.map((r) => `• ${describeLeave(r, l, { status: true }).replace(/\n/g, '\n   ')}`);
        const more = total > rows.length ? tr(l, `\n（显示最近 ${rows.length} 条，共 ${total} 条）`, `\n(showing the latest ${rows.length} of ${total})`) : '';
        return { text: `${tr(l, '我的请假：', 'My leave:')}\n${lines.join('\n')}${more}` };
      }
      case 'pending': {
        if (!isAdmin(ctx.actor.member)) return refusal(l);
        const { rows, total } = await pendingLeaves(ctx.core);
        if (total === 0) return { text: tr(l, '没有待审批的请假。', 'No leave is waiting for a decision.') };
        const lines = rows.map((r) => `• ${describeLeave(r, l, { who: r.memberName }).replace(/\n/g, '\n   ')}`);
        const more = total > rows.length ? tr(l, `\n（显示前 ${LIST_LIMIT} 条，共 ${total} 条）`, `\n(showing the first ${LIST_LIMIT} of ${total})`) : '';
        return {
          text: `${tr(l, '待审批的请假：', 'Leave waiting for a decision:')}\n${lines.join('\n')}${more}`,
          // Several requests in one message: each button names its request.
          buttons: rows.slice(0, 10).flatMap((r) => [approveButton(r.id, l), rejectButton(r.id, l)].map((b) => ({ ...b, label: `${b.label} #${r.id}` }))),
        };
      }
      case 'cancel': {
        const row = await cancelLeave(ctx.core, ctx.actor, args.id, ctx.now);
        return { text: tr(l, `↩️ 已撤回请假申请 #${row.id}（${describeSpan(row, l)}），已告知管理员。`, `↩️ Leave request #${row.id} (${describeSpan(row, l)}) withdrawn; the admins were told.`) };
      }
      case 'approve':
      case 'reject': {
        if (!isAdmin(ctx.actor.member)) return refusal(l);
        return decisionResult(ctx, args.id, args.mode === 'approve' ? 'approved' : 'rejected', args.mode === 'reject' ? args.reason : undefined);
      }
    }
  },
};

/** Decides, and answers the admin: what happened, plus the replacement for the message with the buttons. */
async function decisionResult(ctx: Ctx, id: number, decision: 'approved' | 'rejected', reason: string | undefined): Promise<CommandResult> {
  const l = ctx.actor.locale;
  const r = await decideLeave(ctx.core, ctx.actor, id, decision, reason, ctx.now);
  const icon = (s: string) => (s === 'approved' ? '✅' : s === 'rejected' ? '❌' : s === 'cancelled' ? '↩️' : '⏳');
  const update = {
    text: `${icon(r.leave.status)} ${statusLabel(r.leave.status, l)}${r.decider ? `（${r.decider}）` : ''}\n${describeLeave(r.leave, l, { who: r.requester })}`,
  };
  if (r.changed) {
    const text = decision === 'approved'
      ? tr(l, `✅ 已批准 ${r.requester} 的请假 #${id}（${describeSpan(r.leave, l)}），已私信通知本人。`, `✅ Approved leave #${id} of ${r.requester} (${describeSpan(r.leave, l)}); they were told by DM.`)
      : tr(l, `❌ 已拒绝 ${r.requester} 的请假 #${id}（${describeSpan(r.leave, l)}），已私信通知本人。`, `❌ Rejected leave #${id} of ${r.requester} (${describeSpan(r.leave, l)}); they were told by DM.`);
    return { text: text + waivedNote(r.waived, l), update };
  }
  const by = r.decider ? tr(l, `（${r.decider}）`, ` (by ${r.decider})`) : '';
  return {
    text: tr(l, `已处理：请假 #${id} ${statusLabel(r.leave.status, l)}${by}，这次没有做任何更改。`, `Already handled: leave #${id} is ${statusLabel(r.leave.status, l)}${by}; nothing was changed.`),
    update,
  };
}

function leaveFieldErrors(l: Locale, values: Record<string, string | undefined>, day: string): { input?: LeaveInput; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const kind = (values.kind ?? 'personal') as LeaveKind;
  const start = values.start?.trim();
  const end = values.end?.trim() || start;
  const part = values.part ?? 'full';
  const from = values.from?.trim();
  const to = values.to?.trim();
  if (!start) errors.start = tr(l, '请选择开始日期', 'Choose the first day');
  if (part === 'hours' && (!from || !to)) {
    if (!from) errors.from = tr(l, '按小时请假请填开始时间，例如 09:00', 'For hours, give the start, e.g. 09:00');
    if (!to) errors.to = tr(l, '按小时请假请填结束时间，例如 11:00', 'For hours, give the end, e.g. 11:00');
  }
  if (part !== 'hours' && (from || to)) errors.part = tr(l, '填了时间就请选择「按小时」', 'You gave times: choose "Hours"');
  if (Object.keys(errors).length || !start || !end) return { errors };
  const input: LeaveInput = {
    kind, startDay: start, endDay: end, reason: values.reason ?? '',
    ...(part === 'am' || part === 'pm' ? { halfDay: part } : {}),
    ...(part === 'hours' ? { startTime: from, endTime: to } : {}),
  };
  const c = checkLeave(input, day);
  if (!c.ok) {
    const field = c.field === 'hours' ? 'to' : c.field;
    return { errors: { [field]: say(l, c.error) } };
  }
  return { input: c.input, errors };
}

const leaveSubmit: FormHandler = {
  id: 'leave',
  async submit(ctx, values) {
    const l = ctx.actor.locale;
    const { input, errors } = leaveFieldErrors(l, values, today(ctx));
    if (!input) return { ok: false, errors };
    try {
      const r = await submitLeave(ctx.core, ctx.actor, input, ctx.now, ctx.requestKey);
      return { ok: true, result: { text: submittedText(l, r.leave, r.approvers) } };
    } catch (e) {
      if (e instanceof UserError) return { ok: false, errors: { start: say(l, e.userMessage) } };
      throw e;
    }
  },
};

function rejectForm(l: Locale, id: number, who: string): FormSpec {
  return {
    id: 'leave.reject',
    title: tr(l, `拒绝请假 #${id}`, `Reject leave #${id}`),
    submitLabel: tr(l, '拒绝', 'Reject'),
    meta: String(id),
    inlineHelp: `/leave reject ${id} ${tr(l, '<原因>', '<reason>')}`,
    fields: [{ id: 'reason', label: tr(l, `拒绝 ${who} 的原因（会告诉本人）`, `Why (${who} will see this)`), kind: 'multiline', maxLength: MAX_REASON }],
  };
}

const rejectSubmit: FormHandler = {
  id: 'leave.reject',
  async submit(ctx, values, meta) {
    const l = ctx.actor.locale;
    if (!isAdmin(ctx.actor.member)) return { ok: true, result: refusal(l) };
    const id = idOf(meta);
    if (id === undefined) return { ok: true, result: { text: tr(l, '这个表单已失效。', 'This form is no longer valid.') } };
    const reason = (values.reason ?? '').trim();
    if (!reason) return { ok: false, errors: { reason: tr(l, '请写上拒绝原因，例如：当天有客户活动', 'Give the reason, e.g. client event that day') } };
    if (reason.length > MAX_REASON) return { ok: false, errors: { reason: tr(l, `不能超过 ${MAX_REASON} 字`, `At most ${MAX_REASON} characters`) } };
    const r = await decisionResult(ctx, id, 'rejected', reason);
    return { ok: true, result: { text: r.text } };
  },
};

const approveAction: ActionHandler = {
  id: 'leave.approve',
  adminOnly: true,
  async run(ctx, value) {
    const id = idOf(value);
    if (id === undefined) return { text: tr(ctx.actor.locale, '这个按钮已失效。', 'This button is no longer valid.') };
    return decisionResult(ctx, id, 'approved', undefined);
  },
};

const rejectAction: ActionHandler = {
  id: 'leave.reject',
  adminOnly: true,
  async run(ctx, value) {
    const l = ctx.actor.locale;
    const id = idOf(value);
    if (id === undefined) return { text: tr(l, '这个按钮已失效。', 'This button is no longer valid.') };
    const row = await ctx.core.db.leaveRequest.findFirst({ where: { id, teamId: ctx.core.team.id } });
    if (!row) return { text: tr(l, `没有编号为 #${id} 的请假申请。`, `There is no leave request #${id}.`) };
    if (row.status !== 'pending') return decisionResult(ctx, id, 'rejected', tr(l, '（已处理）', '(already handled)'));
    const who = (await ctx.core.db.member.findUnique({ where: { id: row.memberId } }))?.name ?? `#${row.memberId}`;
    const form = rejectForm(l, id, who);
    if (ctx.platform === 'slack') return { text: '', form };
    return { text: tr(l, `拒绝请输入：${form.inlineHelp}`, `To reject, type: ${form.inlineHelp}`) };
  },
};

// =========================================================================================================
// /checkin

/** The check-in button for reminders (the clock's 07:45 meeting reminder uses it with `meeting:<day>`). */
export function checkinButton(sessionKey: string, locale: Locale): Button {
  return {
    label: tr(locale, '签到', 'Check in'),
    actionId: 'checkin',
    value: sessionKey,
    style: 'primary',
    command: sessionKey.startsWith('training:') ? '/checkin training' : '/checkin',
  };
}

function checkinText(ctx: Ctx, r: CheckinResult): string {
  const l = ctx.actor.locale;
  const tz = ctx.core.team.timezone;
  const s = r.session;
  const what = s.kind === 'meeting' ? tr(l, '晨会', 'the meeting') : tr(l, `培训「${s.title}」`, `the training "${s.title}"`);
  const at = formatClock(r.at, tz);
  if (r.kind === 'already') return tr(l, `已签到 ${at}（${what}，${s.day}），不重复记录。`, `Already checked in at ${at} (${what}, ${s.day}); nothing recorded twice.`);
  if (!r.late) return tr(l, `✅ 签到成功 ${at}（${what} ${s.start} 开始），准时。`, `✅ Checked in at ${at} (${what} starts at ${s.start}): on time.`);
  const head = tr(l, `⚠️ 已签到 ${at}，${what} ${s.start} 已开始，迟到。`, `⚠️ Checked in at ${at}; ${what} started at ${s.start}: late.`);
  if (r.fines.length) {
    const lines = r.fines.map((f) => {
      const text = ruleText(ctx.core.policy, f.ruleId, l, f.variant) ?? '';
      return tr(l, `按 ${f.ruleId} 记罚款 ${formatFen(f.amountFen)}（计入大客户中心活动费用）。${f.ruleId}：${text}`, `${f.ruleId}: fine ${formatFen(f.amountFen)} (to the centre's activity fund). ${f.ruleId}: ${text}`);
    });
    return `${head}\n${lines.join('\n')}`;
  }
  if (r.excused) return `${head}\n${tr(l, '你有提前提交并已批准的请假，不记迟到罚款。', 'You have leave requested in advance and approved, so there is no fine.')}`;
  return head;
}

const checkin: CommandSpec<{ training: boolean }> = {
  name: 'checkin',
  summary: msg('晨会 / 培训签到（MEET-1/3，TRN-1/2）', 'Check in to the meeting or a training session (MEET-1/3, TRN-1/2)'),
  usage: ['/checkin', '/checkin training'],
  parse(text) {
    const t = text.trim().toLowerCase();
    if (!t || ['meeting', '晨会'].includes(t)) return { ok: true, args: { training: false } };
    if (['training', '培训'].includes(t)) return { ok: true, args: { training: true } };
    return { ok: false, error: msg(`看不懂「${text.trim()}」。晨会签到直接输入 /checkin，培训签到输入 /checkin training。`, `Cannot read "${text.trim()}". Type /checkin for the meeting or /checkin training.`) };
  },
  async run(ctx, { training }) {
    const r = await checkIn(ctx.core, ctx.actor, ctx.now, { training });
    return { text: checkinText(ctx, r) };
  },
};

const checkinAction: ActionHandler = {
  id: 'checkin',
  async run(ctx, value) {
    const r = await checkIn(ctx.core, ctx.actor, ctx.now, { key: value });
    const text = checkinText(ctx, r);
    const l = ctx.actor.locale;
    return { text, update: { text: tr(l, `✅ 已签到 ${formatClock(r.at, ctx.core.team.timezone)}（${r.session.day}）`, `✅ Checked in at ${formatClock(r.at, ctx.core.team.timezone)} (${r.session.day})`) } };
  },
};

// =========================================================================================================
// /summary

type SummaryArgs = { mode: 'status' } | { mode: 'write'; kind: SummaryKind; period?: string; text: string };

function kindOf(word: string | undefined): SummaryKind | undefined {
  const w = (word ?? '').toLowerCase();
  if (['week', 'weekly', '周', '周报', '周总结'].includes(w)) return 'week';
  if (['month', 'monthly', '月', '月报', '月总结'].includes(w)) return 'month';
  return undefined;
}

const WEEK_EXAMPLE = '/summary week 本周完成：拜访8户，新增存款120万 下周计划：拜访10户';
const MONTH_EXAMPLE = '/summary month 本月完成：新增存款500万 下月计划：新增存款600万';

export function summaryForm(ctx: Ctx, kind: SummaryKind, period: string, initial?: { content: string; plan: string }): FormSpec {
  const l = ctx.actor.locale;
  const due = dueOf(ctx.core, kind, period);
  return {
    id: 'summary',
    title: kind === 'week' ? tr(l, `周总结 ${period}`, `Week ${period}`) : tr(l, `月总结 ${period}`, `Month ${period}`),
    submitLabel: tr(l, '保存', 'Save'),
    meta: `${kind}|${period}`,
    inlineHelp: kind === 'week' ? WEEK_EXAMPLE : MONTH_EXAMPLE,
    fields: [
      {
        id: 'content', kind: 'multiline', maxLength: MAX_SUMMARY, initial: initial?.content,
        label: kind === 'week' ? tr(l, `工作总结（${periodLabel(kind, period, l)}）`, `Summary (${periodLabel(kind, period, l)})`) : tr(l, `工作总结（${period}）`, `Summary (${period})`),
        hint: tr(l, `截止 ${due.day} ${dueTime(ctx.core, kind)}，截止前可修改`, `Due ${due.day} ${dueTime(ctx.core, kind)}; editable until then`),
      },
      { id: 'plan', kind: 'multiline', optional: true, maxLength: MAX_SUMMARY, initial: initial?.plan, label: kind === 'week' ? tr(l, '下周计划', 'Plan for next week') : tr(l, '下月计划', 'Plan for next month') },
    ],
  };
}

function savedText(ctx: Ctx, kind: SummaryKind, r: { period: string; due: { day: string }; updated: boolean }): string {
  const l = ctx.actor.locale;
  const what = `${periodLabel(kind, r.period, l)} ${kindName(kind, l)}`;
  const until = tr(l, `截止 ${r.due.day} ${dueTime(ctx.core, kind)} 前可修改。`, `Editable until ${r.due.day} ${dueTime(ctx.core, kind)}.`);
  return r.updated ? tr(l, `✅ 已更新${what}。${until}`, `✅ Updated the ${what}. ${until}`) : tr(l, `✅ 已提交${what}。${until}`, `✅ Filed the ${what}. ${until}`);
}

const summary: CommandSpec<SummaryArgs> = {
  name: 'summary',
  summary: msg('周/月工作总结与计划（DAY-2），截止前可修改', 'Weekly / monthly summary and plan (DAY-2), editable until the deadline'),
  usage: [WEEK_EXAMPLE, MONTH_EXAMPLE, '/summary week 2026-W47 …', '/summary'],
  parse(text) {
    const t = text.trim();
    if (!t) return { ok: true, args: { mode: 'status' } };
    const [head, ...rest] = t.split(/\s+/);
    const kind = kindOf(head);
    if (!kind) return { ok: false, error: msg(`请先写 week 或 month，例如 ${WEEK_EXAMPLE}`, `Start with week or month, e.g. ${WEEK_EXAMPLE}`) };
    let period: string | undefined;
    if (rest[0] && /^\d{4}-(W\d{2}|\d{2})$/i.test(rest[0])) {
      period = rest.shift()!.toUpperCase();
      if (!isPeriod(kind, period)) {
        return { ok: false, error: msg(`期间「${period}」不对：周写 2026-W47，月写 2026-11。`, `The period "${period}" is not valid: a week is 2026-W47, a month 2026-11.`) };
      }
    }
    const body = rest.join(' ');
    if (body.length > MAX_SUMMARY * 2) return { ok: false, error: msg('内容太长了，请精简。', 'Too long; please shorten it.') };
    return { ok: true, args: { mode: 'write', kind, period, text: body } };
  },
  async run(ctx, args) {
    const l = ctx.actor.locale;
    const me = ctx.actor.member.id;
    if (args.mode === 'status') {
      const lines = [tr(l, '📝 工作总结与计划（DAY-2）', '📝 Summaries and plans (DAY-2)')];
      for (const kind of ['week', 'month'] as const) {
        const period = currentPeriod(ctx.core, kind, ctx.now);
        const due = dueOf(ctx.core, kind, period);
        const row = await getSummary(ctx.core, me, kind, period);
        lines.push(`${kindName(kind, l)} ${periodLabel(kind, period, l)}: ${row ? tr(l, '✅ 已提交', '✅ filed') : tr(l, '⬜ 未提交', '⬜ not yet')}，${tr(l, '截止', 'due')} ${due.day} ${dueTime(ctx.core, kind)}`);
      }
      lines.push(tr(l, `写周总结：${WEEK_EXAMPLE}`, `Weekly: ${WEEK_EXAMPLE}`), tr(l, `写月总结：${MONTH_EXAMPLE}`, `Monthly: ${MONTH_EXAMPLE}`));
      return { text: lines.join('\n') };
    }
    const period = args.period ?? currentPeriod(ctx.core, args.kind, ctx.now);
    if (!args.text.trim()) {
      const existing = await getSummary(ctx.core, me, args.kind, period);
      if (ctx.platform === 'slack') return { text: '', form: summaryForm(ctx, args.kind, period, existing ?? undefined) };
      const due = dueOf(ctx.core, args.kind, period);
      const state = existing
        ? tr(l, `已提交（${existing.content.slice(0, 60)}${existing.content.length > 60 ? '…' : ''}）`, `filed (${existing.content.slice(0, 60)}${existing.content.length > 60 ? '…' : ''})`)
        : tr(l, '未提交', 'not filed yet');
      return { text: `${periodLabel(args.kind, period, l)} ${kindName(args.kind, l)}: ${state}，${tr(l, '截止', 'due')} ${due.day} ${dueTime(ctx.core, args.kind)}\n${tr(l, '写法：', 'Type: ')}${args.kind === 'week' ? WEEK_EXAMPLE : MONTH_EXAMPLE}` };
    }
    const parts = parseSummaryText(args.text);
    const r = await writeSummary(ctx.core, ctx.actor, args.kind, { ...parts, period }, ctx.now, ctx.requestKey);
    return { text: savedText(ctx, args.kind, r) };
  },
};

const summarySubmit: FormHandler = {
  id: 'summary',
  async submit(ctx, values, meta) {
    const l = ctx.actor.locale;
    const [k, period] = (meta ?? '').split('|');
    const kind = kindOf(k);
    if (!kind || !period || !isPeriod(kind, period)) return { ok: true, result: { text: tr(l, '这个表单已失效，请重新输入 /summary week。', 'This form is no longer valid; type /summary week again.') } };
    const content = (values.content ?? '').trim();
    if (!content) return { ok: false, errors: { content: tr(l, '请填写工作总结，例如：本周拜访8户，新增存款120万', 'Fill in the summary, e.g. 8 visits, ¥1.2m deposits') } };
    try {
      const r = await writeSummary(ctx.core, ctx.actor, kind, { content, plan: values.plan ?? '', period }, ctx.now, ctx.requestKey);
      return { ok: true, result: { text: savedText(ctx, kind, r) } };
    } catch (e) {
      if (e instanceof UserError) return { ok: false, errors: { content: say(l, e.userMessage) } };
      throw e;
    }
  },
};

// =========================================================================================================
// Admin settings

/** Splits off a member reference: a Slack mention `<@U1|张 三>` (which may hold spaces) or one word. */
function splitRef(text: string): [string, string] {
  const t = text.trim();
  const m = /^(<@[^>]+>)\s*(.*)$/s.exec(t);
  if (m) return [m[1], m[2]];
  const [ref = '', ...rest] = t.split(/\s+/);
  return [ref, rest.join(' ')];
}

const ROLE_WORDS: Record<string, Role> = {
  manager: 'manager', 客户经理: 'manager', 经理: 'manager',
  admin: 'admin', 管理员: 'admin',
  director: 'director', 主任: 'director',
};

const role: CommandSpec<{ ref: string; role: Role }> = {
  name: 'cm role',
  adminOnly: true,
  summary: msg('设置成员角色（客户经理 / 管理员 / 主任）', "Set a member's role (manager / admin / director)"),
  usage: ['/cm role @张三 admin', '/cm role @李四 manager'],
  parse(text) {
    const [ref, rest] = splitRef(text);
    const r = ROLE_WORDS[rest.trim().toLowerCase()];
    if (!ref) return { ok: false, error: msg('请写上成员和角色，例如 /cm role @张三 admin', 'Name a member and a role, e.g. /cm role @Zhang admin') };
    if (!r) return { ok: false, error: msg(`角色只能是 manager、admin 或 director，例如 /cm role @张三 admin`, 'The role must be manager, admin or director, e.g. /cm role @Zhang admin') };
    return { ok: true, args: { ref, role: r } };
  },
  async run(ctx, args) {
    const l = ctx.actor.locale;
    const r = await changeRole(ctx.core, ctx.platform, args.ref, args.role);
    if (r.before === args.role) return { text: tr(l, `${r.member.name} 已经是${roleLabel(args.role, l)}，没有更改。`, `${r.member.name} is already ${roleLabel(args.role, l)}; nothing changed.`) };
    return { text: tr(l, `✅ ${r.member.name}：${roleLabel(r.before, l)} → ${roleLabel(args.role, l)}。`, `✅ ${r.member.name}: ${roleLabel(r.before, l)} → ${roleLabel(args.role, l)}.`) };
  },
};

const target: CommandSpec<{ ref: string; fen: bigint; month?: string }> = {
  name: 'cm target',
  adminOnly: true,
  summary: msg('设置客户经理的月度业绩目标（PERF-2）', "Set a manager's monthly target (PERF-2)"),
  usage: ['/cm target @张三 50万', '/cm target @张三 ¥500,000 2026-12'],
  parse(text) {
    const [ref, rest] = splitRef(text);
    const tokens = rest.split(/\s+/).filter(Boolean);
    let month: string | undefined;
    if (tokens.length > 1 && /^\d{4}-\d{1,2}$/.test(tokens[tokens.length - 1])) {
      const [y, m] = tokens.pop()!.split('-');
      month = `${y}-${m.padStart(2, '0')}`;
      if (!isMonthKey(month)) return { ok: false, error: msg(`月份「${month}」不对，例如 2026-12`, `The month "${month}" is not valid, e.g. 2026-12`) };
    }
    if (!ref || tokens.length === 0) return { ok: false, error: msg('请写上成员和金额，例如 /cm target @张三 50万', 'Name a member and an amount, e.g. /cm target @Zhang 50万') };
    const a = parseAmount(tokens.join(''));
    if (!a.ok) return { ok: false, error: msg(`金额不对：${a.message['zh-CN']}。例如 /cm target @张三 50万`, `Bad amount: ${a.message.en}. E.g. /cm target @Zhang 50万`) };
    return { ok: true, args: { ref, fen: a.fen, month } };
  },
  async run(ctx, args) {
    const l = ctx.actor.locale;
    const month = args.month ?? thisMonth(ctx.core, ctx.now);
    const r = await setMonthlyTarget(ctx.core, ctx.platform, args.ref, args.fen, month);
    const was = r.before !== null ? tr(l, `（原为 ${formatWan(r.before)}）`, ` (was ${formatWan(r.before)})`) : '';
    return { text: tr(l, `✅ ${r.member.name} ${month} 月度目标：${formatWan(args.fen)}（${formatFen(args.fen)}）${was}。`, `✅ ${r.member.name}'s target for ${month}: ${formatWan(args.fen)} (${formatFen(args.fen)})${was}.`) };
  },
};

const training: CommandSpec<{ day: string; start: string; end: string; title: string }> = {
  name: 'cm training',
  adminOnly: true,
  summary: msg('安排培训（TRN-1/2），通知全员并开放签到', 'Schedule a training session (TRN-1/2); everyone is told and can check in'),
  usage: ['/cm training 2026-11-26 14:00-16:00 理财产品培训'],
  parse(text, ctx) {
    const [d, hours, ...rest] = text.trim().split(/\s+/);
    const example = '/cm training 2026-11-26 14:00-16:00 理财产品培训';
    const day = d ? parseDay(d, today(ctx)) : undefined;
    if (!day) return { ok: false, error: msg(`请写上日期，例如 ${example}`, `Give the day, e.g. ${example}`) };
    const range = hours ? parseTimeRange(hours) : undefined;
    if (!range) return { ok: false, error: msg(`请写上时间段，例如 ${example}`, `Give the hours, e.g. ${example}`) };
    const title = rest.join(' ').trim();
    if (!title) return { ok: false, error: msg(`请写上培训主题，例如 ${example}`, `Give a title, e.g. ${example}`) };
    return { ok: true, args: { day, start: range.start, end: range.end, title } };
  },
  async run(ctx, args) {
    const l = ctx.actor.locale;
    const row = await scheduleTraining(ctx.core, ctx.actor, args, ctx.now, ctx.requestKey);
    return { text: tr(l, `✅ 已安排培训 #${row.id}「${row.title}」：${dayWithWeekday(row.day, l)} ${row.startTime}–${row.endTime}，已在团队频道通知。`, `✅ Training #${row.id} "${row.title}" scheduled: ${dayWithWeekday(row.day, l)} ${row.startTime}–${row.endTime}; the team channel was told.`) };
  },
};

function overrideCommand(kind: OverrideKind): CommandSpec<{ day: string; note: string }> {
  const example = kind === 'holiday' ? '/cm holiday 2026-12-24 中心团建' : '/cm workday 2027-02-20 春节调休上班';
  return {
    name: `cm ${kind}`,
    adminOnly: true,
    summary: kind === 'holiday'
      ? msg('把某天设为休息日（不开晨会、不计日志等）', 'Make a day a day off (no meeting, no day-log deadline…)')
      : msg('把某天设为工作日（如调休上班）', 'Make a day a working day (e.g. a 调休 Saturday)'),
    usage: [example],
    parse(text, ctx) {
      const [d, ...rest] = text.trim().split(/\s+/);
      const day = d ? parseDay(d, today(ctx)) : undefined;
      if (!day) return { ok: false, error: msg(`请写上日期，例如 ${example}`, `Give the day, e.g. ${example}`) };
      return { ok: true, args: { day, note: rest.join(' ').trim() } };
    },
    async run(ctx, { day, note }) {
      const l = ctx.actor.locale;
      await setCalendarOverride(ctx.core, ctx.actor, day, kind, note);
      const n = note ? `（${note}）` : '';
      return {
        text: kind === 'holiday'
          ? tr(l, `✅ 已把 ${dayWithWeekday(day, l)} 设为休息日${n}，立即生效：当天不开晨会，不计日志和签到。`, `✅ ${dayWithWeekday(day, l)} is now a day off${n}, effective at once: no meeting, no day-log or check-in due.`)
          : tr(l, `✅ 已把 ${dayWithWeekday(day, l)} 设为工作日${n}，立即生效：当天照常晨会、签到和日志。`, `✅ ${dayWithWeekday(day, l)} is now a working day${n}, effective at once: meeting, check-in and day log as usual.`),
      };
    },
  };
}

const calendar: CommandSpec<{ remove?: string }> = {
  name: 'cm calendar',
  adminOnly: true,
  summary: msg('查看工作日历的调整和节假日数据的截止日期', "The calendar's overrides and how far the holiday data goes"),
  usage: ['/cm calendar', '/cm calendar remove 2026-12-24'],
  parse(text, ctx) {
    const t = text.trim();
    if (!t) return { ok: true, args: {} };
    const [head, d] = t.split(/\s+/);
    const day = d ? parseDay(d, today(ctx)) : undefined;
    if (['remove', '删除', 'delete'].includes(head.toLowerCase()) && day) return { ok: true, args: { remove: day } };
    return { ok: false, error: msg('例如 /cm calendar 或 /cm calendar remove 2026-12-24', 'E.g. /cm calendar or /cm calendar remove 2026-12-24') };
  },
  async run(ctx, args) {
    const l = ctx.actor.locale;
    if (args.remove) {
      const done = await removeCalendarOverride(ctx.core, args.remove);
      return { text: done ? tr(l, `✅ 已删除 ${args.remove} 的调整，恢复法定日历。`, `✅ Removed the override for ${args.remove}; the statutory calendar applies.`) : tr(l, `${args.remove} 没有调整，未做更改。`, `${args.remove} has no override; nothing changed.`) };
    }
    const o = await calendarOverview(ctx.core, ctx.now);
    const lines = [tr(l, '📅 工作日历', '📅 Working-day calendar')];
    lines.push(tr(l, `法定节假日数据截止：${o.dataEndsOn}。之后的日子按周一至周五上班计算，除非在这里调整。`, `Holiday data ends on ${o.dataEndsOn}; after that Monday–Friday are working days unless overridden here.`));
    if (o.needsNextYear) lines.push(tr(l, `⚠️ 明年的放假安排还没有数据：国务院公布后，请用 /cm holiday <日期> 和 /cm workday <日期> 录入（或升级 chinese-days 数据）。`, `⚠️ Next year's holidays are not in the data yet: once published, add them with /cm holiday <day> and /cm workday <day> (or update chinese-days).`));
    if (o.overrides.length === 0) lines.push(tr(l, '管理员调整：无（近期）。', 'Admin overrides: none (recent).'));
    else {
      lines.push(tr(l, '管理员调整：', 'Admin overrides:'));
      for (const r of o.overrides) lines.push(`• ${dayWithWeekday(r.day, l)} ${r.kind === 'holiday' ? tr(l, '休息', 'day off') : tr(l, '上班', 'working day')}${r.note ? `（${r.note}）` : ''}`);
      if (o.total > o.overrides.length) lines.push(tr(l, `（显示近期 ${o.overrides.length} 条，共 ${o.total} 条；最多显示 ${CALENDAR_LIST_LIMIT} 条）`, `(showing ${o.overrides.length} recent of ${o.total}; at most ${CALENDAR_LIST_LIMIT})`));
    }
    if (o.policyHolidays.length || o.policyWorkdays.length) {
      lines.push(tr(l, `策略文件另有：休息日 ${o.policyHolidays.length} 天，工作日 ${o.policyWorkdays.length} 天。`, `The policy file adds ${o.policyHolidays.length} day(s) off and ${o.policyWorkdays.length} working day(s).`));
    }
    return { text: lines.join('\n') };
  },
};

export const attendance: Group = {
  commands: [leave, checkin, summary, role, target, training, overrideCommand('holiday'), overrideCommand('workday'), calendar],
  forms: [leaveSubmit, rejectSubmit, summarySubmit],
  actions: [approveAction, rejectAction, checkinAction],
};
