// DAY-4/5, OWN-1, OUT-4: the customer registry. The first registration owns a
// customer; a duplicate (same normalised name or phone) is refused without
// saying whose it is. The database's unique constraints decide under
// concurrency; the check before the write only gives a friendlier answer.
import type { Core } from './core.ts';
import type { Tx } from '../infra/db/client.ts';
import type { Actor } from '../chat/types.ts';
import { msg, type Msg } from '../i18n.ts';
import { UserError, isUniqueViolation } from './errors.ts';
import { once } from './requests.ts';
import { checkRegistration, normalizeName, normalizePhone, registrationDue, localDay, type Day, type Tier } from '../rules/index.ts';

export type { Tier };
export const TIERS: Tier[] = ['A', 'B', 'C'];
export const MAX_FIELD = 1000;

export type CustomerRow = {
  id: number;
  teamId: number;
  ownerId: number;
  name: string;
  nameKey: string;
  phone: string | null;
  tier: string;
  branch: string;
  needs: string;
  suggestions: string;
  registeredAt: Date;
  updatedAt: Date;
};

export type CustomerInput = { name: string; phone?: string | null; tier?: string; branch?: string; needs?: string; suggestions?: string };

const isAdminRole = (actor: Actor) => actor.member.role === 'admin' || actor.member.role === 'director';

export const ADD_EXAMPLE = '/customer add 张三公司 13800000000 A 城东支行 需求：流动资金贷款 建议：上门服务';

// ---------------------------------------------------------------------------------------------------------
// Field validation (each returns a message for that field, or the clean value)

export type FieldCheck<T> = { ok: true; value: T } | { ok: false; error: Msg };

