// Sales and customers: /deal (PERF-1), /customer (DAY-4/5, OWN-1, OUT-4),
// /visit (DAY-3, OUT-4, VISIT-T), /booking (INT-3/4), /project (PRJ-1..4) and
// /cm import balances (PAY-2/3). Each command only parses and words the
// answer; the use cases live in src/services.
import type { ActionHandler, Button, CommandResult, CommandSpec, Ctx, FormField, FormHandler, FormSpec } from '../types.ts';
import type { Group } from './group.ts';
import { msg, say, tr, type Locale, type Msg } from '../../i18n.ts';
import { UserError } from '../../services/errors.ts';
import { activeRule, fineOf, formatFen, formatWan, localDay, parseAmount, type Policy } from '../../rules/index.ts';
import { recordDeal, type DealResult } from '../../services/deals.ts';
import {
  ADD_EXAMPLE, DuplicateCustomer, MAX_FIELD, customerHistory, customersOf, editCustomer, registerCustomer, validateCustomer, visibleCustomer,
  type CustomerInput, type CustomerLink, type CustomerRow,
} from '../../services/customers.ts';
import { lastVisits, parseChecklist, recordVisit, visitChecklist, visitStatuses, visitsDue, type VisitResult, type VisitStatus } from '../../services/visits.ts';
import { SLOT_LABEL, assignSlot, bookSlot, cancelBooking, listBookings, parseDay, parseSlot, type Slot } from '../../services/bookings.ts';
import { answerProject, applyProject, getProject, listProjects, MAX_CONTENT } from '../../services/projects.ts';
import { CSV_EXAMPLE, importBalances, type ImportResult } from '../../services/balances.ts';
import { findMemberByRef, getMember } from '../../services/members.ts';

const LIST_LIMIT = 50;

const isAdmin = (ctx: Ctx) => ctx.actor.member.role === 'admin' || ctx.actor.member.role === 'director';
const refused = (l: Locale): CommandResult => ({ text: tr(l, '⛔ 只有管理员可以执行这个操作，未做任何更改。', '⛔ Only an admin can do this. Nothing was changed.') });

/** `¥120,000.00（12万）`; small amounts only once. */
export function money(fen: bigint): string {
  const wan = formatWan(fen);
  return /[万亿]/.test(wan) ? `${formatFen(fen)}（${wan}）` : formatFen(fen);
}

function fmtDay(d: Date, tz: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(d);
}

const clip = (s: string, n: number) => (s.length <= n ? s : s.slice(0, n - 1) + '…');

/**
 * Splits inline text on markers such as `需求：… 建议：… 清单：…`. Text before the first marker is `main`.
 * Markers: needs (需求/needs), suggestions (建议/suggestions), checklist (清单/checklist).
 */
export function splitMarked(text: string): { main: string; needs?: string; suggestions?: string; checklist?: string } {
  const out: { main: string; needs?: string; suggestions?: string; checklist?: string } = { main: '' };
  const marker = /(需求|needs|建议|suggestions?|清单|checklist)\s*[:：]/gi;
  let current: 'main' | 'needs' | 'suggestions' | 'checklist' = 'main';
  let last = 0;
  const push = (k: typeof current, s: string) => {
    const t = s.trim().replace(/[；;，,]\s*$/, '').trim();
    if (!t) return;
    out[k] = out[k] ? `${out[k]} ${t}` : t;
  };
  for (const m of text.matchAll(marker)) {
    push(current, text.slice(last, m.index));
    const w = m[1].toLowerCase();
    current = /需求|needs/.test(w) ? 'needs' : /建议|suggest/.test(w) ? 'suggestions' : 'checklist';
    last = (m.index ?? 0) + m[0].length;
  }
  push(current, text.slice(last));
  return out;
}

const words = (t: string) => t.trim().split(/\s+/).filter(Boolean);

// =========================================================================================================
// DAY-4 hints shared by /deal and /visit

function registerButton(name: string): Button {
  return { label: `登记客户 Register「${clip(name, 30)}」`, actionId: 'customer.register', value: name, style: 'primary', command: `/customer add ${name} <电话> <A|B|C> <支行>` };
}

function pendingHint(ctx: Ctx, link: Extract<CustomerLink, { kind: 'pending' }>): string {
  const l = ctx.actor.locale;
  const rule = activeRule(ctx.core.policy, 'DAY-4');
  const due = `${link.dueDay} ${ctx.core.policy.schedule.registration.dueTime}`;
  const fine = rule ? fineOf(rule) : 0n;
  return tr(
    l,
    `⚠️ 客户「${link.name}」还没有登记（DAY-4）。请在 ${due} 前登记${fine > 0n ? `，否则罚款 ${formatFen(fine)}` : ''}：点下面的按钮，或输入 /customer add ${link.name} <电话> <A|B|C> <支行>`,
    `⚠️ Customer "${link.name}" is not registered yet (DAY-4). Register it by ${due}${fine > 0n ? `, or a ${formatFen(fine)} fine applies` : ''}: use the button, or type /customer add ${link.name} <phone> <A|B|C> <branch>`,
  );
}

// =========================================================================================================
// /deal (PERF-1)

type DealArgs = { amountFen: bigint; product: string; customer?: string };

const DEAL_USAGE = ['/deal 12万 对公存款 张三公司', '/deal ¥120,000 理财', '/deal 1.2e5 代发工资 李四商贸'];

function dealReply(ctx: Ctx, r: DealResult): CommandResult {
  const l = ctx.actor.locale;
  const lines: string[] = [];
  if (r.repeated) lines.push(tr(l, '（这条请求已经处理过，没有重复记录。）', '(This request was already handled; nothing was recorded twice.)'));
  const customer = r.customerName ? tr(l, `，客户：${r.customerName}`, `, customer: ${r.customerName}`) : '';
  lines.push(tr(l, `✅ 已记录业绩 #${r.dealId}：${money(r.amountFen)}，产品：${r.product}${customer}（${r.day}）。`, `✅ Deal #${r.dealId} recorded: ${money(r.amountFen)}, product: ${r.product}${customer} (${r.day}).`));
  lines.push(tr(l, `📈 本月累计：${money(r.monthTotalFen)}`, `📈 Month to date: ${money(r.monthTotalFen)}`));
  if (r.big) {
    lines.push(tr(l, `🎉 达到大单标准（≥ ${formatFen(ctx.core.policy.schedule.bigDeal.threshold)}），已在团队频道播报喜讯（PERF-1）。`, `🎉 A big deal (≥ ${formatFen(ctx.core.policy.schedule.bigDeal.threshold)}): congratulations are posted in the team channel (PERF-1).`));
  }
  const buttons: Button[] = [];
  if (r.link?.kind === 'pending') {
    lines.push(pendingHint(ctx, r.link));
    buttons.push(registerButton(r.link.name));
  }
  return { text: lines.join('\n'), buttons };
}

