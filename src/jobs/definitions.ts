// What each job does for one slot: read the facts as of the slot's instant,
// ask the rules module for the ledger drafts, and say which messages go out.
// No rule maths here, and no wall clock: `slot.at` is "now".
// The runner (run.ts) stores the drafts and the messages in one transaction
// together with the job's claim.
import { inChunks } from '../infra/db/chunks.ts';
import type { Core } from '../services/core.ts';
import type { Outgoing } from '../services/outbox.ts';
import { tr } from '../i18n.ts';
import {
  activeRule, addDays, buildStatement, isMeetingDay, computeCommission, computeLevel, evaluateAttendance, evaluateDayLog, evaluateQuotaWeek,
  evaluateRegistrations, evaluateSummaries, evaluateVisits, fineOf, formatFen, isOnLeave, isoWeekKey, meetingSession,
  monthRange, projectDeadlines, startOfDay, summaryDue, weekRange, zonedInstant,
  type LedgerDraft, type LedgerEntry, type Leave, type Tier,
} from '../rules/index.ts';
import { periodOfDueKey } from '../services/summaries.ts';
import { projectButtons } from '../services/projects.ts';
import { checkInsAsOf, dayFactsAsOf, escalationTargets, leavesAsOf, people, summariesAsOf, type Person } from './facts.ts';
import { hasWeeklyQuota, type JobName, type Slot } from './planner.ts';
import { checkinButton, escalationLabel, jobKey } from './text.ts';
import { monthlyBulletinData, monthlyBulletinText, weeklyBulletinData, weeklyBulletinText } from './bulletin.ts';

export type JobOutput = {
  drafts: LedgerDraft[];
  messages: Outgoing[];
  /** One line for the JobRun record and the CLI. */
  detail: string;
};

export type JobFn = (core: Core, slot: Slot) => Promise<JobOutput>;

const none = (detail: string): JobOutput => ({ drafts: [], messages: [], detail });

function onLeaveAt(core: Core, leaves: readonly Leave[], p: Person, day: string, time: string): boolean {
  return isOnLeave(leaves, p.id, day, time, undefined, { halfDaySplit: core.policy.schedule.leave.halfDaySplit });
}

/** Managers who owe something at `day time`, minus those on approved leave then and those already done. */
async function remindees(core: Core, slot: Slot, time: string, done: Set<number>): Promise<Person[]> {
  const managers = await people(core, 'manager', startOfDay(slot.day, core.team.timezone));
  const todo = managers.filter((m) => !done.has(m.id));
  const leaves = await leavesAsOf(core, todo.map((m) => m.id), slot.day, slot.day, slot.at);
  return todo.filter((m) => !onLeaveAt(core, leaves, m, slot.day, time));
}

const dm = (job: JobName, slot: Slot, p: Person, text: string, buttons?: Outgoing['message']['buttons'], extra?: string): Outgoing => ({
  dedupeKey: jobKey(job, slot.period, `member:${p.id}`, extra),
  target: `member:${p.id}`,
  message: { text, ...(buttons ? { buttons } : {}) },
});

// ---------------------------------------------------------------------------------------------------------
// MEET-1 / MEET-3

const meetingReminder: JobFn = async (core, slot) => {
  const m = core.policy.schedule.meeting;
  const sessionKey = `meeting:${slot.day}`;
  const checked = new Set((await checkInsAsOf(core, sessionKey, slot.at)).map((c) => c.memberId));
  const to = await remindees(core, slot, m.start, checked);
  const rule = activeRule(core.policy, 'MEET-3');
  const fine = rule ? formatFen(fineOf(rule, 'late')) : null;
  const messages = to.map((p) => dm('meeting-reminder', slot, p, [
    tr(p.locale, `⏰ ${p.name}，今天（${slot.day}）${m.start}–${m.end} 晨会，请在 ${m.start} 前签到（${m.checkInOpens} 起可签）。`, `⏰ ${p.name}, the morning meeting is today (${slot.day}) ${m.start}–${m.end}; check in by ${m.start} (open from ${m.checkInOpens}).`),
    ...(fine ? [tr(p.locale, `迟到或缺席罚 ${fine}（MEET-3）；请假须在 ${m.start} 前申请：/leave。`, `Late or absent: ${fine} (MEET-3); leave must be requested before ${m.start}: /leave.`)] : []),
    tr(p.locale, '点下方按钮或输入 /checkin 签到。', 'Tap the button below or type /checkin.'),
  ].join('\n'), [checkinButton(p.locale, sessionKey)]));
  return { drafts: [], messages, detail: `${messages.length} reminded, ${checked.size} already checked in` };
};

