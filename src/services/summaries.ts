// DAY-2: the weekly and monthly summary & plan.
//
// Which period a summary is stored under (Summary.period):
// - kind 'week': the ISO week being SUMMARISED. The summary due Monday 12:00 of week W summarises the
//   previous week, so it is stored as period W−1 (e.g. due Mon 2026-11-23 → period 2026-W47).
// - kind 'month': the month being SUMMARISED. The summary due on the 3rd of month M is stored as M−1
//   (due 2026-12-03 → period 2026-11).
// The rules module (summaryDue / evaluateSummaries / summaryKey) keys a summary by its DUE week or month
// instead; `dueKeyOf` maps ours to theirs and `summaryFacts` hands the clock the submissions for a due
// key, so DAY-2 fines are computed by the rules module alone.
//
// A summary can be written and edited until its deadline; after that it is refused. Typing /summary week
// without a period writes the most recent week whose deadline has not passed: before Monday noon that is
// last week, afterwards the current week (due next Monday).
import type { Core } from './core.ts';
import type { Actor } from '../chat/types.ts';
import { msg, tr, type Locale } from '../i18n.ts';
import { UserError } from './errors.ts';
import { once } from './requests.ts';
import {
  addDays, isMonthKey, isWeekKey, isoWeekKey, localDay, monthKey, monthRange, summaryDue, weekRange,
  type Fact, type SummaryKind,
} from '../rules/index.ts';

export type { SummaryKind };
export const MAX_SUMMARY = 3000;

/** The rules module's key (the week or month the summary is DUE in) for a summarised period. */
export function dueKeyOf(kind: SummaryKind, period: string): string {
  return kind === 'week' ? isoWeekKey(addDays(weekRange(period).end, 1)) : monthKey(addDays(monthRange(period).end, 1));
}

/** The summarised period for a rules-module due key (inverse of dueKeyOf). */
export function periodOfDueKey(kind: SummaryKind, dueKey: string): string {
  return kind === 'week' ? isoWeekKey(addDays(weekRange(dueKey).start, -1)) : monthKey(addDays(monthRange(dueKey).start, -1));
}

export function isPeriod(kind: SummaryKind, period: string): boolean {
  return kind === 'week' ? isWeekKey(period) : isMonthKey(period);
}

/** When the summary of `period` is due (from core.policy.schedule.weeklySummary / monthlySummary). */
export function dueOf(core: Core, kind: SummaryKind, period: string): { day: string; at: Date } {
  return summaryDue(core.policy, core.calendar, core.team.timezone, kind, dueKeyOf(kind, period));
}

/** The period `/summary week|month` writes at `now`: the last one still open, else the current one. */
export function currentPeriod(core: Core, kind: SummaryKind, now: Date): string {
  const today = localDay(now, core.team.timezone);
  const current = kind === 'week' ? isoWeekKey(today) : monthKey(today);
  const previous = kind === 'week' ? isoWeekKey(addDays(today, -7)) : monthKey(addDays(monthRange(current).start, -1));
  return now.getTime() <= dueOf(core, kind, previous).at.getTime() ? previous : current;
}

export function periodLabel(kind: SummaryKind, period: string, l: Locale): string {
  if (kind === 'month') return tr(l, `${period} 月`, period);
  const { start, end } = weekRange(period);
  return tr(l, `${period}（${start.slice(5)} 至 ${end.slice(5)}）`, `${period} (${start.slice(5)} to ${end.slice(5)})`);
}

export const kindName = (kind: SummaryKind, l: Locale) => (kind === 'week' ? tr(l, '周总结与计划', 'weekly summary & plan') : tr(l, '月总结与计划', 'monthly summary & plan'));

/** Inline text: what comes before `计划：` / `下周计划：` / `plan:` is the summary, the rest the plan. */
export function parseSummaryText(text: string): { content: string; plan: string } {
  const t = text.trim().replace(/^(?:总结|summary)\s*[:：]\s*/i, '');
  const m = /(下周计划|下月计划|本周计划|本月计划|工作计划|计划|plan)\s*[:：]/i.exec(t);
  if (!m) return { content: t, plan: '' };
  return { content: t.slice(0, m.index).trim().replace(/[；;，,。]\s*$/, ''), plan: t.slice(m.index + m[0].length).trim() };
}

