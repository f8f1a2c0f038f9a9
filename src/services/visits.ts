// DAY-3 / OUT-4: visits. A visit restarts the customer's revisit cycle; the
// cycle maths (due, soon, overdue) is the rules module's evaluateVisits. The
// VISIT-T tobacco checklist is asked when the active policy has that rule.
import { inChunks } from '../infra/db/chunks.ts';
import type { Core } from './core.ts';
import type { Actor } from '../chat/types.ts';
import type { Policy } from '../rules/index.ts';
import { msg } from '../i18n.ts';
import { UserError, isUniqueViolation } from './errors.ts';
import { linkCustomer, customersOf, type CustomerLink, type CustomerRow, MAX_FIELD } from './customers.ts';
import { activeRule, checklistStatus, evaluateVisits, localDay, type Day, type Tier, type VisitCustomer } from '../rules/index.ts';

export type ChecklistItem = { key: string; step: string; label: { 'zh-CN': string; en: string } };

/** The VISIT-T checklist of the active policy, flattened to `step.item` keys; null when not active. */
export function visitChecklist(policy: Policy): ChecklistItem[] | null {
  const rule = activeRule(policy, 'VISIT-T');
  if (!rule?.checklist) return null;
  return rule.checklist.steps.flatMap((s) =>
    s.items.map((it) => ({ key: `${s.key}.${it.key}`, step: s.key, label: { 'zh-CN': `${s.label['zh-CN']}：${it.label['zh-CN']}`, en: `${s.label.en}: ${it.label.en}` } })),
  );
}

/**
 * Inline checklist: `清单：全部` / `checklist: all`, or keys separated by commas (`ask.greet,look.stock`),
 * or item numbers (`1,2,5`) in the order /visit shows them. Unknown entries are an error.
 */
export function parseChecklist(policy: Policy, text: string): { ok: true; checked: string[] } | { ok: false; bad: string[] } {
  const items = visitChecklist(policy) ?? [];
  const t = text.trim();
  if (/^(全部|all|全)$/i.test(t)) return { ok: true, checked: items.map((i) => i.key) };
  if (/^(无|none|-)$/i.test(t) || t === '') return { ok: true, checked: [] };
  const checked: string[] = [];
  const bad: string[] = [];
  for (const part of t.split(/[,，、;；\s]+/).filter(Boolean)) {
    const n = /^\d+$/.test(part) ? Number(part) : NaN;
    const hit = Number.isInteger(n) ? items[n - 1] : items.find((i) => i.key.toLowerCase() === part.toLowerCase());
    if (hit) {
      if (!checked.includes(hit.key)) checked.push(hit.key);
    } else bad.push(part);
  }
  return bad.length ? { ok: false, bad } : { ok: true, checked };
}

export type VisitInput = { customerName: string; notes: string; needs?: string; suggestions?: string; checklist?: string[] };

export type VisitResult =
  | { recorded: true; visitId: number; customer: CustomerRow; day: Day; checklist: { done: number; total: number; missing: string[] } | null; repeated: boolean }
  | { recorded: false; link: CustomerLink };

export async function recordVisit(core: Core, actor: Actor, input: VisitInput, now: Date, requestKey?: string): Promise<VisitResult> {
  const name = input.customerName.trim();
  const notes = input.notes.trim();
  if (!name) throw new UserError(msg('请写上客户名称，例如：/visit 张三公司 了解贷款需求', 'Please name the customer, e.g. /visit 张三公司 discussed a loan'));
  if (!notes) throw new UserError(msg('请写上拜访情况，例如：/visit 张三公司 了解贷款需求', 'Please describe the visit, e.g. /visit 张三公司 discussed a loan'));
  for (const [v, zh, en] of [[notes, '拜访情况', 'The notes'], [input.needs ?? '', '需求', 'Needs'], [input.suggestions ?? '', '建议', 'Suggestions']] as const) {
    if (v.length > MAX_FIELD * 2) throw new UserError(msg(`${zh}太长（上限 ${MAX_FIELD * 2} 字）`, `${en} is too long (limit ${MAX_FIELD * 2} characters)`));
  }
  let checklistJson: string | null = null;
  let checklistSummary: { done: number; total: number; missing: string[] } | null = null;
  if (input.checklist && visitChecklist(core.policy)) {
    const st = checklistStatus(core.policy, input.checklist, 'VISIT-T', actor.locale);
    checklistJson = JSON.stringify({ rule: 'VISIT-T', checked: input.checklist, complete: st.complete, missing: st.missing.map((m) => m.item) });
    checklistSummary = { done: st.done, total: st.total, missing: st.missing.map((m) => m.label) };
  }
  if (requestKey) {
    const seen = await core.db.visit.findUnique({ where: { requestKey } });
    if (seen) return replay(core, seen);
  }
  const day = localDay(now, core.team.timezone);
  try {
    return await core.db.$transaction(async (tx) => {
      const link = await linkCustomer(core, tx, actor, name, 'visit', now);
      if (link.kind === 'pending') return { recorded: false as const, link };
      if (link.kind === 'other') {
        throw new UserError(msg(`你名下没有客户「${name}」，未记录拜访。用 /customer list 查看你的客户。`, `You have no customer "${name}"; the visit was not recorded. Use /customer list to see yours.`));
      }
      const visit = await tx.visit.create({
        data: {
          teamId: core.team.id, memberId: actor.member.id, customerId: link.customer.id, day, visitedAt: now, notes,
          needs: (input.needs ?? '').trim(), suggestions: (input.suggestions ?? '').trim(), checklist: checklistJson, requestKey: requestKey ?? null,
        },
      });
      return { recorded: true as const, visitId: visit.id, customer: link.customer, day, checklist: checklistSummary, repeated: false };
    });
  } catch (e) {
    if (requestKey && isUniqueViolation(e)) {
      const seen = await core.db.visit.findUnique({ where: { requestKey } });
      if (seen) return replay(core, seen);
    }
    throw e;
  }
}

