// What a member sees on opening the bot (the Slack App Home tab; /cm home in
// the console): today, pending leave, visits due, this month's fines and this
// quarter's points, and results against the target. Sections are plain text;
// each is short, so the Home tab stays far below Slack's 100 blocks.
import type { Core } from './core.ts';
import type { MemberRow } from './members.ts';
import type { Locale } from '../i18n.ts';
import { tr } from '../i18n.ts';
import { dayStatus, describeStatus } from './daily.ts';
import { memberLedger, monthBounds, quarterBounds, currentMonth, currentQuarter, ranking } from './ledger-read.ts';
import { formatFen, formatWan } from '../rules/index.ts';
import { visitsDue } from './visits.ts';

/** At most this many lines in a Home list; the rest is counted. */
export const HOME_LIST = 5;

function more(l: Locale, total: number): string {
  return total > HOME_LIST ? tr(l, `\n…显示前 ${HOME_LIST} 条，共 ${total} 条`, `\n…first ${HOME_LIST} of ${total}`) : '';
}

const isAdminRole = (m: MemberRow) => m.role === 'admin' || m.role === 'director';

async function leaveSection(core: Core, member: MemberRow, l: Locale): Promise<string> {
  const [mine, awaiting] = await Promise.all([
    core.db.leaveRequest.findMany({ where: { teamId: core.team.id, memberId: member.id, status: 'pending' }, orderBy: { startDay: 'asc' } }),
    isAdminRole(member)
      ? core.db.leaveRequest.count({ where: { teamId: core.team.id, status: 'pending', memberId: { not: member.id } } })
      : Promise.resolve(0),
  ]);
  const lines = [tr(l, '*🗓 请假*', '*🗓 Leave*')];
  if (mine.length === 0) lines.push(tr(l, '没有待审批的请假。', 'No leave waiting for approval.'));
  else {
    lines.push(tr(l, `待审批 ${mine.length} 条：`, `${mine.length} waiting for approval:`));
    for (const r of mine.slice(0, HOME_LIST)) {
      const span = r.startDay === r.endDay ? r.startDay : `${r.startDay} – ${r.endDay}`;
      const part = r.startTime && r.endTime ? ` ${r.startTime}-${r.endTime}` : r.halfDay ? ` ${r.halfDay === 'am' ? tr(l, '上午', 'morning') : tr(l, '下午', 'afternoon')}` : '';
      lines.push(`• #${r.id} ${span}${part}`);
    }
    const extra = more(l, mine.length);
    if (extra) lines.push(extra.trim());
  }
  if (isAdminRole(member)) {
    lines.push(awaiting
      ? tr(l, `📥 等待你审批的请假：${awaiting} 条`, `📥 Leave requests awaiting your decision: ${awaiting}`)
      : tr(l, '📥 没有等待你审批的请假。', '📥 No leave requests awaiting your decision.'));
  }
  return lines.join('\n');
}

async function visitsSection(core: Core, member: MemberRow, l: Locale, now: Date): Promise<string> {
  const head = tr(l, '*🚶 待拜访客户*', '*🚶 Visits due*');
  const owned = await core.db.customer.count({ where: { teamId: core.team.id, ownerId: member.id } });
  if (owned === 0) return `${head}\n${tr(l, '名下还没有登记客户（/customer add）。', 'No registered customers yet (/customer add).')}`;
  // The same list as /visit due (DAY-3 cycles from the rules module): overdue first, then due soon.
  const due = await visitsDue(core, member.id, now);
  if (due.length === 0) return `${head}\n${tr(l, '近期没有到期的回访。', 'No visits due soon.')}`;
  const items = due.map((d) => d.state === 'overdue'
    ? `• 🔴 ${d.customer.name}（${d.customer.tier}）${tr(l, `已逾期，应于 ${d.dueDay} 回访`, `overdue since ${d.dueDay}`)}`
    : `• 🟡 ${d.customer.name}（${d.customer.tier}）${d.daysLeft === 0 ? tr(l, '今天到期', 'due today') : tr(l, `${d.dueDay} 到期（还有 ${d.daysLeft} 天）`, `due ${d.dueDay} (${d.daysLeft} days)`)}`);
  return [head, ...items.slice(0, HOME_LIST)].join('\n') + more(l, items.length) + `\n${tr(l, '全部：/visit due', 'All: /visit due')}`;
}

