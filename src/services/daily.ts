// DAY-1 / MEET-5: today's targets (posted to the team channel, as at the
// morning meeting) and the day log (work done, results, problems).
import type { Core } from './core.ts';
import type { Actor } from '../chat/types.ts';
import { msg, tr } from '../i18n.ts';
import { UserError } from './errors.ts';
import { enqueue } from './outbox.ts';
import { once } from './requests.ts';
import { localDay, zonedInstant, addDays } from '../rules/index.ts';


export const MAX_TEXT = 2000;

function checkText(text: string, what: { zh: string; en: string }, example: string): string {
  const t = text.trim();
  if (!t) throw new UserError(msg(`${what.zh}不能为空。例如：${example}`, `${what.en} cannot be empty. Example: ${example}`));
  if (t.length > MAX_TEXT) {
    throw new UserError(msg(`${what.zh}太长了（${t.length} 字，上限 ${MAX_TEXT} 字）。请精简后再发。`, `${what.en} is too long (${t.length} characters, limit ${MAX_TEXT}).`));
  }
  return t;
}

export type TargetResult = { day: string; updated: boolean; late: boolean; dueAt: Date };

export async function setTarget(core: Core, actor: Actor, text: string, now: Date, requestKey?: string): Promise<TargetResult> {
  const body = checkText(text, { zh: '今日目标', en: "Today's targets" }, '/target 拜访3户企业客户，新增存款50万');
  const tz = core.team.timezone;
  const day = localDay(now, tz);
  const dueAt = zonedInstant(day, core.policy.schedule.dayLog.targetsDue, tz);
  const member = actor.member;
  return once(core, requestKey && `target:${requestKey}`, async (tx) => {
    const before = await tx.dailyTarget.findUnique({ where: { memberId_day: { memberId: member.id, day } } });
    await tx.dailyTarget.upsert({
      where: { memberId_day: { memberId: member.id, day } },
      create: { teamId: core.team.id, memberId: member.id, day, text: body, createdAt: now, updatedAt: now },
      update: { text: body, updatedAt: now },
    });
    const header = before ? `📝 ${member.name} 更新了今日目标（${day}）` : `📌 ${member.name} 今日目标（${day}）`;
    await enqueue(tx, core.team.id, now, [
      { dedupeKey: `target:${member.id}:${day}:${now.getTime()}`, target: 'channel', message: { text: `${header}\n${body}` } },
    ]);
    return { day, updated: !!before, late: !before && core.calendar.isWorkday(day) && now.getTime() > dueAt.getTime(), dueAt };
  });
}

export type DiaryInput = { workDone: string; results?: string; problems?: string };

/** Inline diary text: plain text is the work done; 工作：/业绩：/问题： (or work:/results:/problems:) split it. */
export function parseDiaryText(text: string): DiaryInput {
  const parts: Record<'workDone' | 'results' | 'problems', string[]> = { workDone: [], results: [], problems: [] };
  let current: keyof typeof parts = 'workDone';
  const marker = /(工作|完成|work|业绩|成果|results?|问题|困难|problems?)\s*[:：]/gi;
  let last = 0;
  const t = text.trim();
  for (const m of t.matchAll(marker)) {
    const chunk = t.slice(last, m.index).trim();
    if (chunk) parts[current].push(chunk);
    const word = m[1].toLowerCase();
    current = /业绩|成果|result/.test(word) ? 'results' : /问题|困难|problem/.test(word) ? 'problems' : 'workDone';
    last = (m.index ?? 0) + m[0].length;
  }
  const tail = t.slice(last).trim();
  if (tail) parts[current].push(tail);
  const clean = (xs: string[]) => xs.join(' ').replace(/[；;，,]\s*$/, '').trim();
  return { workDone: clean(parts.workDone), results: clean(parts.results), problems: clean(parts.problems) };
}

export type DiaryResult = { day: string; updated: boolean };