async function replay(core: Core, v: { id: number; customerId: number; day: string; checklist: string | null }): Promise<VisitResult> {
  const customer = await core.db.customer.findUniqueOrThrow({ where: { id: v.customerId } });
  return { recorded: true, visitId: v.id, customer, day: v.day, checklist: null, repeated: true };
}

export async function lastVisits(core: Core, customerId: number, take = 5) {
  return core.db.visit.findMany({ where: { customerId }, orderBy: { visitedAt: 'desc' }, take });
}

export type VisitStatus = { customer: CustomerRow; state: 'overdue' | 'soon' | 'ok'; dueDay: Day; daysLeft: number; missedCycles: number };

/**
 * The revisit state of each customer (DAY-3), from the rules module: overdue (a cycle missed), due soon
 * (within the policy's reminder window) or ok, each with the next (or latest missed) due day.
 */
export async function visitStatuses(core: Core, customers: CustomerRow[], now: Date): Promise<VisitStatus[]> {
  if (customers.length === 0) return [];
  const tz = core.team.timezone;
  const today = localDay(now, tz);
  const last = await inChunks(customers.map((c) => c.id), (ids) => core.db.visit.groupBy({ by: ['customerId'], where: { customerId: { in: ids } }, _max: { visitedAt: true } }));
  const lastBy = new Map(last.map((l) => [l.customerId, l._max.visitedAt ?? undefined]));
  const input: VisitCustomer[] = customers.map((c) => ({ id: c.id, ownerId: c.ownerId, tier: c.tier as Tier, registeredAt: c.registeredAt, lastVisitAt: lastBy.get(c.id) }));
  const window = core.policy.schedule.visits.reminderDaysBefore;
  // The evaluator lists "due soon" inside the reminder window; asked with an unbounded window it gives
  // every open cycle's due day, which the list shows as "next visit due".
  const wide: Policy = { ...core.policy, schedule: { ...core.policy.schedule, visits: { ...core.policy.schedule.visits, reminderDaysBefore: 100_000 } } };
  const r = evaluateVisits(wide, core.calendar, { tz, today, customers: input, now });
  const byId = new Map(customers.map((c) => [c.id, c]));
  const out: VisitStatus[] = [];
  const overdue = new Set<number>();
  for (const o of r.overdue) {
    overdue.add(o.customerId);
    out.push({ customer: byId.get(o.customerId)!, state: 'overdue', dueDay: o.dueDay, daysLeft: 0, missedCycles: o.missedCycles });
  }
  for (const d of r.dueSoon) {
    if (overdue.has(d.customerId)) continue;
    out.push({ customer: byId.get(d.customerId)!, state: d.daysLeft <= window ? 'soon' : 'ok', dueDay: d.dueDay, daysLeft: d.daysLeft, missedCycles: 0 });
  }
  return out;
}

/** `/visit due`: own customers (or the whole team) due within the reminder window, and overdue. */
export async function visitsDue(core: Core, ownerId: number | 'all', now: Date): Promise<VisitStatus[]> {
  const all = await visitStatuses(core, await customersOf(core, ownerId), now);
  return all
    .filter((s) => s.state !== 'ok')
    .sort((a, b) => (a.state === b.state ? (a.dueDay < b.dueDay ? -1 : a.dueDay > b.dueDay ? 1 : 0) : a.state === 'overdue' ? -1 : 1));
}
