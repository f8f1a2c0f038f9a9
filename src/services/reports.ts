// ADMIN rules (MEET-4, OUT-2, OUT-3, INT-2, INT-6, TRN-2 early leave, every
// error-point item): an admin reports what happened, the rules module gives
// the amount, points and escalations, and this stores them with a DM to the
// member (and to the director on an escalation) in one transaction.
// A waiver is a reversing entry, at most once per entry.
import { randomUUID } from 'node:crypto';
import type { Core } from './core.ts';
import type { MemberRow } from './members.ts';
import type { Tx } from '../infra/db/client.ts';
import { listMembers } from './members.ts';
import { enqueue, toMember, type Outgoing } from './outbox.ts';
import { once } from './requests.ts';
import { recordDrafts } from './ledger.ts';
import { UserError, isUniqueViolation } from './errors.ts';
import { entryById, toLedgerEntry, type EntryRow } from './ledger-read.ts';
import { msg, tr, type Locale, type Msg } from '../i18n.ts';
import { evaluateReport, formatFen, ruleById, ruleText, waiverDraft, type LedgerDraft } from '../rules/index.ts';

export type ReportRequest = {
  ruleId: string;
  variant?: string;
  member: MemberRow;
  multiplier?: string;
  note?: string;
};

export type ReportOutcome = {
  entries: EntryRow[];
  /** The main entry (fine, points, or the disqualification flag). */
  main: EntryRow;
  escalations: EntryRow[];
  notified: MemberRow[];
};

/** A report the rules module refused: its message, and the choices it offers (variants, rule IDs). */
export class ReportRefused extends UserError {
  constructor(message: Msg, public readonly code: string, public readonly choices: string[]) {
    super(message);
    this.name = 'ReportRefused';
  }
}

const localeOf = (core: Core, m: { locale: string | null }): Locale => (m.locale as Locale | null) ?? core.defaultLocale;

/** `¥10.00`, `扣 5 分`, `⚑ 开除审查` — what an entry costs, in the reader's language. */
export function describeAmount(e: { kind: string; amountFen: bigint; points: number; escalation: string | null }, l: Locale): string {
  if (e.kind === 'fine') return `${tr(l, '罚款', 'fine')} ${formatFen(e.amountFen < 0n ? -e.amountFen : e.amountFen)}`;
  if (e.kind === 'points') return tr(l, `扣 ${Math.abs(e.points)} 分`, `−${Math.abs(e.points)} points`);
  return `⚑ ${escalationName(e.escalation, l)}`;
}

export function escalationName(kind: string | null, l: Locale): string {
  if (kind === 'dismissal_review') return tr(l, '开除审查（撤销客户经理岗位）', 'dismissal review (removal from the post)');
  if (kind === 'disqualification') return tr(l, '取消客户经理资格', 'disqualification as a customer manager');
  return kind ?? '';
}

/** `MEET-4 会议中使用手机` plus the rule's Chinese text (and the English gloss for English readers). */
export function ruleLines(core: Core, ruleId: string, variant: string | null | undefined, l: Locale): { title: string; text: string } {
  const rule = ruleById(core.policy, ruleId);
  const title = rule ? `${ruleId}${variant ? `:${variant}` : ''} ${rule.title[l]}` : `${ruleId}${variant ? `:${variant}` : ''}`;
  const zh = ruleText(core.policy, ruleId, 'zh-CN', variant ?? undefined) ?? '';
  const en = l === 'en' ? ruleText(core.policy, ruleId, 'en', variant ?? undefined) : undefined;
  return { title, text: en ? `${zh}\n${en}` : zh };
}

/** Who hears about escalations: the directors, or the admins when there is no director. */
export async function escalationRecipients(core: Core): Promise<MemberRow[]> {
  const directors = await listMembers(core, { role: 'director' });
  return directors.length ? directors : listMembers(core, { role: 'admin' });
}