const meetingClose: JobFn = async (core, slot) => {
  const tz = core.team.timezone;
  const managers = await people(core, 'manager', startOfDay(slot.day, tz));
  const ids = managers.map((m) => m.id);
  const [checkIns, leaves] = await Promise.all([
    checkInsAsOf(core, `meeting:${slot.day}`, slot.at),
    leavesAsOf(core, ids, slot.day, slot.day, slot.at),
  ]);
  const drafts = evaluateAttendance(core.policy, core.calendar, { tz, day: slot.day, session: meetingSession(core.policy, slot.day), managers: ids, checkIns, leaves, now: slot.at });
  return { drafts, messages: [], detail: `${managers.length} managers, ${checkIns.length} check-ins, ${drafts.length} late/absent` };
};

// ---------------------------------------------------------------------------------------------------------
// DAY-1

const targetsReminder: JobFn = async (core, slot) => {
  const d = core.policy.schedule.dayLog;
  const { targets } = await dayFactsAsOf(core, slot.day, slot.at);
  const to = await remindees(core, slot, d.targetsReminder, new Set(targets.map((t) => t.memberId)));
  const messages = to.map((p) => dm('targets-reminder', slot, p, [
    tr(p.locale, `📝 ${p.name}，今天（${slot.day}）的工作目标还没填写，截止 ${d.targetsDue}（DAY-1）。`, `📝 ${p.name}, today's (${slot.day}) targets are not filed yet; due ${d.targetsDue} (DAY-1).`),
    tr(p.locale, '输入：/target 今日目标，例如 /target 拜访3户企业客户', 'Type: /target <today\'s targets>, e.g. /target visit 3 corporate customers'),
  ].join('\n')));
  return { drafts: [], messages, detail: `${messages.length} reminded` };
};

const logReminder: JobFn = async (core, slot) => {
  const d = core.policy.schedule.dayLog;
  const { logs } = await dayFactsAsOf(core, slot.day, slot.at);
  const to = await remindees(core, slot, d.logReminder, new Set(logs.map((t) => t.memberId)));
  const messages = to.map((p) => dm('log-reminder', slot, p, [
    tr(p.locale, `📓 ${p.name}，今天（${slot.day}）的工作日志还没写，截止 ${d.logDue}（DAY-1）。`, `📓 ${p.name}, today's (${slot.day}) day log is not written yet; due ${d.logDue} (DAY-1).`),
    tr(p.locale, '输入：/diary 工作：… 业绩：… 问题：…', 'Type: /diary work: … results: … problems: …'),
  ].join('\n')));
  return { drafts: [], messages, detail: `${messages.length} reminded` };
};

const daylogClose: JobFn = async (core, slot) => {
  const tz = core.team.timezone;
  const managers = await people(core, 'manager', startOfDay(slot.day, tz));
  const ids = managers.map((m) => m.id);
  const [facts, leaves] = await Promise.all([dayFactsAsOf(core, slot.day, slot.at), leavesAsOf(core, ids, slot.day, slot.day, slot.at)]);
  const drafts = evaluateDayLog(core.policy, core.calendar, { tz, day: slot.day, managers: ids, targets: facts.targets, logs: facts.logs, leaves, now: slot.at });
  // With `pendingAtClose: hold` the meeting close held back absences excused only by a pending leave;
  // each evening the last week's meetings are looked at again with the leaves' decisions as they are now.
  const held = core.policy.schedule.leave.pendingAtClose === 'hold' ? await heldAbsences(core, slot) : [];
  return { drafts: [...drafts, ...held], messages: [], detail: `${managers.length} managers, ${drafts.length} missing${held.length ? `, ${held.length} held absences decided` : ''}` };
};

