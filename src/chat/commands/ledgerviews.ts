// The ledger in chat: /report and /waive (admins), /fines, /points, /rank,
// and /cm home (the App Home's sections, for adapters without a Home tab).
import type { CommandResult, CommandSpec, Ctx } from '../types.ts';
import type { Group } from './group.ts';
import { msg, say, tr, type Locale } from '../../i18n.ts';
import { isAdmin, refusal } from '../dispatch.ts';
import { findMemberByRef, type MemberRow } from '../../services/members.ts';
import { reportViolation, waiveEntry, describeAmount, escalationName, ruleLines, ReportRefused } from '../../services/reports.ts';
import {
  memberLedger, teamTotals, fundBalance, ranking, currentMonth, currentQuarter, monthBounds, quarterBounds, checkMonth, isQuarterKey,
  type RankPeriod,
} from '../../services/ledger-read.ts';
import { homeSections } from '../../services/home.ts';
import { formatFen, formatWan, isMonthKey } from '../../rules/index.ts';

/** Long lists are cut here, with a note saying how many there are. */
export const LIST_LIMIT = 20;

function shown(l: Locale, total: number, limit = LIST_LIMIT): string {
  return total > limit ? tr(l, `\n…显示前 ${limit} 条，共 ${total} 条。`, `\n…showing the first ${limit} of ${total}.`) : '';
}

const MENTION = /^(<@[A-Z0-9]+(?:\|[^>]*)?>|@\S+)\s*/;

// ---------------------------------------------------------------------------------------------------------
// /report

type ReportArgs = { ruleId: string; variant?: string; memberRef: string; multiplier?: string; note?: string };

const REPORT_EXAMPLES = ['/report MEET-4 @张三 晨会接听私人电话', '/report OUT-3 @张三 外出营销期间办私事', '/report ETH-1:standard @张三 ×1.5 给我行带来不良影响', '/report TRN-2 @张三 培训提前离开'];

const report: CommandSpec<ReportArgs> = {
  name: 'report',
  adminOnly: true,
  summary: msg('上报违规（MEET-4、OUT-2/3、INT-2/6、TRN-2 早退、差错积分 ETH/BAS/CRD/SVC），按规则记罚款或扣分', 'Report a violation (MEET-4, OUT-2/3, INT-2/6, TRN-2 early leave, error points ETH/BAS/CRD/SVC); the policy gives the fine or points'),
  usage: ['/report <规则编号>[:情形] @成员 [×倍数] [备注]', ...REPORT_EXAMPLES],
  parse(text) {
    const t = text.trim();
    const m = /^([A-Za-z]+-\d+(?:\/\d+)?)(?::(\S+))?\s+(.*)$/s.exec(t);
    if (!m) {
      if (/^[A-Za-z]+-\d+(?::\S+)?$/.test(t)) return { ok: false, error: msg(`请用 @ 指明被记录的成员，例如 /report ${t} @张三`, `Name the member with an @-mention, e.g. /report ${t} @Zhang`) };
      return { ok: false, error: msg('请先写规则编号，再 @ 成员，例如 /report MEET-4 @张三 晨会接听私人电话', 'Write the rule ID, then @-mention the member, e.g. /report MEET-4 @Zhang took a call in the meeting') };
    }
    const [, ruleId, variant, rest] = m;
    const who = MENTION.exec(rest);
    if (!who) return { ok: false, error: msg(`请用 @ 指明被记录的成员，例如 /report ${ruleId.toUpperCase()} @张三`, `Name the member with an @-mention, e.g. /report ${ruleId.toUpperCase()} @Zhang`) };
    let tail = rest.slice(who[0].length);
    let multiplier: string | undefined;
    const mult = /^(?:[x*]\s*(\d+(?:\.\d+)?)|×\s*(\S+)|(\d+(?:\.\d+)?)\s*[x×倍])(?:\s+|$)/i.exec(tail);
    if (mult) {
      multiplier = mult[1] ?? mult[2] ?? mult[3];
      tail = tail.slice(mult[0].length);
    }
    const note = tail.trim();
    if (note.length > 500) return { ok: false, error: msg(`备注太长（${note.length} 字，上限 500 字）。`, `The note is too long (${note.length} characters, limit 500).`) };
    return { ok: true, args: { ruleId: ruleId.toUpperCase(), variant, memberRef: who[1], multiplier, note: note || undefined } };
  },
  async run(ctx, a) {
    const l = ctx.actor.locale;
    const member = await findMemberByRef(ctx.core, ctx.platform, a.memberRef);
    try {
      const r = await reportViolation(ctx.core, ctx.actor.member, { ruleId: a.ruleId, variant: a.variant, member, multiplier: a.multiplier, note: a.note }, ctx.now, ctx.requestKey);
      const { title } = ruleLines(ctx.core, r.main.ruleId, r.main.variant, l);
      const lines = [
        tr(l, `✅ 已记录 #${r.main.id}：${member.name} ${title}，${describeAmount(r.main, l)}${r.main.multiplier ? `（加重 ×${r.main.multiplier}）` : ''}。`,
          `✅ Recorded #${r.main.id}: ${member.name} ${title}, ${describeAmount(r.main, l)}${r.main.multiplier ? ` (aggravated ×${r.main.multiplier})` : ''}.`),
        tr(l, `已私信通知 ${member.name}。`, `${member.name} was told by DM.`),
      ];
      for (const e of r.escalations.filter((e) => e.id !== r.main.id)) {
        lines.push(tr(l, `⚠️ 已标记 ${escalationName(e.escalation, l)}（#${e.id}）。`, `⚠️ Flagged: ${escalationName(e.escalation, l)} (#${e.id}).`));
      }
      if (r.notified.length) lines.push(tr(l, `🚨 已通知：${r.notified.map((m) => m.name).join('、')}。`, `🚨 Notified: ${r.notified.map((m) => m.name).join(', ')}.`));
      lines.push(tr(l, `如需撤销：/waive ${r.main.id} <原因>`, `To undo: /waive ${r.main.id} <reason>`));
      return { text: lines.join('\n') };
    } catch (e) {
      if (!(e instanceof ReportRefused)) throw e;
      // Cases of this rule (or, for CRD-15, the corresponding items) → an example with the first one.
      const caseChoice = e.choices.length > 0 && (e.code === 'variant_required' || e.code === 'unknown_variant' || (e.code === 'not_admin' && a.variant !== undefined));
      const example = caseChoice
        ? `/report ${a.ruleId}:${e.choices[0]} @${member.name}${a.note ? ` ${a.note}` : ''}`
        : e.code === 'bad_multiplier' || e.code === 'multiplier_not_allowed'
          ? `/report ETH-1:standard @${member.name} ×1.5 ${tr(l, '给我行带来不良影响', 'brought harm to the bank')}`
          : REPORT_EXAMPLES[0];
      return { text: `⚠️ ${say(l, e.userMessage)}\n${tr(l, '未做任何记录。例如', 'Nothing was recorded. Example')}：${example}` };
    }
  },
};