/** The member's earlier entries of this rule that still count: not waivers, not escalation flags, not waived. */
async function priorCount(tx: Tx, core: Core, memberId: number, ruleId: string): Promise<number> {
  const rows = await tx.ledgerEntry.findMany({
    where: { teamId: core.team.id, memberId, ruleId, reversesId: null, NOT: { sourceKey: { endsWith: ':escalation' } } },
    select: { id: true },
  });
  if (rows.length === 0) return 0;
  const waived = await tx.ledgerEntry.count({ where: { teamId: core.team.id, reversesId: { in: rows.map((r) => r.id) } } });
  return rows.length - waived;
}

export async function reportViolation(core: Core, admin: MemberRow, req: ReportRequest, now: Date, requestKey?: string): Promise<ReportOutcome> {
  // A retried delivery has the same request key and records once; a console line has none, so it gets a fresh one.
  const sourceKey = `report:${requestKey ?? `local:${admin.id}:${now.getTime()}:${randomUUID()}`}`;
  const rule = ruleById(core.policy, req.ruleId);
  return once(core, requestKey && sourceKey, async (tx) => {
    // Reports about one member take turns (a row lock on PostgreSQL; SQLite writes one at a time), so
    // three OUT-3 reports at the same instant still count 1, 2, 3 and flag the third once.
    await tx.$executeRaw`UPDATE "Member" SET "id" = "id" WHERE "id" = ${req.member.id}`;
    const prior = rule ? await priorCount(tx, core, req.member.id, rule.id) : 0;
    const result = evaluateReport(core.policy, {
      ruleId: req.ruleId,
      variant: req.variant,
      memberId: req.member.id,
      multiplier: req.multiplier,
      priorCount: prior,
      occurredAt: now,
      sourceKey,
      note: req.note,
      tz: core.team.timezone,
    });
    if (!result.ok) throw new ReportRefused(msg(result.message['zh-CN'], result.message.en), result.code, result.choices ?? []);
    const drafts: LedgerDraft[] = result.drafts;
    await recordDrafts(tx, core.team.id, drafts, { recordedBy: admin.id, note: req.note ?? null, now });
    const entries: EntryRow[] = await tx.ledgerEntry.findMany({
      where: { teamId: core.team.id, sourceKey: { in: drafts.map((d) => d.sourceKey) } },
      orderBy: { id: 'asc' },
    });
    const main = entries.find((e) => e.sourceKey === sourceKey)!;
    const escalations = entries.filter((e) => e.escalation);

    const out: Outgoing[] = [];
    const ml = localeOf(core, req.member);
    const { title, text } = ruleLines(core, main.ruleId, main.variant, ml);
    const lines = [
      tr(ml, `📋 ${admin.name} 记录了一条违规（#${main.id}，${main.day}）`, `📋 ${admin.name} recorded a violation (#${main.id}, ${main.day})`),
      `${title}：${describeAmount(main, ml)}${main.multiplier ? tr(ml, `（加重 ×${main.multiplier}）`, ` (aggravated ×${main.multiplier})`) : ''}`,
      `${tr(ml, '条款', 'Rule')}：${text}`,
      req.note ? `${tr(ml, '备注', 'Note')}：${req.note}` : '',
      ...escalations.filter((e) => e.id !== main.id).map((e) => `⚠️ ${tr(ml, '已标记', 'Flagged')}：${escalationName(e.escalation, ml)}（#${e.id}）`),
      tr(ml, '输入 /fines 查看本月记录；如有异议请联系管理员。', 'Type /fines to see this month; talk to an admin if you disagree.'),
    ];
    out.push({ dedupeKey: `ledger:${main.id}:member`, target: toMember(req.member.id), message: { text: lines.filter(Boolean).join('\n') } });

    const notified: MemberRow[] = [];
    if (escalations.length) {
      for (const d of await escalationRecipients(core)) {
        const dl = localeOf(core, d);
        const esc = escalations.map((e) => `${escalationName(e.escalation, dl)}（#${e.id}）`).join('、');
        const dt = ruleLines(core, main.ruleId, main.variant, dl);
        out.push({
          dedupeKey: `ledger:${main.id}:escalation:${d.id}`,
          target: toMember(d.id),
          message: {
            text: [
              tr(dl, `🚨 升级提醒：${req.member.name} — ${esc}`, `🚨 Escalation: ${req.member.name} — ${esc}`),
              `${dt.title}：${describeAmount(main, dl)}；${tr(dl, `该成员此条累计 ${prior + 1} 次`, `entry number ${prior + 1} of this rule for the member`)}`,
              `${tr(dl, '条款', 'Rule')}：${dt.text}`,
              tr(dl, `记录人：${admin.name}`, `Recorded by ${admin.name}`),
              req.note ? `${tr(dl, '备注', 'Note')}：${req.note}` : '',
            ].filter(Boolean).join('\n'),
          },
        });
        notified.push(d);
      }
    }
    await enqueue(tx, core.team.id, now, out);
    return { entries, main, escalations, notified };
  });
}