async function ledgerSection(core: Core, member: MemberRow, l: Locale, now: Date): Promise<string> {
  const month = currentMonth(core, now);
  const quarter = currentQuarter(core, now);
  const [m, q] = await Promise.all([
    memberLedger(core, member.id, monthBounds(month)),
    memberLedger(core, member.id, quarterBounds(quarter)),
  ]);
  const fineCount = m.entries.filter((e) => e.kind === 'fine' && !e.waivedBy).length;
  return [
    tr(l, '*🧾 罚款与扣分*', '*🧾 Fines and points*'),
    tr(l, `本月（${month}）罚款：${formatFen(m.finesFen)}（${fineCount} 条）`, `Fines this month (${month}): ${formatFen(m.finesFen)} (${fineCount})`),
    tr(l, `本季度（${quarter}）扣分：${q.points} 分`, `Points deducted this quarter (${quarter}): ${q.points}`),
    q.openFlags > 0 ? tr(l, `⚠️ 待处理升级标记：${q.openFlags} 项（/points 查看）`, `⚠️ Open escalation flags: ${q.openFlags} (see /points)`) : '',
    tr(l, '明细：/fines、/points', 'Details: /fines, /points'),
  ].filter(Boolean).join('\n');
}

async function resultsSection(core: Core, member: MemberRow, l: Locale, now: Date): Promise<string> {
  const r = await ranking(core, 'month', now);
  const me = r.rows.find((x) => x.memberId === member.id);
  const head = tr(l, `*🏆 本月业绩（${r.key}）*`, `*🏆 Results this month (${r.key})*`);
  if (!me) return `${head}\n${tr(l, '你不在本月排名中（没有业绩记录）。', 'You are not in this month\'s ranking (no results).')}`;
  const lines = [
    head,
    tr(l, `本月累计：${formatWan(me.totalFen)}（${me.deals} 笔），排名第 ${me.rank} / ${r.rows.length}`, `Month to date: ${formatWan(me.totalFen)} (${me.deals} deals), rank ${me.rank} of ${r.rows.length}`),
  ];
  if (me.targetFen == null) lines.push(tr(l, '本月目标：未设置（管理员用 /cm target 设置）', 'Monthly target: not set (an admin sets it with /cm target)'));
  else if (me.totalFen >= me.targetFen) lines.push(tr(l, `本月目标：${formatWan(me.targetFen)} ✅ 已完成`, `Monthly target: ${formatWan(me.targetFen)} ✅ reached`));
  else lines.push(tr(l, `本月目标：${formatWan(me.targetFen)}，还差 ${formatWan(me.targetFen - me.totalFen)}`, `Monthly target: ${formatWan(me.targetFen)}, ${formatWan(me.targetFen - me.totalFen)} to go`));
  return lines.join('\n');
}

export async function homeSections(core: Core, member: MemberRow, locale: Locale, now: Date): Promise<string[]> {
  const [status, leave, visits, ledger, results] = await Promise.all([
    dayStatus(core, member.id, now),
    leaveSection(core, member, locale),
    visitsSection(core, member, locale, now),
    ledgerSection(core, member, locale, now),
    resultsSection(core, member, locale, now),
  ]);
  return [
    tr(locale, `*客户经理助手* — ${member.name}`, `*Customer-manager assistant* — ${member.name}`),
    describeStatus(status, core.team.timezone, locale),
    leave,
    visits,
    ledger,
    results,
    tr(locale, '输入 /cm help 查看全部命令。', 'Type /cm help for every command.'),
  ];
}