// ---------------------------------------------------------------------------------------------------------
// /waive

const waive: CommandSpec<{ id: number; reason: string }> = {
  name: 'waive',
  adminOnly: true,
  summary: msg('免除一条记录（记一条冲销记录，每条只能免除一次）', 'Waive an entry (a reversing entry; once per entry)'),
  usage: ['/waive <记录号> <原因>', '/waive 12 经核实为紧急来电'],
  parse(text) {
    const m = /^#?(\d+)(?:\s+(.*))?$/s.exec(text.trim());
    if (!m) return { ok: false, error: msg('请写记录号和原因，例如 /waive 12 经核实为紧急来电（记录号见 /fines）', 'Give the entry number and a reason, e.g. /waive 12 it was an urgent call (numbers are shown by /fines)') };
    const reason = (m[2] ?? '').trim();
    if (!reason) return { ok: false, error: msg(`请写明免除原因，例如 /waive ${m[1]} 经核实为紧急来电`, `Give a reason, e.g. /waive ${m[1]} it was an urgent call`) };
    if (reason.length > 500) return { ok: false, error: msg('原因太长（上限 500 字）。', 'The reason is too long (limit 500 characters).') };
    const id = Number(m[1]);
    if (!Number.isSafeInteger(id) || id < 1) return { ok: false, error: msg('记录号应是正整数，例如 /waive 12 经核实为紧急来电', 'The entry number is a whole number, e.g. /waive 12 urgent call') };
    return { ok: true, args: { id, reason } };
  },
  async run(ctx, { id, reason }) {
    const l = ctx.actor.locale;
    const r = await waiveEntry(ctx.core, ctx.actor.member, id, reason, ctx.now, ctx.requestKey);
    const member = await ctx.core.db.member.findFirst({ where: { id: r.original.memberId } });
    const { title } = ruleLines(ctx.core, r.original.ruleId, r.original.variant, l);
    return {
      text: tr(l, `✅ 已免除 #${r.original.id}（${member?.name ?? ''} ${r.original.day} ${title}，${describeAmount(r.original, l)}），冲销记录 #${r.waiver.id}。已私信通知本人。`,
        `✅ Waived #${r.original.id} (${member?.name ?? ''} ${r.original.day} ${title}, ${describeAmount(r.original, l)}); reversing entry #${r.waiver.id}. The member was told by DM.`),
    };
  },
};