const deal: CommandSpec<DealArgs> = {
  name: 'deal',
  summary: msg('记录业绩（10万元及以上在团队频道播报）', 'Record a result (¥100,000 or more is announced to the team)'),
  usage: DEAL_USAGE,
  parse(text) {
    const [amountText, product, ...rest] = words(text);
    if (!amountText) return { ok: false, error: msg('请写上金额和产品，例如：/deal 12万 对公存款 张三公司', 'Give the amount and the product, e.g. /deal 12万 deposits 张三公司') };
    const a = parseAmount(amountText);
    if (!a.ok) return { ok: false, error: a.message };
    if (!product) return { ok: false, error: msg('请在金额后写上产品，例如：/deal 12万 对公存款 张三公司', 'Add the product after the amount, e.g. /deal 12万 deposits 张三公司') };
    if (product.length > 100) return { ok: false, error: msg('产品名称太长（上限 100 字）', 'The product name is too long (limit 100 characters)') };
    const customer = rest.join(' ').trim() || undefined;
    if (customer && customer.length > 100) return { ok: false, error: msg('客户名称太长（上限 100 字）', 'The customer name is too long (limit 100 characters)') };
    return { ok: true, args: { amountFen: a.fen, product, customer } };
  },
  async run(ctx, a) {
    const r = await recordDeal(ctx.core, ctx.actor, { amountFen: a.amountFen, product: a.product, customerName: a.customer }, ctx.now, ctx.requestKey);
    return dealReply(ctx, r);
  },
};

// =========================================================================================================
// /customer (DAY-4/5, OWN-1, OUT-4)

export function customerForm(ctx: Ctx, initial?: Partial<CustomerRow>, editId?: number): FormSpec {
  const l = ctx.actor.locale;
  return {
    id: 'customer',
    title: editId ? tr(l, '修改客户资料', 'Edit customer') : tr(l, '登记新客户', 'Register a customer'),
    submitLabel: tr(l, '保存', 'Save'),
    meta: editId ? `edit:${editId}` : '',
    inlineHelp: editId ? `/customer edit ${initial?.name ?? '张三公司'} 等级=A 电话=13900000000 需求=…` : ADD_EXAMPLE,
    fields: [
      { id: 'name', label: tr(l, '客户名称', 'Customer name'), kind: 'text', initial: initial?.name, maxLength: 100 },
      { id: 'phone', label: tr(l, '联系电话', 'Phone'), kind: 'text', optional: true, initial: initial?.phone ?? undefined, placeholder: '13800000000 / 010-12345678', maxLength: 20 },
      {
        id: 'tier', label: tr(l, '客户等级', 'Tier'), kind: 'select', initial: initial?.tier ?? 'C',
        options: [
          { value: 'A', label: tr(l, 'A 类（每 7 天回访）', 'A (visit every 7 days)').replace('7', String(ctx.core.policy.schedule.visits.intervalDays.A)) },
          { value: 'B', label: tr(l, 'B 类（每 30 天回访）', 'B (visit every 30 days)').replace('30', String(ctx.core.policy.schedule.visits.intervalDays.B)) },
          { value: 'C', label: tr(l, 'C 类（每 90 天回访）', 'C (visit every 90 days)').replace('90', String(ctx.core.policy.schedule.visits.intervalDays.C)) },
        ],
      },
      { id: 'branch', label: tr(l, '所属支行', 'Branch'), kind: 'text', optional: true, initial: initial?.branch || undefined, maxLength: 100 },
      { id: 'needs', label: tr(l, '客户需求', 'Needs'), kind: 'multiline', optional: true, initial: initial?.needs || undefined, maxLength: MAX_FIELD },
      { id: 'suggestions', label: tr(l, '意见建议', 'Suggestions'), kind: 'multiline', optional: true, initial: initial?.suggestions || undefined, maxLength: MAX_FIELD },
    ],
  };
}

type CustomerArgs =
  | { mode: 'addForm' }
  | { mode: 'add'; input: CustomerInput }
  | { mode: 'editForm'; ref: string }
  | { mode: 'edit'; ref: string; patch: Partial<CustomerInput> }
  | { mode: 'list'; who?: string }
  | { mode: 'show'; ref: string };

const CUSTOMER_USAGE = [
  ADD_EXAMPLE,
  '/customer add 李四商贸 - B 城西支行    （没有电话写 -）',
  '/customer edit 张三公司 等级=A 电话=13900000000 需求=扩大授信',
  '/customer list    （管理员：/customer list @张三 或 /customer list all）',
  '/customer show 张三公司',
];

const EDIT_KEYS: Record<string, keyof CustomerInput> = {
  name: 'name', 名称: 'name', 名字: 'name', 客户: 'name',
  phone: 'phone', 电话: 'phone', 手机: 'phone',
  tier: 'tier', 等级: 'tier', 级别: 'tier',
  branch: 'branch', 支行: 'branch', 网点: 'branch',
  needs: 'needs', 需求: 'needs',
  suggestions: 'suggestions', suggestion: 'suggestions', 建议: 'suggestions',
};

/** `等级=A 电话=139… 需求=扩大 授信` → patch; a value runs until the next `key=`. */
export function parseEdit(text: string): { ok: true; patch: Partial<CustomerInput> } | { ok: false; error: Msg } {
  const keys = Object.keys(EDIT_KEYS).sort((a, b) => b.length - a.length).join('|');
  const re = new RegExp(`(?:^|\\s)(${keys})\\s*[=＝]`, 'gi');
  const hits = [...text.matchAll(re)];
  if (hits.length === 0 || text.slice(0, hits[0].index).trim()) {
    return { ok: false, error: msg('请用「字段=值」写要修改的内容，例如：/customer edit 张三公司 等级=A 电话=13900000000', 'Write the changes as field=value, e.g. /customer edit 张三公司 tier=A phone=13900000000') };
  }
  const patch: Partial<CustomerInput> = {};
  hits.forEach((m, i) => {
    const start = (m.index ?? 0) + m[0].length;
    const end = i + 1 < hits.length ? hits[i + 1].index : text.length;
    const key = EDIT_KEYS[m[1].toLowerCase()] ?? EDIT_KEYS[m[1]];
    (patch as Record<string, string>)[key] = text.slice(start, end).trim();
  });
  return { ok: true, patch };
}

function parseAdd(rest: string): { ok: true; input: CustomerInput } | { ok: false; error: Msg } {
  const firstMarker = /(需求|needs|建议|suggestions?)\s*[:：]/i.exec(rest);
  const head = firstMarker ? rest.slice(0, firstMarker.index) : rest;
  const tail = firstMarker ? rest.slice(firstMarker.index) : '';
  const t = words(head);
  const name = t.shift() ?? '';
  let phone: string | undefined;
  let tier: string | undefined;
  if (t.length && !/^[ABCabc]类?$/.test(t[0])) phone = t.shift();
  if (t.length && /^[ABCabc]类?$/.test(t[0])) tier = t.shift();
  if (!tier) return { ok: false, error: msg(`请写上客户等级 A、B 或 C。例如：${ADD_EXAMPLE}`, `Give the tier A, B or C. Example: ${ADD_EXAMPLE}`) };
  const branch = t.shift();
  const marked = splitMarked([t.join(' '), tail].filter(Boolean).join(' '));
  const needs = [marked.main, marked.needs].filter(Boolean).join(' ');
  const input: CustomerInput = { name, phone: phone === '-' ? null : phone, tier, branch, needs, suggestions: marked.suggestions };
  const v = validateCustomer(input);
  if (!v.ok) {
    const first = Object.values(v.errors)[0];
    return { ok: false, error: msg(`${first['zh-CN']}。例如：${ADD_EXAMPLE}`, `${first.en}. Example: ${ADD_EXAMPLE}`) };
  }
  return { ok: true, input };
}