export type WaiveOutcome = { waiver: EntryRow; original: EntryRow };

export async function waiveEntry(core: Core, admin: MemberRow, entryId: number, reason: string, now: Date, requestKey?: string): Promise<WaiveOutcome> {
  const why = reason.trim();
  if (!why) throw new UserError(msg('请写明免除原因，例如：/waive 12 经核实为紧急来电', 'Give a reason, e.g. /waive 12 it was an urgent call'));
  try {
    return await once(core, requestKey && `waive:${requestKey}`, async (tx) => {
      const original = await tx.ledgerEntry.findFirst({ where: { id: entryId, teamId: core.team.id } });
      if (!original) throw new UserError(msg(`找不到记录 #${entryId}。记录号见 /fines 的列表。`, `No entry #${entryId}. Entry numbers are shown by /fines.`));
      if (original.reversesId != null) {
        throw new UserError(msg(`#${entryId} 本身是一条免除记录（免除 #${original.reversesId}），不能再免除。`, `#${entryId} is itself a waiver (of #${original.reversesId}) and cannot be waived.`));
      }
      const already = await tx.ledgerEntry.findUnique({ where: { reversesId: entryId } });
      if (already) throw alreadyWaived(entryId, already.id, already.note);
      const draft = waiverDraft(toLedgerEntry(original), { by: admin.id, reason: why, at: now });
      const stored = await recordDrafts(tx, core.team.id, [draft], { recordedBy: admin.id, note: why, now });
      if (stored.length === 0) throw alreadyWaived(entryId, null, null);
      const waiver: EntryRow = await tx.ledgerEntry.findFirstOrThrow({ where: { teamId: core.team.id, reversesId: entryId } });
      const member = await tx.member.findFirstOrThrow({ where: { id: original.memberId } });
      const ml = localeOf(core, member);
      const { title } = ruleLines(core, original.ruleId, original.variant, ml);
      await enqueue(tx, core.team.id, now, [{
        dedupeKey: `ledger:${waiver.id}:member`,
        target: toMember(original.memberId),
        message: {
          text: [
            tr(ml, `✅ 你的记录 #${original.id}（${original.day} ${title}，${describeAmount(original, ml)}）已被 ${admin.name} 免除（#${waiver.id}）。`,
              `✅ Your entry #${original.id} (${original.day} ${title}, ${describeAmount(original, ml)}) was waived by ${admin.name} (#${waiver.id}).`),
            `${tr(ml, '原因', 'Reason')}：${why}`,
          ].join('\n'),
        },
      }]);
      return { waiver, original };
    });
  } catch (e) {
    // Two waivers of one entry at the same instant: the unique reversesId lets one through.
    if (isUniqueViolation(e) && !(e instanceof UserError)) {
      const w = await entryById(core, entryId);
      if (w?.waivedBy) throw alreadyWaived(entryId, w.waivedBy.id, w.waivedBy.reason);
    }
    throw e;
  }
}

function alreadyWaived(id: number, waiverId: number | null, reason: string | null): UserError {
  const by = waiverId ? `（#${waiverId}${reason ? `：${reason}` : ''}）` : '';
  const byEn = waiverId ? ` (#${waiverId}${reason ? `: ${reason}` : ''})` : '';
  return new UserError(msg(`#${id} 已经免除过了${by}，一条记录只能免除一次，未做任何更改。`, `#${id} was already waived${byEn}; an entry can be waived only once. Nothing was changed.`));
}