// ---------------------------------------------------------------------------------------------------------
// /fines

type FinesArgs =
  | { mode: 'self'; month?: string }
  | { mode: 'member'; ref: string; month?: string }
  | { mode: 'team'; month?: string }
  | { mode: 'fund' };

const MONTH_EXAMPLE = msg('月份格式应为 YYYY-MM，例如 /fines 2026-11', 'A month is written YYYY-MM, e.g. /fines 2026-11');

function parseMonth(s: string | undefined): { ok: true; month?: string } | { ok: false } {
  if (s === undefined || s === '') return { ok: true };
  return isMonthKey(s) ? { ok: true, month: s } : { ok: false };
}

function ledgerText(ctx: Ctx, who: MemberRow, month: string, led: Awaited<ReturnType<typeof memberLedger>>, own: boolean): string {
  const l = ctx.actor.locale;
  const head = own ? tr(l, `🧾 我的 ${month} 记录`, `🧾 My entries for ${month}`) : tr(l, `🧾 ${who.name} 的 ${month} 记录`, `🧾 ${who.name}'s entries for ${month}`);
  if (led.entries.length === 0) return `${head}\n${tr(l, '本月没有罚款或扣分记录。👍', 'No fines or points this month. 👍')}`;
  const lines = led.entries.slice(0, LIST_LIMIT).map((e) => {
    const { title, text } = ruleLines(ctx.core, e.ruleId, e.variant, l);
    const waived = e.waivedBy ? tr(l, ` ~已免除~（#${e.waivedBy.id}：${e.waivedBy.reason}）`, ` ~waived~ (#${e.waivedBy.id}: ${e.waivedBy.reason})`) : '';
    return [`#${e.id} ${e.day.slice(5)} ${title} — ${describeAmount(e, l)}${e.multiplier ? ` ×${e.multiplier}` : ''}${waived}`, `    ${text || e.detail}`, e.note && !e.waivedBy ? `    ${tr(l, '备注', 'Note')}：${e.note}` : '']
      .filter(Boolean).join('\n');
  });
  const total = tr(l, `本月罚款合计：${formatFen(led.finesFen)}`, `Fines this month: ${formatFen(led.finesFen)}`)
    + (led.points ? tr(l, `；扣分合计：${led.points} 分`, `; points deducted: ${led.points}`) : '')
    + (led.openFlags > 0 ? tr(l, `；待处理升级：${led.openFlags} 项`, `; open escalations: ${led.openFlags}`) : '');
  return [head, ...lines].join('\n') + shown(l, led.entries.length) + `\n${total}`;
}