export function checkName(raw: string): FieldCheck<string> {
  const name = raw.normalize('NFKC').trim().replace(/\s+/g, ' ');
  if (!name) return { ok: false, error: msg('请填写客户名称，例如：张三公司', 'Please give the customer name, e.g. 张三公司') };
  if (name.length > 100) return { ok: false, error: msg(`客户名称太长（${name.length} 字，上限 100 字）`, `The customer name is too long (${name.length} characters, limit 100)`) };
  if (/^#?\d+$/.test(name)) return { ok: false, error: msg('客户名称不能只是数字（数字用来表示客户编号），例如：张三公司', 'A customer name cannot be only digits (digits mean a customer id), e.g. 张三公司') };
  return { ok: true, value: name };
}

/**
 * A Chinese mobile number (1[3-9] and 9 more digits, optionally +86) or a landline with its area code
 * (0 + 2–3 digits, then 7–8 digits, e.g. 010-12345678, 0571-8765432). Stored as digits only, so the
 * unique constraint compares numbers, not formatting.
 */
export function checkPhone(raw: string | null | undefined): FieldCheck<string | null> {
  const t = (raw ?? '').normalize('NFKC').trim();
  if (t === '' || t === '-' || t === '无') return { ok: true, value: null };
  const bad = { ok: false as const, error: msg(`电话「${t}」格式不对：手机为 11 位（如 13800000000），座机带区号（如 010-12345678）`, `Phone "${t}" is not valid: a mobile has 11 digits (e.g. 13800000000), a landline has its area code (e.g. 010-12345678)`) };
  if (!/^[+\d][\d\s()-]*$/.test(t)) return bad;
  const digits = normalizePhone(t);
  if (/^1[3-9]\d{9}$/.test(digits)) return { ok: true, value: digits };
  if (/^0\d{2,3}\d{7,8}$/.test(digits) && digits.length >= 10 && digits.length <= 12) return { ok: true, value: digits };
  return bad;
}

export function checkTier(raw: string | undefined): FieldCheck<Tier> {
  const t = (raw ?? '').normalize('NFKC').trim().toUpperCase().replace(/类$/, '');
  if ((TIERS as string[]).includes(t)) return { ok: true, value: t as Tier };
  return { ok: false, error: msg(`客户等级应为 A、B 或 C，而不是「${raw ?? ''}」`, `The tier must be A, B or C, not "${raw ?? ''}"`) };
}

function checkText(raw: string | undefined, what: Msg): FieldCheck<string> {
  const t = (raw ?? '').trim();
  if (t.length > MAX_FIELD) return { ok: false, error: msg(`${what['zh-CN']}太长（上限 ${MAX_FIELD} 字）`, `${what.en} is too long (limit ${MAX_FIELD} characters)`) };
  return { ok: true, value: t };
}

export type CleanCustomer = { name: string; phone: string | null; tier: Tier; branch: string; needs: string; suggestions: string };

/** Validates every field; returns the clean values or an error per field id. */
export function validateCustomer(input: CustomerInput): { ok: true; value: CleanCustomer } | { ok: false; errors: Record<string, Msg> } {
  const errors: Record<string, Msg> = {};
  const name = checkName(input.name);
  const phone = checkPhone(input.phone);
  const tier = checkTier(input.tier ?? 'C');
  const branch = checkText(input.branch, msg('支行', 'The branch'));
  const needs = checkText(input.needs, msg('需求', 'Needs'));
  const suggestions = checkText(input.suggestions, msg('建议', 'Suggestions'));
  if (!name.ok) errors.name = name.error;
  if (!phone.ok) errors.phone = phone.error;
  if (!tier.ok) errors.tier = tier.error;
  if (!branch.ok) errors.branch = branch.error;
  if (!needs.ok) errors.needs = needs.error;
  if (!suggestions.ok) errors.suggestions = suggestions.error;
  if (!name.ok || !phone.ok || !tier.ok || !branch.ok || !needs.ok || !suggestions.ok) return { ok: false, errors };
  return { ok: true, value: { name: name.value, phone: phone.value, tier: tier.value, branch: branch.value, needs: needs.value, suggestions: suggestions.value } };
}

// ---------------------------------------------------------------------------------------------------------
// Duplicates (OWN-1)

/** Raised for a duplicate; says which field matched, never whose customer it is. */
export class DuplicateCustomer extends UserError {
  constructor(public readonly field: 'name' | 'phone', mine: boolean, message?: Msg) {
    super(
      mine
        ? msg(
            `你已经登记过这个客户（${field === 'name' ? '同名' : '同一电话'}），没有重复登记。用 /customer show 查看，/customer edit 修改。`,
            `You have already registered this customer (same ${field}); nothing was added. Use /customer show or /customer edit.`,
          )
        : message ??
            msg(
              `该客户已被登记（${field === 'name' ? '同名' : '同一电话'}），归属以先登记者为准（OWN-1），本次登记未保存。`,
              `This customer is already registered (same ${field}); the first registration owns it (OWN-1). Nothing was saved.`,
            ),
    );
  }
}

async function findClashes(db: Core['db'] | Tx, teamId: number, nameKey: string, phone: string | null, exceptId?: number) {
  const rows = await db.customer.findMany({
    where: { teamId, OR: [{ nameKey }, ...(phone ? [{ phone }] : [])], ...(exceptId ? { NOT: { id: exceptId } } : {}) },
    select: { id: true, name: true, phone: true, ownerId: true },
  });
  return rows;
}

async function assertNoDuplicate(core: Core, actor: Actor, c: { name: string; phone: string | null }, exceptId?: number): Promise<void> {
  const clashes = await findClashes(core.db, core.team.id, normalizeName(c.name), c.phone, exceptId);
  const check = checkRegistration(core.policy, clashes, c);
  if (!check.ok) throw new DuplicateCustomer(check.matchedBy, check.existing.ownerId === actor.member.id, check.existing.ownerId === actor.member.id ? undefined : appendNothingSaved(check.message));
}

function appendNothingSaved(m: Msg): Msg {
  return msg(`${m['zh-CN']}。未保存任何内容。`, `${m.en}. Nothing was saved.`);
}

/** After a unique violation: which field clashed (name or phone), for the answer. */
async function duplicateAfterViolation(core: Core, actor: Actor, c: { name: string; phone: string | null }, exceptId?: number): Promise<DuplicateCustomer> {
  const clashes = await findClashes(core.db, core.team.id, normalizeName(c.name), c.phone, exceptId);
  const byName = clashes.find((x) => normalizeName(x.name) === normalizeName(c.name));
  const hit = byName ?? clashes[0];
  return new DuplicateCustomer(byName ? 'name' : 'phone', hit?.ownerId === actor.member.id);
}

// ---------------------------------------------------------------------------------------------------------
// Register, edit, find

/** DAY-4: marks every open pending registration of this name as registered. */
async function resolvePending(tx: Tx, teamId: number, nameKey: string, now: Date): Promise<number> {
  const r = await tx.pendingRegistration.updateMany({ where: { teamId, nameKey, registeredAt: null }, data: { registeredAt: now } });
  return r.count;
}

export type RegisterResult = { customer: CustomerRow; resolvedPending: number };

export async function registerCustomer(core: Core, actor: Actor, input: CustomerInput, now: Date, requestKey?: string): Promise<RegisterResult> {
  const v = validateCustomer(input);
  if (!v.ok) {
    const first = Object.values(v.errors)[0];
    throw new UserError(msg(`${first['zh-CN']}。例如：${ADD_EXAMPLE}`, `${first.en}. Example: ${ADD_EXAMPLE}`));
  }
  const c = v.value;
  await assertNoDuplicate(core, actor, c);
  const nameKey = normalizeName(c.name);
  try {
    return await once(core, requestKey && `customer.add:${requestKey}`, async (tx) => {
      const customer = await tx.customer.create({
        data: { teamId: core.team.id, ownerId: actor.member.id, name: c.name, nameKey, phone: c.phone, tier: c.tier, branch: c.branch, needs: c.needs, suggestions: c.suggestions, registeredAt: now, updatedAt: now },
      });
      await tx.customerChange.create({ data: { customerId: customer.id, changedBy: actor.member.id, changedAt: now, changes: JSON.stringify({ created: { name: c.name, phone: c.phone, tier: c.tier, branch: c.branch } }) } });
      const resolvedPending = await resolvePending(tx, core.team.id, nameKey, now);
      return { customer, resolvedPending };
    });
  } catch (e) {
    // The constraint decided: someone registered the same name or phone first.
    if (isUniqueViolation(e)) throw await duplicateAfterViolation(core, actor, c);
    throw e;
  }
}

/** `#12` or `12` is an id; anything else is a name (normalised). */
export async function findCustomer(core: Core, ref: string): Promise<CustomerRow | null> {
  const t = ref.normalize('NFKC').trim();
  const id = /^#?(\d+)$/.exec(t);
  if (id) return core.db.customer.findFirst({ where: { id: Number(id[1]), teamId: core.team.id } });
  return core.db.customer.findUnique({ where: { teamId_nameKey: { teamId: core.team.id, nameKey: normalizeName(t) } } });
}

/** A customer the actor may see: his own, or any for an admin. Otherwise "not found" (nothing revealed). */
export async function visibleCustomer(core: Core, actor: Actor, ref: string): Promise<CustomerRow> {
  const c = await findCustomer(core, ref);
  if (!c || (c.ownerId !== actor.member.id && !isAdminRole(actor))) {
    throw new UserError(msg(`你名下没有客户「${ref.trim()}」。用 /customer list 查看你的客户。`, `You have no customer "${ref.trim()}". Use /customer list to see yours.`));
  }
  return c;
}

export type EditResult = { customer: CustomerRow; changed: string[]; resolvedPending: number };

export async function editCustomer(core: Core, actor: Actor, ref: string, patch: Partial<CustomerInput>, now: Date, requestKey?: string): Promise<EditResult> {
  const before = await visibleCustomer(core, actor, ref);
  const merged: CustomerInput = {
    name: patch.name ?? before.name,
    phone: patch.phone !== undefined ? patch.phone : before.phone,
    tier: patch.tier ?? before.tier,
    branch: patch.branch ?? before.branch,
    needs: patch.needs ?? before.needs,
    suggestions: patch.suggestions ?? before.suggestions,
  };
  const v = validateCustomer(merged);
  if (!v.ok) {
    const first = Object.values(v.errors)[0];
    throw new UserError(msg(`${first['zh-CN']}。例如：/customer edit ${before.name} 等级=A 电话=13900000000`, `${first.en}. Example: /customer edit ${before.name} tier=A phone=13900000000`));
  }
  const c = v.value;
  const changes: Record<string, [unknown, unknown]> = {};
  for (const k of ['name', 'phone', 'tier', 'branch', 'needs', 'suggestions'] as const) {
    if ((before[k] ?? null) !== (c[k] ?? null)) changes[k] = [before[k], c[k]];
  }
  if (Object.keys(changes).length === 0) return { customer: before, changed: [], resolvedPending: 0 };
  await assertNoDuplicate(core, actor, c, before.id);
  const nameKey = normalizeName(c.name);
  try {
    return await once(core, requestKey && `customer.edit:${requestKey}`, async (tx) => {
      const customer = await tx.customer.update({ where: { id: before.id }, data: { name: c.name, nameKey, phone: c.phone, tier: c.tier, branch: c.branch, needs: c.needs, suggestions: c.suggestions, updatedAt: now } });
      await tx.customerChange.create({ data: { customerId: before.id, changedBy: actor.member.id, changedAt: now, changes: JSON.stringify(changes) } });
      const resolvedPending = changes.name ? await resolvePending(tx, core.team.id, nameKey, now) : 0;
      return { customer, changed: Object.keys(changes), resolvedPending };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw await duplicateAfterViolation(core, actor, c, before.id);
    throw e;
  }
}

export async function customersOf(core: Core, ownerId: number | 'all'): Promise<CustomerRow[]> {
  return core.db.customer.findMany({ where: { teamId: core.team.id, ...(ownerId === 'all' ? {} : { ownerId }) }, orderBy: [{ tier: 'asc' }, { id: 'asc' }] });
}

export type ChangeRow = { changedAt: Date; changedBy: number; changes: Record<string, unknown> };

export async function customerHistory(core: Core, customerId: number, take = 10): Promise<ChangeRow[]> {
  const rows = await core.db.customerChange.findMany({ where: { customerId }, orderBy: { id: 'desc' }, take });
  return rows.map((r) => ({ changedAt: r.changedAt, changedBy: r.changedBy, changes: JSON.parse(r.changes) as Record<string, unknown> }));
}

// ---------------------------------------------------------------------------------------------------------
// DAY-4: a deal or visit naming an unregistered customer starts the clock

export type CustomerLink =
  | { kind: 'own'; customer: CustomerRow }
  /** Registered by someone else (or registered once and renamed since): kept by name only; nothing about an owner is said. */
  | { kind: 'other' }
  | { kind: 'pending'; name: string; firstSeenAt: Date; dueDay: Day; dueAt: Date };

/**
 * Looks a named customer up for a deal or visit. Unknown in the whole team → a PendingRegistration
 * (the DAY-4 clock; kept from the first time the name was seen). Runs inside the caller's transaction.
 */
export async function linkCustomer(core: Core, tx: Tx, actor: Actor, name: string, source: string, now: Date): Promise<CustomerLink> {
  const nameKey = normalizeName(name);
  const found = await tx.customer.findUnique({ where: { teamId_nameKey: { teamId: core.team.id, nameKey } } });
  if (found) {
    if (found.ownerId === actor.member.id || isAdminRole(actor)) return { kind: 'own', customer: found };
    return { kind: 'other' };
  }
  const where = { teamId_memberId_nameKey: { teamId: core.team.id, memberId: actor.member.id, nameKey } };
  let pending = await tx.pendingRegistration.findUnique({ where });
  if (!pending) {
    pending = await tx.pendingRegistration.create({ data: { teamId: core.team.id, memberId: actor.member.id, name: name.trim(), nameKey, firstSeenAt: now, source } });
  } else if (pending.registeredAt) {
    // Registered once under this name and renamed since: that clock was already stopped.
    return { kind: 'other' };
  }
  const due = registrationDue(core.policy, core.calendar, core.team.timezone, pending.firstSeenAt);
  return { kind: 'pending', name: pending.name, firstSeenAt: pending.firstSeenAt, dueDay: due.day, dueAt: due.at };
}

export function today(core: Core, now: Date): Day {
  return localDay(now, core.team.timezone);
}