export async function writeDiary(core: Core, actor: Actor, input: DiaryInput, now: Date, requestKey?: string): Promise<DiaryResult> {
  const workDone = checkText(input.workDone, { zh: '日志的「工作落实情况」', en: 'The "work done" part of the log' }, '/diary 工作：拜访3户 业绩：新增存款20万 问题：无');
  const results = (input.results ?? '').trim();
  const problems = (input.problems ?? '').trim();
  if (results.length > MAX_TEXT || problems.length > MAX_TEXT) {
    throw new UserError(msg(`日志的某一部分超过 ${MAX_TEXT} 字，请精简。`, `A part of the log is over ${MAX_TEXT} characters.`));
  }
  const day = localDay(now, core.team.timezone);
  const member = actor.member;
  return once(core, requestKey && `diary:${requestKey}`, async (tx) => {
    const before = await tx.dayLog.findUnique({ where: { memberId_day: { memberId: member.id, day } } });
    await tx.dayLog.upsert({
      where: { memberId_day: { memberId: member.id, day } },
      create: { teamId: core.team.id, memberId: member.id, day, workDone, results, problems, createdAt: now, updatedAt: now },
      update: { workDone, results, problems, updatedAt: now },
    });
    return { day, updated: !!before };
  });
}

export type DayStatus = {
  day: string;
  target: { text: string; at: Date } | null;
  log: { workDone: string; results: string; problems: string; at: Date } | null;
  checkIn: Date | null;
  targetsDue: Date;
  logDue: Date;
};

export async function dayStatus(core: Core, memberId: number, now: Date): Promise<DayStatus> {
  const tz = core.team.timezone;
  const day = localDay(now, tz);
  const [target, log, checkIn] = await Promise.all([
    core.db.dailyTarget.findUnique({ where: { memberId_day: { memberId, day } } }),
    core.db.dayLog.findUnique({ where: { memberId_day: { memberId, day } } }),
    core.db.checkIn.findUnique({ where: { memberId_sessionKey: { memberId, sessionKey: `meeting:${day}` } } }),
  ]);
  const times = core.policy.schedule.dayLog;
  return {
    day,
    target: target ? { text: target.text, at: target.updatedAt } : null,
    log: log ? { workDone: log.workDone, results: log.results, problems: log.problems, at: log.updatedAt } : null,
    checkIn: checkIn?.at ?? null,
    targetsDue: zonedInstant(day, times.targetsDue, tz),
    logDue: zonedInstant(day, times.logDue, tz),
  };
}

export type HistoryDay = { day: string; target: string | null; workDone: string | null; results: string | null; problems: string | null };

/** The member's own targets and logs for the last `days` days, newest first. */
export async function history(core: Core, memberId: number, now: Date, days = 14): Promise<HistoryDay[]> {
  const today = localDay(now, core.team.timezone);
  const from = addDays(today, -(days - 1));
  const [targets, logs] = await Promise.all([
    core.db.dailyTarget.findMany({ where: { memberId, day: { gte: from, lte: today } } }),
    core.db.dayLog.findMany({ where: { memberId, day: { gte: from, lte: today } } }),
  ]);
  const byDay = new Map<string, HistoryDay>();
  const get = (day: string) => byDay.get(day) ?? byDay.set(day, { day, target: null, workDone: null, results: null, problems: null }).get(day)!;
  for (const t of targets) get(t.day).target = t.text;
  for (const l of logs) Object.assign(get(l.day), { workDone: l.workDone, results: l.results, problems: l.problems });
  return [...byDay.values()].sort((a, b) => (a.day < b.day ? 1 : -1));
}

export function formatTime(d: Date, tz: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit', hour12: false }).format(d);
}

export function describeStatus(s: DayStatus, tz: string, locale: 'zh-CN' | 'en'): string {
  const yes = (d: Date) => tr(locale, `✅ 已完成（${formatTime(d, tz)}）`, `✅ done (${formatTime(d, tz)})`);
  const no = (due: Date) => tr(locale, `⬜ 未完成，截止 ${formatTime(due, tz)}`, `⬜ not yet, due ${formatTime(due, tz)}`);
  return [
    tr(locale, `📅 ${s.day} 今日状态`, `📅 Today, ${s.day}`),
    `${tr(locale, '今日目标', 'Targets')}: ${s.target ? yes(s.target.at) : no(s.targetsDue)}`,
    `${tr(locale, '工作日志', 'Day log')}: ${s.log ? yes(s.log.at) : no(s.logDue)}`,
    `${tr(locale, '晨会签到', 'Meeting check-in')}: ${s.checkIn ? yes(s.checkIn) : tr(locale, '⬜ 未签到', '⬜ not checked in')}`,
  ].join('\n');
}