function tierLabel(l: Locale, tier: string) {
  return tr(l, `${tier}类`, `tier ${tier}`);
}

function visitState(l: Locale, s: VisitStatus | undefined): string {
  if (!s) return '';
  if (s.state === 'overdue') return tr(l, `⚠️ 回访已逾期（应于 ${s.dueDay} 前，漏 ${s.missedCycles} 次）`, `⚠️ revisit overdue (due ${s.dueDay}, ${s.missedCycles} missed)`);
  if (s.daysLeft === 0) return tr(l, `⏰ 今天应回访（${s.dueDay}）`, `⏰ revisit due today (${s.dueDay})`);
  return tr(l, `下次回访 ${s.dueDay}（还有 ${s.daysLeft} 天）`, `next visit by ${s.dueDay} (${s.daysLeft} days)`);
}

async function ownerNames(ctx: Ctx, ids: number[]): Promise<Map<number, string>> {
  const rows = await ctx.core.db.member.findMany({ where: { id: { in: [...new Set(ids)] } } });
  return new Map(rows.map((m) => [m.id, m.name]));
}

async function customerList(ctx: Ctx, who?: string): Promise<CommandResult> {
  const l = ctx.actor.locale;
  let owner: number | 'all' = ctx.actor.member.id;
  let title = tr(l, '你的客户', 'Your customers');
  if (who) {
    if (!isAdmin(ctx)) return { text: tr(l, '⛔ 你只能查看自己的客户（/customer list）。', '⛔ You can only list your own customers (/customer list).') };
    if (/^(all|全部|team)$/i.test(who)) {
      owner = 'all';
      title = tr(l, '全部客户', 'All customers');
    } else {
      const m = await findMemberByRef(ctx.core, ctx.platform, who);
      owner = m.id;
      title = tr(l, `${m.name} 的客户`, `${m.name}'s customers`);
    }
  } else if (isAdmin(ctx)) {
    owner = 'all';
    title = tr(l, '全部客户', 'All customers');
  }
  const customers = await customersOf(ctx.core, owner);
  if (customers.length === 0) return { text: tr(l, `${title}：还没有。用 ${ADD_EXAMPLE} 登记。`, `${title}: none yet. Register one with ${ADD_EXAMPLE}`) };
  const shown = customers.slice(0, LIST_LIMIT);
  const states = new Map((await visitStatuses(ctx.core, shown, ctx.now)).map((s) => [s.customer.id, s]));
  const names = owner === 'all' ? await ownerNames(ctx, shown.map((c) => c.ownerId)) : null;
  const lines = shown.map((c) => {
    const parts = [`#${c.id} ${c.name}`, tierLabel(l, c.tier)];
    if (c.branch) parts.push(c.branch);
    if (names) parts.push(tr(l, `客户经理：${names.get(c.ownerId) ?? c.ownerId}`, `manager: ${names.get(c.ownerId) ?? c.ownerId}`));
    parts.push(visitState(l, states.get(c.id)));
    return `• ${parts.filter(Boolean).join(' · ')}`;
  });
  const more = customers.length > shown.length ? tr(l, `\n…共 ${customers.length} 个，只显示前 ${LIST_LIMIT} 个。用 /customer show <名称> 查看某一个。`, `\n…${customers.length} in all; the first ${LIST_LIMIT} are shown.`) : '';
  return { text: `${title}（${customers.length}）：\n${lines.join('\n')}${more}` };
}

const FIELD_NAMES: Record<string, [string, string]> = {
  name: ['名称', 'name'], phone: ['电话', 'phone'], tier: ['等级', 'tier'], branch: ['支行', 'branch'], needs: ['需求', 'needs'], suggestions: ['建议', 'suggestions'], created: ['登记', 'registered'],
};

async function customerShow(ctx: Ctx, ref: string): Promise<CommandResult> {
  const l = ctx.actor.locale;
  const tz = ctx.core.team.timezone;
  const c = await visibleCustomer(ctx.core, ctx.actor, ref);
  const [history, visits, states, owner] = await Promise.all([
    customerHistory(ctx.core, c.id),
    lastVisits(ctx.core, c.id),
    visitStatuses(ctx.core, [c], ctx.now),
    getMember(ctx.core, c.ownerId),
  ]);
  const names = await ownerNames(ctx, [...history.map((h) => h.changedBy), ...visits.map((v) => v.memberId)]);
  const none = tr(l, '（无）', '(none)');
  const lines = [
    `📇 #${c.id} ${c.name} · ${tierLabel(l, c.tier)}`,
    `${tr(l, '电话', 'Phone')}：${c.phone ?? none}`,
    `${tr(l, '支行', 'Branch')}：${c.branch || none}`,
    `${tr(l, '需求', 'Needs')}：${c.needs || none}`,
    `${tr(l, '建议', 'Suggestions')}：${c.suggestions || none}`,
    `${tr(l, '客户经理', 'Manager')}：${owner?.name ?? c.ownerId} · ${tr(l, '登记于', 'registered')} ${fmtDay(c.registeredAt, tz)}`,
    `${tr(l, '回访', 'Revisit')}：${visitState(l, states[0]) || none}`,
    '',
    tr(l, '🕘 最近拜访：', '🕘 Last visits:'),
    ...(visits.length
      ? visits.map((v) => `  ${v.day} ${names.get(v.memberId) ?? ''}：${clip(v.notes, 200)}${v.needs ? tr(l, `（需求：${clip(v.needs, 100)}）`, ` (needs: ${clip(v.needs, 100)})`) : ''}`)
      : [`  ${none}`]),
    '',
    tr(l, '📝 修改记录：', '📝 History:'),
    ...(history.length
      ? history.map((h) => {
          const fields = Object.keys(h.changes).map((k) => (FIELD_NAMES[k] ? tr(l, FIELD_NAMES[k][0], FIELD_NAMES[k][1]) : k));
          return `  ${fmtDay(h.changedAt, tz)} ${names.get(h.changedBy) ?? h.changedBy}：${fields.join('、')}`;
        })
      : [`  ${none}`]),
  ];
  return { text: lines.join('\n') };
}

