// PRJ-1..4: big-customer project applications (大型客户立项申请表). The
// marketing centre answers within N working days (holidays excluded); each
// admin gets the application with Approve / Reject buttons, and the applicant
// is told the answer by DM. An answer is given once, whoever clicks first.
import type { Core } from './core.ts';
import type { Actor, Button } from '../chat/types.ts';
import { msg } from '../i18n.ts';
import { UserError } from './errors.ts';
import { enqueue, toMember } from './outbox.ts';
import { once } from './requests.ts';
import { listMembers } from './members.ts';
import { localDay, projectDeadlines, type Day } from '../rules/index.ts';

export const MAX_CONTENT = 2000;

export type ProjectRow = {
  id: number;
  memberId: number;
  customerName: string;
  content: string;
  submittedAt: Date;
  submittedDay: string;
  dueDay: string;
  status: string;
  answeredAt: Date | null;
  answeredBy: number | null;
  answer: string | null;
};

export function projectButtons(id: number): Button[] {
  return [
    { label: '批准 Approve', actionId: 'project.approve', value: String(id), style: 'primary', command: `/project approve ${id}` },
    { label: '驳回 Reject', actionId: 'project.reject', value: String(id), style: 'danger', command: `/project reject ${id} <理由>` },
  ];
}

export type ApplyResult = { project: ProjectRow; dueDay: Day; admins: number };

export async function applyProject(core: Core, actor: Actor, o: { customerName: string; content: string }, now: Date, requestKey?: string): Promise<ApplyResult> {
  const customerName = o.customerName.normalize('NFKC').trim();
  const content = o.content.trim();
  if (!customerName || !content) {
    throw new UserError(msg('请写上客户和立项内容，例如：/project 张三公司 申请综合授信5000万，配套代发工资', 'Please give the customer and the content, e.g. /project 张三公司 a ¥50m credit line with payroll'));
  }
  if (customerName.length > 100) throw new UserError(msg('客户名称太长（上限 100 字）', 'The customer name is too long (limit 100 characters)'));
  if (content.length > MAX_CONTENT) throw new UserError(msg(`立项内容太长（上限 ${MAX_CONTENT} 字）`, `The content is too long (limit ${MAX_CONTENT} characters)`));
  const tz = core.team.timezone;
  const submittedDay = localDay(now, tz);
  const { dueDay } = projectDeadlines(core.policy, core.calendar, tz, submittedDay);
  const admins = (await listMembers(core)).filter((m) => m.role === 'admin');
  const answerers = admins.length ? admins : (await listMembers(core, { role: 'director' }));
  const me = actor.member;
  const project = await once(core, requestKey && `project:${requestKey}`, async (tx) => {
    const p = await tx.projectApplication.create({
      data: { teamId: core.team.id, memberId: me.id, customerName, content, submittedAt: now, submittedDay, dueDay },
    });
    await enqueue(
      tx,
      core.team.id,
      now,
      answerers.map((a) => ({
        dedupeKey: `project:${p.id}:ask:${a.id}`,
        target: toMember(a.id),
        message: {
          text: `📋 立项申请 #${p.id}（PRJ）：${me.name} — 客户「${customerName}」\n${content}\n请在 ${dueDay} 前答复（${core.policy.schedule.projects.answerWorkdays} 个工作日内）。\n📋 Project application #${p.id} from ${me.name} — answer by ${dueDay}.`,
          buttons: projectButtons(p.id),
        },
      })),
    );
    return p;
  });
  return { project, dueDay, admins: answerers.length };
}

export type AnswerResult = { project: ProjectRow; applicantName: string; alreadyAnswered: boolean; answeredByName: string };

/**
 * Approves or rejects once: a conditional update on `status = pending` decides, so a double click,
 * two admins at once or a repeated delivery answer only one time.
 */
export async function answerProject(core: Core, admin: Actor, id: number, decision: 'approved' | 'rejected', note: string | undefined, now: Date, requestKey?: string): Promise<AnswerResult> {
  if (!Number.isSafeInteger(id) || id <= 0) throw new UserError(msg('立项申请编号应是正整数，例如：/project approve 7', 'The application number must be a whole number, e.g. /project approve 7'));
  const answer = (note ?? '').trim();
  if (decision === 'rejected' && !answer) {
    throw new UserError(msg(`驳回需要写明理由，例如：/project reject ${id} 授信额度超出权限`, `A rejection needs a reason, e.g. /project reject ${id} over the credit limit`));
  }
  if (answer.length > MAX_CONTENT) throw new UserError(msg(`理由太长（上限 ${MAX_CONTENT} 字）`, `The note is too long (limit ${MAX_CONTENT} characters)`));
  const found = await core.db.projectApplication.findFirst({ where: { id, teamId: core.team.id } });
  if (!found) throw new UserError(msg(`没有编号为 ${id} 的立项申请。用 /project list 查看。`, `No project application #${id}. Use /project list.`));
  const result = await once(core, requestKey && `project.answer:${requestKey}`, async (tx) => {
    const r = await tx.projectApplication.updateMany({
      where: { id, status: 'pending' },
      data: { status: decision, answeredAt: now, answeredBy: admin.member.id, answer: answer || null },
    });
    const p = await tx.projectApplication.findUniqueOrThrow({ where: { id } });
    if (r.count === 0) return { project: p, alreadyAnswered: true };
    const verdictZh = decision === 'approved' ? '✅ 已批准' : '❌ 未通过';
    const verdictEn = decision === 'approved' ? '✅ approved' : '❌ rejected';
    const late = p.dueDay < localDay(now, core.team.timezone);
    await enqueue(tx, core.team.id, now, [
      {
        dedupeKey: `project:${id}:answer`,
        target: toMember(p.memberId),
        message: {
          text:
            `📋 你的立项申请 #${id}（客户「${p.customerName}」）${verdictZh}（${admin.member.name}）${answer ? `：${answer}` : ''}${late ? `\n（答复晚于期限 ${p.dueDay}）` : ''}\n` +
            `📋 Your project application #${id} was ${verdictEn} by ${admin.member.name}${answer ? `: ${answer}` : ''}.`,
        },
      },
    ]);
    return { project: p, alreadyAnswered: false };
  });
  const names = new Map((await core.db.member.findMany({ where: { id: { in: [result.project.memberId, result.project.answeredBy ?? -1] } } })).map((m) => [m.id, m.name]));
  return {
    project: result.project,
    alreadyAnswered: result.alreadyAnswered,
    applicantName: names.get(result.project.memberId) ?? `#${result.project.memberId}`,
    answeredByName: result.project.answeredBy ? names.get(result.project.answeredBy) ?? `#${result.project.answeredBy}` : '',
  };
}

export async function getProject(core: Core, id: number): Promise<ProjectRow | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  return core.db.projectApplication.findFirst({ where: { id, teamId: core.team.id } });
}

/** A manager's own applications; an admin's view: every pending one and the latest answered. */
export async function listProjects(core: Core, actor: Actor, limit = 20): Promise<(ProjectRow & { applicantName: string })[]> {
  const admin = actor.member.role !== 'manager';
  const rows = await core.db.projectApplication.findMany({
    where: { teamId: core.team.id, ...(admin ? {} : { memberId: actor.member.id }) },
    orderBy: [{ id: 'desc' }],
    take: limit,
  });
  const names = new Map((await core.db.member.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.memberId))] } } })).map((m) => [m.id, m.name]));
  return rows.map((r) => ({ ...r, applicantName: names.get(r.memberId) ?? `#${r.memberId}` }));
}