const fines: CommandSpec<FinesArgs> = {
  name: 'fines',
  summary: msg('查看自己某月的罚款和扣分（管理员：@成员、team 全队、fund 活动经费）', 'My fines and points for a month (admins: @member, team, fund)'),
  usage: ['/fines', '/fines 2026-11', '/fines @张三 2026-11（管理员）', '/fines team 2026-11（管理员）', '/fines fund（管理员）'],
  parse(text) {
    const t = text.trim();
    const [first = '', second, ...more] = t.split(/\s+/).filter(Boolean);
    if (more.length) return { ok: false, error: msg('参数太多了。例如 /fines 2026-11 或 /fines team 2026-11', 'Too many arguments. E.g. /fines 2026-11 or /fines team 2026-11') };
    if (!first) return { ok: true, args: { mode: 'self' } };
    if (/^(fund|经费|活动经费)$/i.test(first)) {
      if (second) return { ok: false, error: msg('/fines fund 不需要其他参数。', '/fines fund takes no other arguments.') };
      return { ok: true, args: { mode: 'fund' } };
    }
    if (/^(team|全队|团队)$/i.test(first)) {
      const p = parseMonth(second);
      return p.ok ? { ok: true, args: { mode: 'team', month: p.month } } : { ok: false, error: MONTH_EXAMPLE };
    }
    if (first.startsWith('<@') || first.startsWith('@')) {
      const p = parseMonth(second);
      return p.ok ? { ok: true, args: { mode: 'member', ref: first, month: p.month } } : { ok: false, error: MONTH_EXAMPLE };
    }
    if (second) return { ok: false, error: msg('例如 /fines 2026-11、/fines @张三 2026-11 或 /fines team', 'E.g. /fines 2026-11, /fines @Zhang 2026-11 or /fines team') };
    const p = parseMonth(first);
    return p.ok ? { ok: true, args: { mode: 'self', month: p.month } } : { ok: false, error: MONTH_EXAMPLE };
  },
  async run(ctx, args) {
    const l = ctx.actor.locale;
    const me = ctx.actor.member;
    if (args.mode === 'fund') {
      if (!isAdmin(me)) return refusal(l);
      const f = await fundBalance(ctx.core, ctx.now);
      return {
        text: [
          tr(l, '💰 大客户中心活动经费（罚款，已扣除免除）', "💰 The centre's activity fund (fines, net of waivers)"),
          `${tr(l, '累计余额', 'Balance')}：${formatFen(f.totalFen)}`,
          `${tr(l, `其中本月（${f.month}）`, `This month (${f.month})`)}：${formatFen(f.monthFen)}`,
          `${tr(l, '累计已免除', 'Waived so far')}：${formatFen(f.waivedFen)}`,
        ].join('\n'),
      };
    }
    if (args.mode === 'team') {
      if (!isAdmin(me)) return refusal(l);
      const month = checkMonth(args.month ?? currentMonth(ctx.core, ctx.now));
      const rows = await teamTotals(ctx.core, monthBounds(month));
      const sumFen = rows.reduce((s, r) => s + r.finesFen, 0n);
      const sumPts = rows.reduce((s, r) => s + r.points, 0);
      const lines = rows.slice(0, LIST_LIMIT).map((r) => `• ${r.name}：${formatFen(r.finesFen)}${r.points ? tr(l, `，扣 ${r.points} 分`, `, −${r.points} points`) : ''}`);
      return {
        text: [tr(l, `📊 全队 ${month} 罚款/扣分`, `📊 Team fines and points, ${month}`), ...(lines.length ? lines : [tr(l, '（暂无成员）', '(no members yet)')])].join('\n')
          + shown(l, rows.length)
          + `\n${tr(l, `合计：${formatFen(sumFen)}，扣分 ${sumPts} 分`, `Total: ${formatFen(sumFen)}, ${sumPts} points`)}`,
      };
    }
    let who = me;
    if (args.mode === 'member') {
      const target = await findMemberByRef(ctx.core, ctx.platform, args.ref);
      if (target.id !== me.id && !isAdmin(me)) return refusal(l);
      who = target;
    }
    const month = checkMonth(args.month ?? currentMonth(ctx.core, ctx.now));
    const led = await memberLedger(ctx.core, who.id, monthBounds(month));
    return { text: ledgerText(ctx, who, month, led, who.id === me.id) };
  },
};

// ---------------------------------------------------------------------------------------------------------
// /points

const points: CommandSpec<{ quarter?: string }> = {
  name: 'points',
  summary: msg('查看自己某季度的差错积分扣分和升级标记', 'My error-point deductions and escalation flags for a quarter'),
  usage: ['/points', '/points 2026-Q4'],
  parse(text) {
    const t = text.trim().toUpperCase();
    if (!t) return { ok: true, args: {} };
    if (!isQuarterKey(t)) return { ok: false, error: msg('季度格式应为 YYYY-Qn，例如 /points 2026-Q4', 'A quarter is written YYYY-Qn, e.g. /points 2026-Q4') };
    return { ok: true, args: { quarter: t } };
  },
  async run(ctx, { quarter }) {
    const l = ctx.actor.locale;
    const q = quarter ?? currentQuarter(ctx.core, ctx.now);
    const led = await memberLedger(ctx.core, ctx.actor.member.id, quarterBounds(q), ['points', 'flag']);
    const head = tr(l, `🎯 我的 ${q} 差错积分`, `🎯 My error points, ${q}`);
    if (led.entries.length === 0) return { text: `${head}\n${tr(l, '本季度没有扣分。👍', 'No deductions this quarter. 👍')}` };
    // By item: the net deduction of each rule (and case), with the rule's text, then the entries.
    const items = new Map<string, { ruleId: string; variant: string | null; points: number; count: number; ids: string[] }>();
    for (const e of led.entries.filter((e) => e.kind === 'points')) {
      const k = `${e.ruleId}:${e.variant ?? ''}`;
      const it = items.get(k) ?? items.set(k, { ruleId: e.ruleId, variant: e.variant, points: 0, count: 0, ids: [] }).get(k)!;
      if (!e.waivedBy) { it.points += e.points; it.count++; }
      it.ids.push(`#${e.id}${e.multiplier ? `×${e.multiplier}` : ''}${e.waivedBy ? tr(l, '(已免除)', '(waived)') : ''}`);
    }
    const lines: string[] = [];
    for (const it of [...items.values()].slice(0, LIST_LIMIT)) {
      const { title, text } = ruleLines(ctx.core, it.ruleId, it.variant, l);
      lines.push(`• ${title} — ${tr(l, `${it.count} 次，扣 ${it.points} 分`, `${it.count}×, −${it.points} points`)}（${it.ids.join(' ')}）`, `    ${text}`);
    }
    const flags = led.entries.filter((e) => e.kind === 'flag');
    if (flags.length) {
      lines.push(tr(l, '升级标记：', 'Escalation flags:'));
      for (const f of flags.slice(0, LIST_LIMIT)) {
        lines.push(`⚑ #${f.id} ${f.day} ${f.ruleId}${f.variant ? `:${f.variant}` : ''} — ${escalationName(f.escalation, l)}${f.waivedBy ? tr(l, ' ~已免除~', ' ~waived~') : ''}`);
      }
    }
    return { text: [head, ...lines].join('\n') + shown(l, items.size) + `\n${tr(l, `本季度扣分合计：${led.points} 分`, `Points deducted this quarter: ${led.points}`)}` };
  },
};