const customer: CommandSpec<CustomerArgs> = {
  name: 'customer',
  summary: msg('客户登记簿：登记、修改、列表、详情（先登记者为准）', 'Customer registry: add, edit, list, show (first registration owns it)'),
  usage: CUSTOMER_USAGE,
  parse(text) {
    const t = text.trim();
    const [sub = '', ...rest] = words(t);
    const restText = t.slice(sub.length).trim();
    switch (sub.toLowerCase()) {
      case '':
      case 'list':
      case '列表':
        return { ok: true, args: { mode: 'list', who: rest.join(' ') || undefined } };
      case 'add':
      case '登记':
      case '新增': {
        if (!restText) return { ok: true, args: { mode: 'addForm' } };
        const r = parseAdd(restText);
        return r.ok ? { ok: true, args: { mode: 'add', input: r.input } } : r;
      }
      case 'edit':
      case '修改': {
        const [ref, ...fields] = rest;
        if (!ref) return { ok: false, error: msg('请写上要修改的客户，例如：/customer edit 张三公司 等级=A', 'Name the customer to edit, e.g. /customer edit 张三公司 tier=A') };
        if (fields.length === 0) return { ok: true, args: { mode: 'editForm', ref } };
        const p = parseEdit(restText.slice(ref.length).trim());
        return p.ok ? { ok: true, args: { mode: 'edit', ref, patch: p.patch } } : p;
      }
      case 'show':
      case '详情':
      case '查看':
        if (!restText) return { ok: false, error: msg('请写上客户名称或编号，例如：/customer show 张三公司', 'Name the customer, e.g. /customer show 张三公司') };
        return { ok: true, args: { mode: 'show', ref: restText } };
      default:
        return { ok: false, error: msg(`不认识「${sub}」：可用 add、edit、list、show`, `Unknown "${sub}": use add, edit, list or show`) };
    }
  },
  async run(ctx, a) {
    const l = ctx.actor.locale;
    switch (a.mode) {
      case 'addForm':
        if (ctx.platform === 'slack') return { text: tr(l, '请在弹出的表单里登记客户。', 'Fill in the form to register the customer.'), form: customerForm(ctx) };
        return { text: tr(l, `登记客户：${ADD_EXAMPLE}`, `Register a customer: ${ADD_EXAMPLE}`) };
      case 'add': {
        const r = await registerCustomer(ctx.core, ctx.actor, a.input, ctx.now, ctx.requestKey);
        return { text: addedText(l, r.customer, r.resolvedPending) };
      }
      case 'editForm': {
        const c = await visibleCustomer(ctx.core, ctx.actor, a.ref);
        if (ctx.platform === 'slack') return { text: tr(l, '请在弹出的表单里修改。', 'Edit the customer in the form.'), form: customerForm(ctx, c, c.id) };
        return { text: tr(l, `修改客户：/customer edit ${c.name} 等级=A 电话=13900000000 支行=城东支行 需求=… 建议=…`, `Edit: /customer edit ${c.name} tier=A phone=13900000000 branch=… needs=… suggestions=…`) };
      }
      case 'edit': {
        const r = await editCustomer(ctx.core, ctx.actor, a.ref, a.patch, ctx.now, ctx.requestKey);
        return { text: editedText(l, r.customer, r.changed) };
      }
      case 'list':
        return customerList(ctx, a.who);
      case 'show':
        return customerShow(ctx, a.ref);
    }
  },
};

function addedText(l: Locale, c: CustomerRow, resolved: number): string {
  return (
    tr(l, `✅ 已登记客户 #${c.id}「${c.name}」（${c.tier}类），归属于你（OWN-1）。`, `✅ Customer #${c.id} "${c.name}" (tier ${c.tier}) registered; you own it (OWN-1).`) +
    (resolved ? tr(l, '\n待登记提醒已解除（DAY-4）。', '\nThe pending registration is resolved (DAY-4).') : '')
  );
}

function editedText(l: Locale, c: CustomerRow, changed: string[]): string {
  if (changed.length === 0) return tr(l, `客户「${c.name}」没有变化，未做修改。`, `Customer "${c.name}" is unchanged; nothing was saved.`);
  const fields = changed.map((k) => tr(l, FIELD_NAMES[k]?.[0] ?? k, FIELD_NAMES[k]?.[1] ?? k));
  return tr(l, `✅ 已更新客户 #${c.id}「${c.name}」：${fields.join('、')}（已记入修改记录）。`, `✅ Customer #${c.id} "${c.name}" updated: ${fields.join(', ')} (kept in its history).`);
}

const customerSubmit: FormHandler = {
  id: 'customer',
  async submit(ctx, values, meta) {
    const l = ctx.actor.locale;
    const input: CustomerInput = { name: values.name ?? '', phone: values.phone ?? null, tier: values.tier ?? 'C', branch: values.branch, needs: values.needs, suggestions: values.suggestions };
    const v = validateCustomer(input);
    if (!v.ok) return { ok: false, errors: Object.fromEntries(Object.entries(v.errors).map(([k, m]) => [k, say(l, m)])) };
    const editId = /^edit:(\d+)$/.exec(meta ?? '');
    try {
      if (editId) {
        const r = await editCustomer(ctx.core, ctx.actor, `#${editId[1]}`, input, ctx.now, ctx.requestKey);
        return { ok: true, result: { text: editedText(l, r.customer, r.changed) } };
      }
      const r = await registerCustomer(ctx.core, ctx.actor, input, ctx.now, ctx.requestKey);
      return { ok: true, result: { text: addedText(l, r.customer, r.resolvedPending) } };
    } catch (e) {
      if (e instanceof DuplicateCustomer) return { ok: false, errors: { [e.field]: say(l, e.userMessage) } };
      if (e instanceof UserError) return { ok: false, errors: { name: say(l, e.userMessage) } };
      throw e;
    }
  },
};

const registerAction: ActionHandler = {
  id: 'customer.register',
  async run(ctx, value) {
    const l = ctx.actor.locale;
    return { text: tr(l, `请登记客户「${value}」。`, `Please register "${value}".`), form: customerForm(ctx, { name: value }) };
  },
};

// =========================================================================================================
// /visit (DAY-3, OUT-4, VISIT-T)

type VisitArgs = { mode: 'form' } | { mode: 'due'; all: boolean } | { mode: 'record'; customer: string; notes: string; needs?: string; suggestions?: string; checklist?: string[] };

function checklistHelp(l: Locale, policy: Policy): string {
  const items = visitChecklist(policy);
  if (!items) return '';
  return tr(l, `\n拜访清单（VISIT-T）：在末尾写「清单：全部」或编号/代码，如「清单：1,2,5」。`, `\nVisit checklist (VISIT-T): end with "checklist: all" or numbers/keys, e.g. "checklist: 1,2,5".`) +
    '\n' + items.map((it, i) => `  ${i + 1}. ${it.key} ${it.label[l]}`).join('\n');
}

export function visitForm(ctx: Ctx, customerName?: string): FormSpec {
  const l = ctx.actor.locale;
  const items = visitChecklist(ctx.core.policy) ?? [];
  const yesNo = [{ value: 'yes', label: tr(l, '✓ 已做', '✓ done') }, { value: 'no', label: tr(l, '未做', 'not done') }];
  const fields: FormField[] = [
    { id: 'customer', label: tr(l, '客户名称', 'Customer'), kind: 'text', initial: customerName, maxLength: 100 },
    { id: 'notes', label: tr(l, '拜访情况', 'Visit notes'), kind: 'multiline', maxLength: MAX_FIELD * 2 },
    { id: 'needs', label: tr(l, '客户需求', 'Needs'), kind: 'multiline', optional: true, maxLength: MAX_FIELD },
    { id: 'suggestions', label: tr(l, '意见建议', 'Suggestions'), kind: 'multiline', optional: true, maxLength: MAX_FIELD },
    ...items.slice(0, 90).map((it): FormField => ({ id: `ck:${it.key}`, label: `VISIT-T ${it.label[l]}`, kind: 'select', optional: true, options: yesNo })),
  ];
  return {
    id: 'visit',
    title: tr(l, '记录拜访', 'Record a visit'),
    submitLabel: tr(l, '保存', 'Save'),
    inlineHelp: items.length ? '/visit 张三烟酒店 检查陈列与价签 需求：新品 清单：全部' : '/visit 张三公司 了解流动资金需求 需求：贷款500万 建议：上门服务',
    fields,
  };
}