export type SummaryRow = { id: number; memberId: number; kind: string; period: string; content: string; plan: string; createdAt: Date; updatedAt: Date };

export async function getSummary(core: Core, memberId: number, kind: SummaryKind, period: string): Promise<SummaryRow | null> {
  return core.db.summary.findUnique({ where: { memberId_kind_period: { memberId, kind, period } } });
}

export type WriteResult = { period: string; due: { day: string; at: Date }; updated: boolean };

export async function writeSummary(
  core: Core, actor: Actor, kind: SummaryKind, input: { content: string; plan?: string; period?: string }, now: Date, requestKey?: string,
): Promise<WriteResult> {
  const content = input.content.trim();
  const plan = (input.plan ?? '').trim();
  const example = kind === 'week' ? '/summary week 本周完成：拜访8户，新增存款120万 下周计划：拜访10户' : '/summary month 本月完成：新增存款500万 下月计划：新增存款600万';
  if (!content) throw new UserError(msg(`请写上总结内容，例如 ${example}`, `Write the summary, e.g. ${example}`));
  if (content.length > MAX_SUMMARY || plan.length > MAX_SUMMARY) {
    throw new UserError(msg(`总结或计划太长（每部分上限 ${MAX_SUMMARY} 字），请精简。`, `The summary or the plan is too long (limit ${MAX_SUMMARY} characters each).`));
  }
  const period = input.period ?? currentPeriod(core, kind, now);
  if (!isPeriod(kind, period)) {
    throw new UserError(msg(`期间「${period}」格式不对：周写 2026-W47，月写 2026-11。`, `The period "${period}" is not valid: a week is 2026-W47, a month 2026-11.`));
  }
  const today = localDay(now, core.team.timezone);
  const current = kind === 'week' ? isoWeekKey(today) : monthKey(today);
  if (period > current) {
    throw new UserError(msg(`${periodLabel(kind, period, 'zh-CN')} 还没开始，不能提前写总结。`, `${periodLabel(kind, period, 'en')} has not started yet.`));
  }
  const due = dueOf(core, kind, period);
  if (now.getTime() > due.at.getTime()) {
    throw new UserError(msg(
      `${periodLabel(kind, period, 'zh-CN')} 的${kindName(kind, 'zh-CN')}已于 ${due.day} ${dueTime(core, kind)} 截止，不能再提交或修改。`,
      `The ${kindName(kind, 'en')} for ${periodLabel(kind, period, 'en')} closed at ${due.day} ${dueTime(core, kind)}; it can no longer be filed or edited.`,
    ));
  }
  const me = actor.member;
  return once(core, requestKey && `summary:${requestKey}`, async (tx) => {
    const where = { memberId_kind_period: { memberId: me.id, kind, period } };
    const before = await tx.summary.findUnique({ where });
    await tx.summary.upsert({
      where,
      create: { teamId: core.team.id, memberId: me.id, kind, period, content, plan, createdAt: now, updatedAt: now },
      update: { content, plan, updatedAt: now },
    });
    return { period, due, updated: !!before };
  });
}

export function dueTime(core: Core, kind: SummaryKind): string {
  return kind === 'week' ? core.policy.schedule.weeklySummary.dueTime : core.policy.schedule.monthlySummary.dueTime;
}

/**
 * For the clock's DAY-2 deadline: the team's submissions for the summary DUE in `dueKey` (the rules
 * module's period), as facts at their first submission, ready for evaluateSummaries.
 */
export async function summaryFacts(core: Core, kind: SummaryKind, dueKey: string): Promise<Fact[]> {
  const rows = await core.db.summary.findMany({ where: { teamId: core.team.id, kind, period: periodOfDueKey(kind, dueKey) }, select: { memberId: true, createdAt: true } });
  return rows.map((r) => ({ memberId: r.memberId, at: r.createdAt }));
}