// ---------------------------------------------------------------------------------------------------------
// /rank

export async function rankText(ctx: Ctx, period: RankPeriod): Promise<string> {
  const l = ctx.actor.locale;
  const r = await ranking(ctx.core, period, ctx.now);
  const head = period === 'week'
    ? tr(l, `🏆 本周业绩排名（${r.key}，${r.range.from} 至 ${r.range.to}）`, `🏆 Results ranking this week (${r.key}, ${r.range.from} – ${r.range.to})`)
    : tr(l, `🏆 本月业绩排名（${r.key}）`, `🏆 Results ranking this month (${r.key})`);
  if (r.rows.length === 0) return `${head}\n${tr(l, '还没有成员。', 'No members yet.')}`;
  const lines = r.rows.slice(0, LIST_LIMIT).map((row) => {
    const mine = row.memberId === ctx.actor.member.id ? ' ⬅️' : '';
    let line = `${row.rank}. ${row.name} — ${formatWan(row.totalFen)}${tr(l, `（${row.deals} 笔）`, ` (${row.deals} deals)`)}`;
    if (period === 'month') line += ` ${targetDistance(row.totalFen, row.targetFen, l)}`;
    return line + mine;
  });
  return [head, ...lines].join('\n') + shown(l, r.rows.length);
}

export function targetDistance(totalFen: bigint, targetFen: bigint | null, l: Locale): string {
  if (targetFen == null) return tr(l, '· 未设本月目标', '· no monthly target set');
  if (totalFen >= targetFen) return tr(l, `· 目标 ${formatWan(targetFen)} ✅ 已完成`, `· target ${formatWan(targetFen)} ✅ reached`);
  return tr(l, `· 目标 ${formatWan(targetFen)}，还差 ${formatWan(targetFen - totalFen)}`, `· target ${formatWan(targetFen)}, ${formatWan(targetFen - totalFen)} to go`);
}

const rank: CommandSpec<{ period: RankPeriod }> = {
  name: 'rank',
  summary: msg('团队本周/本月业绩排名（仅自己可见）', "The team's results ranking this week or month (only you see the reply)"),
  usage: ['/rank', '/rank week', '/rank month'],
  parse(text) {
    const t = text.trim().toLowerCase();
    if (!t || ['month', '月', '本月'].includes(t)) return { ok: true, args: { period: 'month' } };
    if (['week', '周', '本周'].includes(t)) return { ok: true, args: { period: 'week' } };
    return { ok: false, error: msg('请选择 week 或 month，例如 /rank week', 'Choose week or month, e.g. /rank week') };
  },
  async run(ctx, { period }) {
    return { text: await rankText(ctx, period) };
  },
};

// ---------------------------------------------------------------------------------------------------------
// /cm home — the App Home's content where there is no Home tab (console)

const home: CommandSpec<Record<string, never>> = {
  name: 'cm home',
  summary: msg('我的主页：今日、请假、待拜访、罚款扣分、排名', 'My home: today, leave, visits due, fines and points, rank'),
  usage: ['/cm home'],
  parse(text) {
    if (text.trim()) return { ok: false, error: msg('/cm home 不需要参数。', '/cm home takes no arguments.') };
    return { ok: true, args: {} };
  },
  async run(ctx): Promise<CommandResult> {
    const sections = await homeSections(ctx.core, ctx.actor.member, ctx.actor.locale, ctx.now);
    return { text: sections.join('\n\n') };
  },
};

export const ledgerviews: Group = { commands: [report, waive, fines, points, rank, home], forms: [], actions: [] };