function visitReply(ctx: Ctx, r: VisitResult, next?: VisitStatus): CommandResult {
  const l = ctx.actor.locale;
  if (!r.recorded) {
    if (r.link.kind !== 'pending') return { text: tr(l, '拜访未记录。', 'The visit was not recorded.') };
    return {
      text: tr(l, `客户「${r.link.name}」还没有登记，拜访暂未记录：请先登记，再记录这次拜访。`, `Customer "${r.link.name}" is not registered, so the visit was not recorded yet: register it first, then record the visit.`) + '\n' + pendingHint(ctx, r.link),
      buttons: [registerButton(r.link.name)],
    };
  }
  const lines: string[] = [];
  if (r.repeated) lines.push(tr(l, '（这条请求已经处理过，没有重复记录。）', '(This request was already handled; nothing was recorded twice.)'));
  lines.push(tr(l, `✅ 已记录对「${r.customer.name}」的拜访 #${r.visitId}（${r.day}），回访周期从今天重新计算（DAY-3）。`, `✅ Visit #${r.visitId} to "${r.customer.name}" recorded (${r.day}); the revisit cycle restarts today (DAY-3).`));
  if (next) lines.push(tr(l, `下次应于 ${next.dueDay} 前回访。`, `Next visit due by ${next.dueDay}.`));
  if (r.checklist) {
    lines.push(tr(l, `📋 拜访清单（VISIT-T）：完成 ${r.checklist.done}/${r.checklist.total}`, `📋 Checklist (VISIT-T): ${r.checklist.done}/${r.checklist.total} done`) +
      (r.checklist.missing.length ? tr(l, `，未做：${clip(r.checklist.missing.join('、'), 600)}`, `; not done: ${clip(r.checklist.missing.join(', '), 600)}`) : ''));
  } else if (visitChecklist(ctx.core.policy) && !r.repeated) {
    lines.push(tr(l, '（未填拜访清单 VISIT-T；下次可在末尾加「清单：全部」。）', '(No VISIT-T checklist given; add "checklist: all" at the end next time.)'));
  }
  return { text: lines.join('\n') };
}

async function doVisit(ctx: Ctx, input: { customer: string; notes: string; needs?: string; suggestions?: string; checklist?: string[] }): Promise<CommandResult> {
  const r = await recordVisit(ctx.core, ctx.actor, { customerName: input.customer, notes: input.notes, needs: input.needs, suggestions: input.suggestions, checklist: input.checklist }, ctx.now, ctx.requestKey);
  const next = r.recorded ? (await visitStatuses(ctx.core, [r.customer], ctx.now))[0] : undefined;
  return visitReply(ctx, r, next);
}

const visit: CommandSpec<VisitArgs> = {
  name: 'visit',
  summary: msg('记录客户拜访（需求、建议；烟草策略含拜访清单）；/visit due 查看到期回访', 'Record a visit (needs, suggestions; the tobacco checklist when active); /visit due lists revisits due'),
  usage: ['/visit 张三公司 了解流动资金需求 需求：贷款500万 建议：上门服务', '/visit due', '/visit 张三烟酒店 检查陈列 清单：全部    （启用 VISIT-T 时）'],
  parse(text, ctx) {
    const t = text.trim();
    if (!t) return { ok: true, args: { mode: 'form' } };
    const [first, ...rest] = words(t);
    if (/^(due|到期|待访)$/i.test(first)) return { ok: true, args: { mode: 'due', all: /^(all|全部|team)$/i.test(rest[0] ?? '') } };
    const m = splitMarked(t.slice(first.length));
    if (!m.main) return { ok: false, error: msg(`请写上拜访情况，例如：/visit ${first} 了解流动资金需求`, `Describe the visit, e.g. /visit ${first} discussed working capital`) };
    let checklist: string[] | undefined;
    if (m.checklist !== undefined) {
      if (!visitChecklist(ctx.core.policy)) return { ok: false, error: msg('当前策略没有启用拜访清单（VISIT-T），请去掉「清单：」部分。', 'The active policy has no visit checklist (VISIT-T); remove the "checklist:" part.') };
      const c = parseChecklist(ctx.core.policy, m.checklist);
      if (!c.ok) return { ok: false, error: msg(`清单里有不认识的项：${c.bad.join('、')}。${checklistHelp('zh-CN', ctx.core.policy)}`, `Unknown checklist items: ${c.bad.join(', ')}.${checklistHelp('en', ctx.core.policy)}`) };
      checklist = c.checked;
    }
    return { ok: true, args: { mode: 'record', customer: first, notes: m.main, needs: m.needs, suggestions: m.suggestions, checklist } };
  },
  async run(ctx, a) {
    const l = ctx.actor.locale;
    if (a.mode === 'form') {
      if (ctx.platform === 'slack') return { text: tr(l, '请在弹出的表单里记录拜访。', 'Fill in the form to record the visit.'), form: visitForm(ctx) };
      return { text: tr(l, '记录拜访：/visit 张三公司 了解流动资金需求 需求：贷款500万 建议：上门服务', 'Record a visit: /visit 张三公司 discussed working capital 需求：… 建议：…') + checklistHelp(l, ctx.core.policy) };
    }
    if (a.mode === 'due') {
      if (a.all && !isAdmin(ctx)) return { text: tr(l, '⛔ 你只能查看自己的客户（/visit due）。', '⛔ You can only see your own customers (/visit due).') };
      const due = await visitsDue(ctx.core, a.all ? 'all' : ctx.actor.member.id, ctx.now);
      if (due.length === 0) return { text: tr(l, `✅ 没有逾期或 ${ctx.core.policy.schedule.visits.reminderDaysBefore} 天内到期的回访。`, `✅ No revisit overdue or due within ${ctx.core.policy.schedule.visits.reminderDaysBefore} days.`) };
      const shown = due.slice(0, LIST_LIMIT);
      const lines = shown.map((s) => `• #${s.customer.id} ${s.customer.name}（${s.customer.tier}）${visitState(l, s)}`);
      const more = due.length > shown.length ? tr(l, `\n…另有 ${due.length - shown.length} 个`, `\n…and ${due.length - shown.length} more`) : '';
      return { text: `${tr(l, '📅 待回访客户（DAY-3）：', '📅 Revisits due (DAY-3):')}\n${lines.join('\n')}${more}\n${tr(l, '拜访后输入 /visit <客户> <情况>。', 'After a visit: /visit <customer> <notes>.')}` };
    }
    return doVisit(ctx, a);
  },
};

const visitSubmit: FormHandler = {
  id: 'visit',
  async submit(ctx, values) {
    const l = ctx.actor.locale;
    const errors: Record<string, string> = {};
    const customerName = (values.customer ?? '').trim();
    const notes = (values.notes ?? '').trim();
    if (!customerName) errors.customer = tr(l, '请填写客户名称，例如：张三公司', 'Please give the customer, e.g. 张三公司');
    if (!notes) errors.notes = tr(l, '请填写拜访情况，例如：了解流动资金需求', 'Please describe the visit');
    if (Object.keys(errors).length) return { ok: false, errors };
    const items = visitChecklist(ctx.core.policy);
    const checklist = items ? items.filter((it) => values[`ck:${it.key}`] === 'yes').map((it) => it.key) : undefined;
    try {
      const result = await doVisit(ctx, { customer: customerName, notes, needs: values.needs, suggestions: values.suggestions, checklist });
      return { ok: true, result };
    } catch (e) {
      if (e instanceof UserError) return { ok: false, errors: { customer: say(l, e.userMessage) } };
      throw e;
    }
  },
};