async function heldAbsences(core: Core, slot: Slot): Promise<LedgerDraft[]> {
  const tz = core.team.timezone;
  const out: LedgerDraft[] = [];
  const days = Array.from({ length: 7 }, (_, i) => addDays(slot.day, -i));
  // Only meetings whose close has run: the close decides first, this only settles what it held.
  const closed = new Set((await core.db.jobRun.findMany({ where: { job: 'meeting-close', teamId: core.team.id, period: { in: days }, status: 'done' }, select: { period: true } })).map((r) => r.period));
  for (const day of days) {
    if (!closed.has(day) || !isMeetingDay(core.policy, core.calendar, day)) continue;
    const managers = await people(core, 'manager', startOfDay(day, tz));
    const ids = managers.map((m) => m.id);
    const [checkIns, leaves] = await Promise.all([checkInsAsOf(core, `meeting:${day}`, slot.at), leavesAsOf(core, ids, day, day, slot.at)]);
    out.push(...evaluateAttendance(core.policy, core.calendar, { tz, day, session: meetingSession(core.policy, day), managers: ids, checkIns, leaves, now: slot.at }));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// DAY-2 (the slot's period is the rules module's due week / month)

function summaryReminder(kind: 'week' | 'month'): JobFn {
  const job: JobName = kind === 'week' ? 'weekly-summary-reminder' : 'monthly-summary-reminder';
  return async (core, slot) => {
    const tz = core.team.timezone;
    const due = summaryDue(core.policy, core.calendar, tz, kind, slot.period);
    const dueTime = kind === 'week' ? core.policy.schedule.weeklySummary.dueTime : core.policy.schedule.monthlySummary.dueTime;
    const time = kind === 'week' ? core.policy.schedule.weeklySummary.reminderTime : core.policy.schedule.monthlySummary.reminderTime;
    const done = new Set((await summariesAsOf(core, kind, periodOfDueKey(kind, slot.period), slot.at)).map((f) => f.memberId));
    const to = await remindees(core, slot, time, done);
    const covered = periodOfDueKey(kind, slot.period);
    const messages = to.map((p) => dm(job, slot, p, [
      kind === 'week'
        ? tr(p.locale, `🗒 ${p.name}，请提交 ${covered} 周的工作总结与下周计划，截止 ${due.day} ${dueTime}（DAY-2）。`, `🗒 ${p.name}, your weekly summary and plan for ${covered} is due ${due.day} ${dueTime} (DAY-2).`)
        : tr(p.locale, `🗒 ${p.name}，请提交 ${covered} 月的工作总结与下月计划，截止 ${due.day} ${dueTime}（DAY-2）。`, `🗒 ${p.name}, your monthly summary and plan for ${covered} is due ${due.day} ${dueTime} (DAY-2).`),
      tr(p.locale, `输入：/summary ${kind}`, `Type: /summary ${kind}`),
    ].join('\n')));
    return { drafts: [], messages, detail: `${messages.length} reminded, ${done.size} already filed` };
  };
}

function summaryClose(kind: 'week' | 'month'): JobFn {
  return async (core, slot) => {
    const tz = core.team.timezone;
    const due = summaryDue(core.policy, core.calendar, tz, kind, slot.period);
    const managers = await people(core, 'manager', startOfDay(due.day, tz));
    const ids = managers.map((m) => m.id);
    const [submissions, leaves] = await Promise.all([
      summariesAsOf(core, kind, periodOfDueKey(kind, slot.period), slot.at),
      leavesAsOf(core, ids, due.day, due.day, slot.at),
    ]);
    const drafts = evaluateSummaries(core.policy, core.calendar, { tz, kind, period: slot.period, managers: ids, submissions, leaves, now: slot.at });
    return { drafts, messages: [], detail: `${managers.length} managers, ${drafts.length} late` };
  };
}

// ---------------------------------------------------------------------------------------------------------
// DAY-3: visits due soon → the owner; missed cycles → fines (once per customer per cycle, by source key)

/** Customers are read a page at a time, so that 400,000 of them never sit in memory at once. */
const VISIT_PAGE = 500;

const visits: JobFn = async (core, slot) => {
  const tz = core.team.timezone;
  const result: ReturnType<typeof evaluateVisits> = { drafts: [], dueSoon: [], overdue: [] };
  const names = new Map<number, string>();
  let total = 0;
  for (let cursor = 0; ; ) {
    const customers = await core.db.customer.findMany({
      where: { teamId: core.team.id, registeredAt: { lte: slot.at }, id: { gt: cursor } },
      select: { id: true, ownerId: true, tier: true, name: true, registeredAt: true },
      orderBy: { id: 'asc' },
      take: VISIT_PAGE,
    });
    if (customers.length === 0) break;
    cursor = customers[customers.length - 1].id;
    total += customers.length;
    const last = await core.db.visit.groupBy({ by: ['customerId'], where: { teamId: core.team.id, customerId: { in: customers.map((c) => c.id) }, visitedAt: { lte: slot.at } }, _max: { visitedAt: true } });
    const lastOf = new Map(last.map((r) => [r.customerId, r._max.visitedAt]));
    const page = evaluateVisits(core.policy, core.calendar, {
      tz, today: slot.day, now: slot.at,
      customers: customers.map((c) => ({ id: c.id, ownerId: c.ownerId, tier: c.tier as Tier, registeredAt: c.registeredAt, ...(lastOf.get(c.id) ? { lastVisitAt: lastOf.get(c.id)! } : {}) })),
    });
    result.drafts.push(...page.drafts);
    result.dueSoon.push(...page.dueSoon);
    result.overdue.push(...page.overdue);
    const byId = new Map(customers.map((c) => [c.id, c.name]));
    for (const d of page.dueSoon) names.set(d.customerId, byId.get(d.customerId)!);
    await new Promise((r) => setImmediate(r)); // let requests in between pages
  }
  if (total === 0) return none('no customers');
  const managers = await people(core, 'manager', slot.at);
  const owners = new Map(managers.map((m) => [m.id, m]));
  const leaves = await leavesAsOf(core, [...new Set(result.dueSoon.map((d) => d.ownerId))], slot.day, slot.day, slot.at);
  const byOwner = new Map<number, typeof result.dueSoon>();
  for (const d of result.dueSoon) byOwner.set(d.ownerId, [...(byOwner.get(d.ownerId) ?? []), d]);
  const messages: Outgoing[] = [];
  for (const [ownerId, due] of byOwner) {
    const p = owners.get(ownerId);
    if (!p || onLeaveAt(core, leaves, p, slot.day, localTimeOf(slot, tz))) continue;
    const lines = due.sort((a, b) => (a.dueDay < b.dueDay ? -1 : a.dueDay > b.dueDay ? 1 : a.customerId - b.customerId)).map((d) => {
      const left = d.daysLeft === 0 ? tr(p.locale, '今天到期', 'due today') : tr(p.locale, `还剩 ${d.daysLeft} 天`, `${d.daysLeft} day(s) left`);
      return tr(p.locale, `- ${names.get(d.customerId)}（${d.tier} 类）：${d.dueDay} 前回访，${left}`, `- ${names.get(d.customerId)} (tier ${d.tier}): visit by ${d.dueDay}, ${left}`);
    });
    const fine = activeRule(core.policy, 'DAY-3') ? formatFen(fineOf(activeRule(core.policy, 'DAY-3')!)) : null;
    messages.push(dm('visits', slot, p, [
      tr(p.locale, `🚗 ${p.name}，以下客户需要按维护频次回访（DAY-3${fine ? `，逾期每户罚 ${fine}` : ''}）：`, `🚗 ${p.name}, these customers are due for a revisit (DAY-3${fine ? `; overdue: ${fine} each` : ''}):`),
      ...lines,
      tr(p.locale, '回访后输入：/visit 客户名 情况', 'After the visit type: /visit <customer> <notes>'),
    ].join('\n')));
  }
  return { drafts: result.drafts, messages, detail: `${total} customers, ${result.dueSoon.length} due soon, ${result.overdue.length} overdue` };
};

function localTimeOf(slot: Slot, tz: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(slot.at);
}

// ---------------------------------------------------------------------------------------------------------
// DAY-4

const registrations: JobFn = async (core, slot) => {
  const rows = await core.db.pendingRegistration.findMany({ where: { teamId: core.team.id, firstSeenAt: { lte: slot.at } }, orderBy: { id: 'asc' } });
  const pending = rows.map((r) => ({
    memberId: r.memberId, name: r.name, firstSeenAt: r.firstSeenAt, key: `pending:${r.id}`,
    ...(r.registeredAt && r.registeredAt.getTime() <= slot.at.getTime() ? { registeredAt: r.registeredAt } : {}),
  }));
  const drafts = evaluateRegistrations(core.policy, core.calendar, { tz: core.team.timezone, pending, now: slot.at });
  return { drafts, messages: [], detail: `${rows.length} pending registrations, ${drafts.length} overdue` };
};

// ---------------------------------------------------------------------------------------------------------
// PRJ: reminder to the admins on working day N; past the deadline, escalation (once per application)

const projects: JobFn = async (core, slot) => {
  const tz = core.team.timezone;
  const rows = await core.db.projectApplication.findMany({ where: { teamId: core.team.id, submittedAt: { lte: slot.at } }, orderBy: { id: 'asc' } });
  const open = rows.filter((r) => !(r.answeredAt && r.answeredAt.getTime() <= slot.at.getTime()));
  if (open.length === 0) return none('no open applications');
  const [admins, escalateTo, members] = await Promise.all([
    people(core, 'admin', slot.at),
    escalationTargets(core, slot.at),
    inChunks(open.map((r) => r.memberId), (ids) => core.db.member.findMany({ where: { teamId: core.team.id, id: { in: ids } }, select: { id: true, name: true } })),
  ]);
  const applicant = new Map(members.map((m) => [m.id, m.name]));
  const days = core.policy.schedule.projects.answerWorkdays;
  const messages: Outgoing[] = [];
  let reminded = 0, escalated = 0;
  for (const p of open) {
    const dl = projectDeadlines(core.policy, core.calendar, tz, p.submittedDay);
    const who = applicant.get(p.memberId) ?? `#${p.memberId}`;
    if (dl.reminderDay === slot.day && slot.at.getTime() < dl.dueAt.getTime()) {
      reminded++;
      for (const a of admins) {
        messages.push({
          dedupeKey: jobKey('projects', slot.period, `member:${a.id}`, `p${p.id}:remind`),
          target: `member:${a.id}`,
          message: {
            text: [
              tr(a.locale, `📁 ${a.name}，立项申请 #${p.id} 待答复：${who} —「${p.customerName}」（${p.submittedDay} 提交）。`, `📁 ${a.name}, project application #${p.id} awaits an answer: ${who} — "${p.customerName}" (applied ${p.submittedDay}).`),
              tr(a.locale, `须在 ${dl.dueDay} 当天结束前答复（${days} 个工作日，PRJ-1..4）。点按钮或输入 /project approve ${p.id}`, `Answer by the end of ${dl.dueDay} (${days} working days, PRJ-1..4). Tap a button or type /project approve ${p.id}`),
            ].join('\n'),
            buttons: projectButtons(p.id),
          },
        });
      }
    }
    if (slot.at.getTime() >= dl.dueAt.getTime()) {
      escalated++;
      for (const d of escalateTo) {
        messages.push({
          // Once per application and recipient, whichever day first finds it overdue.
          dedupeKey: `job:projects:escalate:p${p.id}:member:${d.id}`,
          target: `member:${d.id}`,
          message: {
            text: [
              tr(d.locale, `⚠️ ${d.name}，立项申请 #${p.id} 逾期未答复：${who} —「${p.customerName}」，${p.submittedDay} 提交，答复期限 ${dl.dueDay}（${days} 个工作日）已过。`, `⚠️ ${d.name}, project application #${p.id} is overdue: ${who} — "${p.customerName}", applied ${p.submittedDay}, the answer was due by ${dl.dueDay} (${days} working days).`),
              tr(d.locale, `请督促答复：/project approve ${p.id} 或 /project reject ${p.id} <理由>`, `Please see that it is answered: /project approve ${p.id} or /project reject ${p.id} <reason>`),
            ].join('\n'),
          },
        });
      }
    }
  }
  return { drafts: [], messages, detail: `${open.length} open, ${reminded} reminders, ${escalated} overdue` };
};

// ---------------------------------------------------------------------------------------------------------
// TRN-1 / TRN-2

const trainingReminder: JobFn = async (core, slot) => {
  const t = slot.training!;
  const sessionKey = `training:${t.id}`;
  const checked = new Set((await checkInsAsOf(core, sessionKey, slot.at)).map((c) => c.memberId));
  const to = await remindees(core, slot, t.startTime, checked);
  const messages = to.map((p) => dm('training-reminder', slot, p, [
    tr(p.locale, `🎓 ${p.name}，培训「${t.title}」今天（${t.day}）${t.startTime}–${t.endTime}，请在 ${t.startTime} 前签到。`, `🎓 ${p.name}, training "${t.title}" is today (${t.day}) ${t.startTime}–${t.endTime}; check in by ${t.startTime}.`),
    tr(p.locale, '无故缺勤罚 ¥100（TRN-1），迟到罚 ¥50（TRN-2）。点下方按钮或输入 /checkin 签到。', 'Missing it without reason: ¥100 (TRN-1); late: ¥50 (TRN-2). Tap the button or type /checkin.'),
  ].join('\n'), [checkinButton(p.locale, sessionKey)]));
  return { drafts: [], messages, detail: `${messages.length} reminded` };
};

const trainingClose: JobFn = async (core, slot) => {
  const t = slot.training!;
  const tz = core.team.timezone;
  const managers = await people(core, 'manager', zonedInstant(t.day, t.startTime, tz));
  const ids = managers.map((m) => m.id);
  const [checkIns, leaves] = await Promise.all([checkInsAsOf(core, `training:${t.id}`, slot.at), leavesAsOf(core, ids, t.day, t.day, slot.at)]);
  const drafts = evaluateAttendance(core.policy, core.calendar, {
    tz, day: t.day, session: { kind: 'training', id: String(t.id), start: t.startTime, end: t.endTime }, managers: ids, checkIns, leaves, now: slot.at,
  });
  return { drafts, messages: [], detail: `${managers.length} managers, ${checkIns.length} check-ins, ${drafts.length} late/absent` };
};

// ---------------------------------------------------------------------------------------------------------
// PERF-2 / PERF-3 / PAY-1

const weeklyBulletin: JobFn = async (core, slot) => {
  const managers = await people(core, 'manager', slot.at);
  const b = await weeklyBulletinData(core.db, core.team.id, slot.period, managers);
  const parts = weeklyBulletinText(b, core.defaultLocale);
  const messages = parts.map((text, i): Outgoing => ({ dedupeKey: jobKey('weekly-bulletin', slot.period, 'channel', `part${i + 1}`), target: 'channel', message: { text } }));
  return { drafts: [], messages, detail: `${b.rows.length} managers, ${parts.length} message(s)` };
};

const monthlyBulletin: JobFn = async (core, slot) => {
  const month = slot.period;
  const { start, end } = monthRange(month);
  const managers = await people(core, 'manager', slot.at);
  const b = await monthlyBulletinData(core.db, core.team.id, month, managers, core.policy.schedule.monthlyBulletin.topPerformers);
  const messages: Outgoing[] = monthlyBulletinText(b, core.defaultLocale).map((text, i) => ({
    dedupeKey: jobKey('monthly-bulletin', month, 'channel', `part${i + 1}`), target: 'channel', message: { text },
  }));

  // PAY-1 statements: level (PAY-2) and commission (PAY-3) from the month's balances, fines from the ledger.
  const ids = managers.map((m) => m.id);
  const monthEnd = zonedInstant(addDays(end, 1), '00:00', core.team.timezone);
  const [customers, balances, ledger] = await Promise.all([
    inChunks(ids, (chunk) => core.db.customer.findMany({ where: { teamId: core.team.id, ownerId: { in: chunk }, registeredAt: { lt: monthEnd } }, select: { id: true, ownerId: true } })),
    core.db.customerBalance.findMany({ where: { teamId: core.team.id, month }, select: { customerId: true, balanceFen: true } }),
    inChunks(ids, (chunk) => core.db.ledgerEntry.findMany({ where: { teamId: core.team.id, memberId: { in: chunk }, day: { gte: start, lte: end } }, orderBy: { id: 'asc' } })),
  ]);
  const balanceOf = new Map(balances.map((b) => [b.customerId, b.balanceFen]));
  const earlier = balances.length
    ? await inChunks([...balanceOf.keys()], (chunk) => core.db.customerBalance.groupBy({ by: ['customerId'], where: { teamId: core.team.id, month: { lt: month }, customerId: { in: chunk } }, _max: { balanceFen: true } }))
    : [];
  const earlierMax = new Map(earlier.map((r) => [r.customerId, r._max.balanceFen]));
  const entries: LedgerEntry[] = ledger.map((e) => ({
    id: e.id, memberId: e.memberId, ruleId: e.ruleId, ...(e.variant ? { variant: e.variant } : {}), kind: e.kind as LedgerEntry['kind'],
    amountFen: e.amountFen, points: e.points, occurredAt: e.occurredAt, day: e.day, sourceKey: e.sourceKey, detail: e.detail,
    reversesId: e.reversesId, recordedBy: e.recordedBy, createdAt: e.createdAt,
  }));
  for (const p of managers) {
    const mine = customers.filter((c) => c.ownerId === p.id);
    let total = 0n;
    const commissions: { customerId: number; fen: bigint }[] = [];
    for (const c of mine) {
      const bal = balanceOf.get(c.id);
      if (bal === undefined) continue;
      total += bal;
      const prev = earlierMax.get(c.id);
      commissions.push({ customerId: c.id, fen: computeCommission(core.policy, { customerId: c.id, month, balanceFen: bal, earlierMonthlyBalancesFen: prev == null ? [] : [prev] }) });
    }
    const level = computeLevel(core.policy, { customerCount: mine.length, totalBalanceFen: total });
    const st = buildStatement(core.policy, { memberId: p.id, month, level, commissions, otherFen: 0n, ledger: entries });
    const l = p.locale;
    const fineLines = st.fines.map((f) => `  - ${f.day} ${f.ruleId}${f.variant ? `(${f.variant})` : ''} ${formatFen(f.netFen)}${f.waivedFen ? tr(l, `（已减免 ${formatFen(f.waivedFen)}）`, ` (waived ${formatFen(f.waivedFen)})`) : ''}`);
    messages.push({
      dedupeKey: jobKey('monthly-bulletin', month, `member:${p.id}`, 'statement'),
      target: `member:${p.id}`,
      message: { text: [
        tr(l, `💰 ${p.name}，${month} 月薪酬明细（PAY-1，仅你本人可见）：`, `💰 ${p.name}, your pay statement for ${month} (PAY-1, private):`),
        tr(l, `等级：${st.level === null ? '未定级' : `${st.level} 级`}（客户 ${mine.length} 户，余额 ${formatFen(total)}）`, `Level: ${st.level === null ? 'none' : st.level} (${mine.length} customers, balance ${formatFen(total)})`),
        tr(l, `底薪：${formatFen(st.baseFen)}`, `Base: ${formatFen(st.baseFen)}`),
        tr(l, `提成：${formatFen(st.commissionFen)}`, `Commission: ${formatFen(st.commissionFen)}`),
        tr(l, `其他：${formatFen(st.otherFen)}`, `Other: ${formatFen(st.otherFen)}`),
        tr(l, `罚款：${formatFen(st.finesFen)}（${st.fines.length} 笔${st.deductFines ? '，已扣除' : '，不从薪酬扣除'}）`, `Fines: ${formatFen(st.finesFen)} (${st.fines.length} entries${st.deductFines ? ', deducted' : ', not deducted'})`),
        ...fineLines,
        tr(l, `合计：${formatFen(st.netFen)}`, `Net: ${formatFen(st.netFen)}`),
        tr(l, `明细：/fines ${month}`, `Details: /fines ${month}`),
      ].join('\n') },
    });
  }
  return { drafts: [], messages, detail: `${managers.length} managers, top ${b.top.length}, ${managers.length} statements` };
};

// ---------------------------------------------------------------------------------------------------------
// QUOTA-W: the week's counts against the weekly quotas; N short weeks in a row → escalation flag

const quotaWeekClose: JobFn = async (core, slot) => {
  if (!hasWeeklyQuota(core.policy)) return none('no weekly quota in the policy');
  const week = slot.period;
  const tz = core.team.timezone;
  const streakLen = Math.max(1, ...core.policy.rules.filter((r) => r.enabled && r.quota?.streak).map((r) => r.quota!.streak!.periods));
  const weeks: string[] = [];
  for (let i = 0; i < streakLen; i++) weeks.push(isoWeekKey(addDays(weekRange(week).start, -7 * i)));
  const from = weekRange(weeks[weeks.length - 1]).start;
  const to = weekRange(week).end;
  const managers = await people(core, 'manager', slot.at);
  const rows = await core.db.quotaEntry.groupBy({
    by: ['memberId', 'metric', 'day'],
    where: { teamId: core.team.id, day: { gte: from, lte: to }, createdAt: { lte: slot.at } },
    _sum: { count: true },
  });
  const counts = new Map<string, Record<string, number>>(); // `${member}|${week}` → metric → n
  for (const r of rows) {
    const k = `${r.memberId}|${isoWeekKey(r.day)}`;
    const c = counts.get(k) ?? {};
    c[r.metric] = (c[r.metric] ?? 0) + (r._sum.count ?? 0);
    counts.set(k, c);
  }
  const joined = await inChunks(managers.map((m) => m.id), (ids) => core.db.member.findMany({ where: { id: { in: ids } }, select: { id: true, createdAt: true } }));
  const joinedAt = new Map(joined.map((m) => [m.id, m.createdAt]));
  // A streak only counts weeks this job closed (the quota policy was active then).
  const closed = new Set((await core.db.jobRun.findMany({ where: { job: 'quota-week-close', teamId: core.team.id, period: { in: weeks.slice(1) }, status: 'done' }, select: { period: true } })).map((r) => r.period));
  const drafts: LedgerDraft[] = [];
  for (const m of managers) {
    // Short weeks in a row before this one, per rule, as the rules module judges each earlier week.
    const previous: Record<string, number> = {};
    const stillCounting = new Set(core.policy.rules.filter((r) => r.quota?.streak).map((r) => r.id));
    for (let i = 1; i < weeks.length && stillCounting.size; i++) {
      const w = weeks[i];
      if (!closed.has(w)) break;
      if (zonedInstant(addDays(weekRange(w).end, 1), '00:00', tz).getTime() < (joinedAt.get(m.id)?.getTime() ?? 0)) break; // not in that close
      const r = evaluateQuotaWeek(core.policy, { week: w, memberId: m.id, counts: counts.get(`${m.id}|${w}`) ?? {}, previousShortWeeks: 0, tz });
      for (const id of [...stillCounting]) {
        if (r.short.includes(id)) previous[id] = (previous[id] ?? 0) + 1;
        else stillCounting.delete(id);
      }
    }
    drafts.push(...evaluateQuotaWeek(core.policy, { week, memberId: m.id, counts: counts.get(`${m.id}|${week}`) ?? {}, previousShortWeeks: previous, tz }).drafts);
  }
  return { drafts, messages: [], detail: `${managers.length} managers, ${drafts.length} entries` };
};

// ---------------------------------------------------------------------------------------------------------
// Next year's holidays

const calendarWarning: JobFn = async (core, slot) => {
  const year = +slot.day.slice(0, 4);
  const next = `${year + 1}-01-01`;
  // Covered when the library knows the year, the policy declares data through it, or admins / the policy
  // already entered some of its holidays (the library's coverage does not grow with overrides).
  const nextYear = String(year + 1);
  const declared = core.policy.calendar.dataThrough ?? '';
  const entered = core.policy.calendar.holidays.some((d) => d.startsWith(nextYear))
    || (await core.db.calendarOverride.count({ where: { teamId: core.team.id, kind: 'holiday', day: { gte: `${nextYear}-01-01`, lte: `${nextYear}-12-31` } } })) > 0;
  if (core.calendar.covers(next) || declared >= next || entered) return none(`holiday data covers ${year + 1}`);
  const admins = await people(core, 'admin', slot.at);
  const ends = core.calendar.dataEndsOn();
  const messages = admins.map((a) => dm('calendar-warning', slot, a, [
    tr(a.locale, `📅 ${a.name}，节假日数据只到 ${ends}，还没有 ${year + 1} 年的法定节假日和调休安排。`, `📅 ${a.name}, the holiday data ends on ${ends}; there is no ${year + 1} schedule of statutory holidays and make-up working days yet.`),
    tr(a.locale, `没有这些数据，${year + 1} 年的每个工作日机器人都不敢确定是否上班：届时不发提醒、不记罚款，并每天请你确认。国务院公布安排后，请逐日添加：/cm holiday <日期>，例如 /cm holiday ${next}；上班日（含调休）用 /cm workday <日期>。`, `Without it, the bot cannot tell which ${year + 1} weekdays are working days: on those days it sends no reminders, records no fines and asks you each day. Once the State Council publishes the schedule, add each day: /cm holiday <date>, e.g. /cm holiday ${next}; working days (make-up days too): /cm workday <date>.`),
  ].join('\n')));
  return { drafts: [], messages, detail: `no ${year + 1} data, ${messages.length} admin(s) told` };
};

/** A weekday the holiday data does not cover: ask the admins, once, what the day is. */
const calendarGap: JobFn = async (core, slot) => {
  if (core.calendar.isKnown(slot.day)) return none(`${slot.day} is known now`);
  const admins = await people(core, 'admin', slot.at);
  const directors = admins.length ? [] : await people(core, 'director', slot.at);
  const messages = [...admins, ...directors].map((a) => dm('calendar-gap', slot, a, [
    tr(a.locale, `📅 ${a.name}，今天 ${slot.day} 不在节假日数据内（数据只到 ${core.calendar.dataEndsOn()}），机器人不知道今天是否上班。`, `📅 ${a.name}, today (${slot.day}) is beyond the holiday data (which ends on ${core.calendar.dataEndsOn()}), so the bot does not know whether it is a working day.`),
    tr(a.locale, `为免在法定假日误发提醒、误记罚款，今天暂不提醒、不记罚款。请确认：`, `So as not to remind or fine anyone on a statutory holiday, it sends no reminders and records no fines today. Please say which it is:`),
    tr(a.locale, `  上班：/cm workday ${slot.day}（随后按规则补记今天的截止事项）`, `  working day: /cm workday ${slot.day} (today's deadlines are then applied)`),
    tr(a.locale, `  放假：/cm holiday ${slot.day}`, `  holiday: /cm holiday ${slot.day}`),
  ].join('\n')));
  return { drafts: [], messages, detail: `${slot.day} not covered; ${messages.length} admin(s) asked` };
};

export const JOBS: Record<JobName, JobFn> = {
  'meeting-reminder': meetingReminder,
  'meeting-close': meetingClose,
  'targets-reminder': targetsReminder,
  'log-reminder': logReminder,
  'daylog-close': daylogClose,
  'weekly-summary-reminder': summaryReminder('week'),
  'weekly-summary-close': summaryClose('week'),
  'monthly-summary-reminder': summaryReminder('month'),
  'monthly-summary-close': summaryClose('month'),
  visits,
  registrations,
  projects,
  'training-reminder': trainingReminder,
  'training-close': trainingClose,
  'weekly-bulletin': weeklyBulletin,
  'monthly-bulletin': monthlyBulletin,
  'quota-week-close': quotaWeekClose,
  'calendar-warning': calendarWarning,
  'calendar-gap': calendarGap,
};

export { escalationLabel };
