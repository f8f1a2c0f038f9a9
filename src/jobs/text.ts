// Wording shared by the jobs' messages. Every message stands on its own: who,
// what is due, the deadline in local time, and one command or button to act.
import type { Core } from '../services/core.ts';
import type { Locale } from '../i18n.ts';
import { tr } from '../i18n.ts';
import type { Button } from '../chat/types.ts';
import type { Outgoing, Target } from '../services/outbox.ts';
import type { JobName } from './planner.ts';
import { formatFen, ruleText, ruleTitle, type LedgerDraft } from '../rules/index.ts';
import type { Person } from './facts.ts';

/** Outbox dedupe key of a job's message: one per (job, period, recipient[, part]). */
export function jobKey(job: JobName, period: string, target: Target, extra?: string): string {
  return `job:${job}:${period}:${target}${extra ? `:${extra}` : ''}`;
}

export function checkinButton(l: Locale, sessionKey: string): Button {
  return { label: tr(l, '签到', 'Check in'), actionId: 'checkin', value: sessionKey, style: 'primary', command: '/checkin' };
}

export function escalationLabel(kind: string | null | undefined, l: Locale): string {
  if (kind === 'dismissal_review') return tr(l, '辞退审查', 'dismissal review');
  if (kind === 'disqualification') return tr(l, '取消客户经理资格', 'disqualification');
  return kind ?? '';
}

/**
 * The DM a member gets for each ledger entry a job recorded (fines by DM only, never in the channel), and
 * for an escalation flag also a DM to the director(s).
 */
export function ledgerNotices(core: Core, fresh: readonly LedgerDraft[], members: Map<number, Person>, escalateTo: readonly Person[]): Outgoing[] {
  const out: Outgoing[] = [];
  for (const d of fresh) {
    const m = members.get(d.memberId);
    if (!m) continue;
    const l = m.locale;
    const title = ruleTitle(core.policy, d.ruleId, l) ?? d.ruleId;
    const text = ruleText(core.policy, d.ruleId, l, d.variant) ?? '';
    if (d.kind === 'flag') {
      const what = escalationLabel(d.escalation, l);
      out.push({
        dedupeKey: `ledger:${d.sourceKey}`,
        target: `member:${m.id}`,
        message: { text: [
          tr(l, `⚠️ ${m.name}，系统已记录：${title}（${d.day}）→ ${what}`, `⚠️ ${m.name}, recorded: ${title} (${d.day}) → ${what}`),
          tr(l, `原因：${d.detail}`, `Why: ${d.detail}`),
          tr(l, `规则：${text}`, `Rule: ${text}`),
          tr(l, '查看记录：/fines', 'See your record: /fines'),
        ].join('\n') },
      });
      for (const p of escalateTo) {
        out.push({
          dedupeKey: `ledger:${d.sourceKey}:notify:m${p.id}`,
          target: `member:${p.id}`,
          message: { text: [
            tr(p.locale, `⚠️ 需要处理：${m.name} — ${title}（${d.day}）→ ${what}`, `⚠️ Action needed: ${m.name} — ${title} (${d.day}) → ${what}`),
            tr(p.locale, `原因：${d.detail}`, `Why: ${d.detail}`),
            tr(p.locale, `查看：/fines @${m.name}`, `See: /fines @${m.name}`),
          ].join('\n') },
        });
      }
      continue;
    }
    const amount = d.kind === 'fine' ? formatFen(d.amountFen) : tr(l, `扣 ${d.points} 分`, `${d.points} points`);
    out.push({
      dedupeKey: `ledger:${d.sourceKey}`,
      target: `member:${m.id}`,
      message: { text: [
        tr(l, `🧾 ${m.name}，系统已记录一笔${d.kind === 'fine' ? '罚款' : '扣分'}：${title} ${amount}（${d.day}）`, `🧾 ${m.name}, an entry was recorded: ${title} ${amount} (${d.day})`),
        tr(l, `原因：${d.detail}`, `Why: ${d.detail}`),
        tr(l, `规则：${text}`, `Rule: ${text}`),
        tr(l, '查看明细：/fines;如有正当理由请联系管理员', 'See your record: /fines; if you had a valid reason, talk to an admin'),
      ].join('\n') },
    });
  }
  return out;
}