// =========================================================================================================
// /booking (INT-3/4)

type BookingArgs =
  | { mode: 'book'; outlet: string; day: string; slot: Slot }
  | { mode: 'list'; day?: string }
  | { mode: 'cancel'; id: number }
  | { mode: 'assign'; outlet: string; day: string; slot: Slot; member: string };

const BOOKING_USAGE = ['/booking 城东支行 2026-11-25 am', '/booking list [2026-11-25]', '/booking cancel 12', '/booking assign 城东支行 2026-11-25 pm @李四    （管理员）'];

function parseOutletDaySlot(tokens: string[], ctx: Ctx): { ok: true; outlet: string; day: string; slot: Slot } | { ok: false; error: Msg } {
  const example = '/booking 城东支行 2026-11-25 am';
  if (tokens.length < 3) return { ok: false, error: msg(`请写上网点、日期和上午/下午，例如：${example}`, `Give the outlet, the date and am/pm, e.g. ${example}`) };
  const slot = parseSlot(tokens[tokens.length - 1]);
  if (!slot) return { ok: false, error: msg(`时段应为 am（上午）或 pm（下午），而不是「${tokens[tokens.length - 1]}」。例如：${example}`, `The slot must be am or pm, not "${tokens[tokens.length - 1]}". Example: ${example}`) };
  const day = parseDay(tokens[tokens.length - 2], ctx.now, ctx.core.team.timezone);
  if (!day) return { ok: false, error: msg(`日期「${tokens[tokens.length - 2]}」看不懂，请写成 2026-11-25、11-25 或 明天。例如：${example}`, `Cannot read the date "${tokens[tokens.length - 2]}"; write 2026-11-25, 11-25 or tomorrow. Example: ${example}`) };
  return { ok: true, outlet: tokens.slice(0, -2).join(' '), day, slot };
}

const booking: CommandSpec<BookingArgs> = {
  name: 'booking',
  summary: msg('预约支行网点做内部营销（先申请者得）；管理员可改派', 'Book a branch outlet for internal marketing (first come, first served); admins can reassign'),
  usage: BOOKING_USAGE,
  parse(text, ctx) {
    const t = words(text);
    const sub = (t[0] ?? '').toLowerCase();
    if (t.length === 0) return { ok: false, error: msg('请写上网点、日期和时段，例如：/booking 城东支行 2026-11-25 am', 'Give the outlet, date and slot, e.g. /booking 城东支行 2026-11-25 am') };
    if (sub === 'list' || sub === '列表') {
      if (!t[1]) return { ok: true, args: { mode: 'list' } };
      const day = parseDay(t[1], ctx.now, ctx.core.team.timezone);
      return day ? { ok: true, args: { mode: 'list', day } } : { ok: false, error: msg(`日期「${t[1]}」看不懂，例如：/booking list 2026-11-25`, `Cannot read the date "${t[1]}", e.g. /booking list 2026-11-25`) };
    }
    if (sub === 'cancel' || sub === '取消') {
      const id = Number((t[1] ?? '').replace(/^#/, ''));
      return Number.isInteger(id) && id > 0 ? { ok: true, args: { mode: 'cancel', id } } : { ok: false, error: msg('请写上预约编号，例如：/booking cancel 12（编号见 /booking list）', 'Give the booking number, e.g. /booking cancel 12 (see /booking list)') };
    }
    if (sub === 'assign' || sub === '改派' || sub === '分配') {
      const member = t[t.length - 1];
      if (t.length < 5) return { ok: false, error: msg('例如：/booking assign 城东支行 2026-11-25 pm @李四', 'For example: /booking assign 城东支行 2026-11-25 pm @李四') };
      const p = parseOutletDaySlot(t.slice(1, -1), ctx);
      return p.ok ? { ok: true, args: { mode: 'assign', outlet: p.outlet, day: p.day, slot: p.slot, member } } : p;
    }
    const p = parseOutletDaySlot(t, ctx);
    return p.ok ? { ok: true, args: { mode: 'book', outlet: p.outlet, day: p.day, slot: p.slot } } : p;
  },
  async run(ctx, a) {
    const l = ctx.actor.locale;
    const slotText = (s: string) => say(l, SLOT_LABEL[s as Slot]);
    switch (a.mode) {
      case 'book': {
        const b = await bookSlot(ctx.core, ctx.actor, a, ctx.now);
        return { text: tr(l, `✅ 预约成功 #${b.id}：${b.outlet} ${b.day} ${slotText(b.slot)}（INT-3/4）。取消：/booking cancel ${b.id}`, `✅ Booked #${b.id}: ${b.outlet} on ${b.day}, ${slotText(b.slot)} (INT-3/4). To cancel: /booking cancel ${b.id}`) };
      }
      case 'list': {
        const from = a.day ? undefined : localDay(ctx.now, ctx.core.team.timezone);
        const rows = await listBookings(ctx.core, { day: a.day, from, limit: LIST_LIMIT });
        if (rows.length === 0) return { text: a.day ? tr(l, `${a.day} 没有预约。`, `No bookings on ${a.day}.`) : tr(l, '今天起没有预约。', 'No bookings from today on.') };
        const lines = rows.map((b) => `• #${b.id} ${b.day} ${slotText(b.slot)} ${b.outlet} — ${b.holderName}${b.reassignedBy ? tr(l, '（管理员分配）', ' (assigned by an admin)') : ''}`);
        return { text: `${a.day ? tr(l, `📍 ${a.day} 的网点预约：`, `📍 Bookings on ${a.day}:`) : tr(l, '📍 今天起的网点预约：', '📍 Bookings from today:')}\n${lines.join('\n')}` };
      }
      case 'cancel': {
        const b = await cancelBooking(ctx.core, ctx.actor, a.id);
        return { text: tr(l, `✅ 已取消预约 #${b.id}（${b.outlet} ${b.day} ${slotText(b.slot)}），该时段已空出。`, `✅ Booking #${b.id} cancelled (${b.outlet} on ${b.day}, ${slotText(b.slot)}); the slot is free.`) };
      }
      case 'assign': {
        if (!isAdmin(ctx)) return refused(l);
        const to = await findMemberByRef(ctx.core, ctx.platform, a.member);
        const r = await assignSlot(ctx.core, ctx.actor, { outlet: a.outlet, day: a.day, slot: a.slot, to }, ctx.now);
        const b = r.booking;
        if (!r.changed) return { text: tr(l, `${b.outlet} ${b.day} ${slotText(b.slot)} 已经是 ${to.name} 的，未做更改。`, `${b.outlet} on ${b.day} (${slotText(b.slot)}) is already ${to.name}'s; nothing changed.`) };
        return {
          text: r.previous
            ? tr(l, `✅ 已把 ${b.outlet} ${b.day} ${slotText(b.slot)} 从 ${r.previous.name} 改派给 ${to.name}（#${b.id}），已私信通知两人。`, `✅ ${b.outlet} on ${b.day} (${slotText(b.slot)}) reassigned from ${r.previous.name} to ${to.name} (#${b.id}); both were told by DM.`)
            : tr(l, `✅ 已把 ${b.outlet} ${b.day} ${slotText(b.slot)} 分配给 ${to.name}（#${b.id}），已私信通知。`, `✅ ${b.outlet} on ${b.day} (${slotText(b.slot)}) assigned to ${to.name} (#${b.id}); they were told by DM.`),
        };
      }
    }
  },
};

// =========================================================================================================
// /project (PRJ-1..4)

type ProjectArgs =
  | { mode: 'form' }
  | { mode: 'list' }
  | { mode: 'apply'; customer: string; content: string }
  | { mode: 'answer'; id: number; decision: 'approved' | 'rejected'; note?: string };

function projectForm(ctx: Ctx): FormSpec {
  const l = ctx.actor.locale;
  return {
    id: 'project',
    title: tr(l, '大型客户立项申请', 'Big-customer project'),
    submitLabel: tr(l, '提交', 'Submit'),
    inlineHelp: '/project 张三公司 申请综合授信5000万，配套代发工资',
    fields: [
      { id: 'customer', label: tr(l, '客户名称', 'Customer'), kind: 'text', maxLength: 100 },
      { id: 'content', label: tr(l, '立项内容（业务、金额、需要的支持）', 'Content (business, amount, support needed)'), kind: 'multiline', maxLength: MAX_CONTENT },
    ],
  };
}

function rejectForm(ctx: Ctx, id: number): FormSpec {
  const l = ctx.actor.locale;
  return {
    id: 'project.reject',
    title: tr(l, `驳回立项 #${id}`, `Reject project #${id}`),
    submitLabel: tr(l, '驳回', 'Reject'),
    meta: String(id),
    inlineHelp: `/project reject ${id} <理由>`,
    fields: [{ id: 'reason', label: tr(l, '驳回理由（会告知申请人）', 'Reason (sent to the applicant)'), kind: 'multiline', maxLength: MAX_CONTENT }],
  };
}

async function doApply(ctx: Ctx, customer: string, content: string): Promise<CommandResult> {
  const l = ctx.actor.locale;
  const r = await applyProject(ctx.core, ctx.actor, { customerName: customer, content }, ctx.now, ctx.requestKey);
  const n = ctx.core.policy.schedule.projects.answerWorkdays;
  return {
    text:
      tr(l, `✅ 立项申请 #${r.project.id}（客户「${r.project.customerName}」）已提交，营销中心应在 ${n} 个工作日内、即 ${r.dueDay} 前答复（节假日顺延，PRJ）。`, `✅ Project application #${r.project.id} ("${r.project.customerName}") submitted; the answer is due within ${n} working days, by ${r.dueDay} (holidays excluded, PRJ).`) +
      (r.admins === 0 ? tr(l, '\n⚠️ 目前还没有管理员，申请暂时无人审批。', '\n⚠️ There is no admin yet to answer it.') : ''),
  };
}

async function doAnswer(ctx: Ctx, id: number, decision: 'approved' | 'rejected', note?: string): Promise<CommandResult> {
  const l = ctx.actor.locale;
  const r = await answerProject(ctx.core, ctx.actor, id, decision, note, ctx.now, ctx.requestKey);
  const p = r.project;
  const verdict = p.status === 'approved' ? tr(l, '✅ 已批准', '✅ Approved') : tr(l, '❌ 已驳回', '❌ Rejected');
  const summary = `📋 #${p.id} ${r.applicantName} — ${p.customerName}\n${clip(p.content, 1500)}\n${verdict}（${r.answeredByName}）${p.answer ? `：${p.answer}` : ''}`;
  if (r.alreadyAnswered) {
    return { text: tr(l, `立项申请 #${id} 已由 ${r.answeredByName} 处理过（${verdict}），未做更改。`, `Project application #${id} was already answered by ${r.answeredByName} (${verdict}); nothing changed.`), update: { text: summary } };
  }
  return { text: tr(l, `${verdict}立项申请 #${id}，已私信通知 ${r.applicantName}。`, `${verdict} project application #${id}; ${r.applicantName} was told by DM.`), update: { text: summary } };
}

const project: CommandSpec<ProjectArgs> = {
  name: 'project',
  summary: msg('大型客户立项申请（营销中心 3 个工作日内答复）', 'Apply for a big-customer project (answered within 3 working days)'),
  usage: ['/project 张三公司 申请综合授信5000万，配套代发工资', '/project list', '/project approve 7 [备注]    （管理员）', '/project reject 7 授信额度超出权限    （管理员）'],
  parse(text) {
    const t = text.trim();
    if (!t) return { ok: true, args: { mode: 'form' } };
    const [first, second, ...rest] = words(t);
    const sub = first.toLowerCase();
    if (sub === 'list' || sub === '列表') return { ok: true, args: { mode: 'list' } };
    if (['approve', 'reject', '批准', '驳回'].includes(sub)) {
      const id = Number((second ?? '').replace(/^#/, ''));
      const decision = sub === 'approve' || sub === '批准' ? 'approved' : 'rejected';
      if (!Number.isInteger(id) || id <= 0) return { ok: false, error: msg(`请写上申请编号，例如：/project ${decision === 'approved' ? 'approve 7' : 'reject 7 授信额度超出权限'}`, `Give the application number, e.g. /project ${decision === 'approved' ? 'approve 7' : 'reject 7 over the limit'}`) };
      const note = rest.join(' ').trim() || undefined;
      if (decision === 'rejected' && !note) return { ok: false, error: msg(`驳回需要写明理由，例如：/project reject ${id} 授信额度超出权限`, `A rejection needs a reason, e.g. /project reject ${id} over the credit limit`) };
      return { ok: true, args: { mode: 'answer', id, decision, note } };
    }
    const content = t.slice(first.length).trim();
    if (!content) return { ok: false, error: msg(`请在客户后写上立项内容，例如：/project ${first} 申请综合授信5000万`, `Add the content after the customer, e.g. /project ${first} a ¥50m credit line`) };
    return { ok: true, args: { mode: 'apply', customer: first, content } };
  },
  async run(ctx, a) {
    const l = ctx.actor.locale;
    switch (a.mode) {
      case 'form':
        if (ctx.platform === 'slack') return { text: tr(l, '请在弹出的表单里填写立项申请。', 'Fill in the form to apply.'), form: projectForm(ctx) };
        return { text: tr(l, '立项申请：/project 张三公司 申请综合授信5000万，配套代发工资', 'Apply: /project 张三公司 a ¥50m credit line with payroll') };
      case 'apply':
        return doApply(ctx, a.customer, a.content);
      case 'answer':
        if (!isAdmin(ctx)) return refused(l);
        return doAnswer(ctx, a.id, a.decision, a.note);
      case 'list': {
        const rows = await listProjects(ctx.core, ctx.actor, LIST_LIMIT);
        if (rows.length === 0) return { text: tr(l, '还没有立项申请。', 'No project applications yet.') };
        const status = (s: string) => (s === 'approved' ? tr(l, '✅ 已批准', '✅ approved') : s === 'rejected' ? tr(l, '❌ 已驳回', '❌ rejected') : tr(l, '⏳ 待答复', '⏳ pending'));
        const lines = rows.map((p) => `• #${p.id} ${isAdmin(ctx) ? `${p.applicantName} — ` : ''}${p.customerName}：${clip(p.content, 60)} · ${status(p.status)}${p.status === 'pending' ? tr(l, `，期限 ${p.dueDay}`, `, due ${p.dueDay}`) : p.answer ? `（${clip(p.answer, 60)}）` : ''}`);
        return { text: `${tr(l, '📋 立项申请：', '📋 Project applications:')}\n${lines.join('\n')}` };
      }
    }
  },
};

const projectSubmit: FormHandler = {
  id: 'project',
  async submit(ctx, values) {
    const l = ctx.actor.locale;
    const errors: Record<string, string> = {};
    const customerName = (values.customer ?? '').trim();
    const content = (values.content ?? '').trim();
    if (!customerName) errors.customer = tr(l, '请填写客户名称，例如：张三公司', 'Please give the customer, e.g. 张三公司');
    if (!content) errors.content = tr(l, '请填写立项内容，例如：申请综合授信5000万', 'Please describe the project');
    if (Object.keys(errors).length) return { ok: false, errors };
    try {
      return { ok: true, result: await doApply(ctx, customerName, content) };
    } catch (e) {
      if (e instanceof UserError) return { ok: false, errors: { content: say(l, e.userMessage) } };
      throw e;
    }
  },
};

const rejectSubmit: FormHandler = {
  id: 'project.reject',
  async submit(ctx, values, meta) {
    const l = ctx.actor.locale;
    if (!isAdmin(ctx)) return { ok: true, result: refused(l) };
    const id = Number(meta);
    const reason = (values.reason ?? '').trim();
    if (!reason) return { ok: false, errors: { reason: tr(l, '请写明驳回理由，例如：授信额度超出权限', 'Please give a reason, e.g. over the credit limit') } };
    return { ok: true, result: await doAnswer(ctx, id, 'rejected', reason) };
  },
};

const approveAction: ActionHandler = {
  id: 'project.approve',
  adminOnly: true,
  run: (ctx, value) => doAnswer(ctx, Number(value), 'approved'),
};

const rejectAction: ActionHandler = {
  id: 'project.reject',
  adminOnly: true,
  async run(ctx, value) {
    const l = ctx.actor.locale;
    const id = Number(value);
    const p = await getProject(ctx.core, id);
    if (!p) return { text: tr(l, `没有编号为 ${id} 的立项申请。`, `No project application #${id}.`) };
    if (p.status !== 'pending') {
      const by = p.answeredBy ? (await getMember(ctx.core, p.answeredBy))?.name ?? '' : '';
      return { text: tr(l, `立项申请 #${id} 已由 ${by} 处理过，未做更改。`, `Project application #${id} was already answered by ${by}; nothing changed.`), duplicate: true };
    }
    return { text: tr(l, `请写明驳回 #${id} 的理由。`, `Give the reason for rejecting #${id}.`), form: rejectForm(ctx, id) };
  },
};

// =========================================================================================================
// /cm import balances (PAY-2/3)

type ImportArgs = { path?: string };

function importedText(l: Locale, r: ImportResult): string {
  return tr(
    l,
    `✅ 已导入 ${r.rows} 行客户余额（新增 ${r.created}，更新 ${r.updated}），月份：${r.months.join('、')}，合计 ${money(r.totalFen)}（PAY-2/PAY-3）。`,
    `✅ Imported ${r.rows} balance rows (${r.created} new, ${r.updated} updated) for ${r.months.join(', ')}; total ${money(r.totalFen)} (PAY-2/PAY-3).`,
  );
}

function balancesForm(ctx: Ctx): FormSpec {
  const l = ctx.actor.locale;
  return {
    id: 'balances.import',
    title: tr(l, '导入客户余额', 'Import balances'),
    submitLabel: tr(l, '导入', 'Import'),
    inlineHelp: '/cm import balances /path/to/balances.csv',
    fields: [{ id: 'file', label: tr(l, 'CSV 文件（客户,月份,余额）', 'CSV file (customer,month,balance)'), kind: 'file', hint: CSV_EXAMPLE.replace(/\n/g, ' ⏎ ') }],
  };
}

const importCmd: CommandSpec<ImportArgs> = {
  name: 'cm import',
  adminOnly: true,
  summary: msg('导入本月客户余额 CSV（客户,月份,余额），用于等级和提成（PAY-2/3）', "Import the month's customer balances CSV (customer,month,balance) for levels and commission (PAY-2/3)"),
  usage: ['/cm import balances    （Slack：上传文件）', '/cm import balances ./余额-2026-11.csv    （控制台：文件路径）'],
  parse(text) {
    const [what = '', ...rest] = words(text);
    if (!/^(balances?|余额)$/i.test(what)) return { ok: false, error: msg('目前可以导入的是 balances（客户余额），例如：/cm import balances ./余额.csv', 'What can be imported is balances, e.g. /cm import balances ./balances.csv') };
    return { ok: true, args: { path: rest.join(' ').trim() || undefined } };
  },
  async run(ctx, a) {
    const l = ctx.actor.locale;
    // In Slack the file is uploaded in a form (a typed path or URL is never fetched with the bot token).
    if (ctx.platform === 'slack') return { text: tr(l, '请在弹出的表单里上传 CSV 文件。', 'Upload the CSV file in the form.'), form: balancesForm(ctx) };
    if (!a.path) return { text: tr(l, `请给出 CSV 文件路径，例如：/cm import balances ./余额-2026-11.csv\n格式：\n${CSV_EXAMPLE}`, `Give the CSV path, e.g. /cm import balances ./balances-2026-11.csv\nFormat:\n${CSV_EXAMPLE}`) };
    if (!ctx.files) return { text: tr(l, '这里不能读取文件。', 'Files cannot be read here.') };
    let text: string;
    try {
      text = await ctx.files.download(a.path);
    } catch (e) {
      return { text: tr(l, `⚠️ 读不到文件 ${a.path}（${(e as NodeJS.ErrnoException).code ?? (e as Error).message}），未导入任何内容。`, `⚠️ Cannot read ${a.path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); nothing was imported.`) };
    }
    return { text: importedText(l, await importBalances(ctx.core, ctx.actor, text, ctx.now, ctx.requestKey)) };
  },
};

const balancesSubmit: FormHandler = {
  id: 'balances.import',
  async submit(ctx, values) {
    const l = ctx.actor.locale;
    if (!isAdmin(ctx)) return { ok: true, result: refused(l) };
    let files: { name: string; url: string }[] = [];
    try {
      files = JSON.parse(values.file ?? '[]');
    } catch {
      files = [];
    }
    if (!files.length || !files[0].url) return { ok: false, errors: { file: tr(l, '请上传一个 CSV 文件', 'Please upload a CSV file') } };
    if (!ctx.files) return { ok: false, errors: { file: tr(l, '这里不能读取文件', 'Files cannot be read here') } };
    let text: string;
    try {
      text = await ctx.files.download(files[0].url);
    } catch (e) {
      return { ok: false, errors: { file: tr(l, `文件下载失败（${(e as Error).message}），请重新上传`, `The file could not be downloaded (${(e as Error).message}); please upload it again`) } };
    }
    try {
      return { ok: true, result: { text: importedText(l, await importBalances(ctx.core, ctx.actor, text, ctx.now, ctx.requestKey)) } };
    } catch (e) {
      if (e instanceof UserError) return { ok: false, errors: { file: clip(say(l, e.userMessage), 1900) } };
      throw e;
    }
  },
};

export const sales: Group = {
  commands: [deal, customer, visit, booking, project, importCmd],
  forms: [customerSubmit, visitSubmit, projectSubmit, rejectSubmit, balancesSubmit],
  actions: [registerAction, approveAction, rejectAction],
};
