// PAY-2 / PAY-3: the month's customer balances, imported from CSV by an
// admin. Every row is checked first; one bad row rejects the whole file with
// its line number and reason. A good file is stored in one transaction.
import type { Core } from './core.ts';
import type { Actor } from '../chat/types.ts';
import { msg, type Msg } from '../i18n.ts';
import { UserError } from './errors.ts';
import { claimRequest } from './requests.ts';
import { isMonthKey, normalizeName, parseAmount, sumFen } from '../rules/index.ts';

export const MAX_ROWS = 20_000;
export const CSV_EXAMPLE = '客户,月份,余额\n张三公司,2026-11,350万\n#12,2026-11,"1,200,000.00"';

/** Splits CSV text into rows of fields (RFC 4180 quotes, "" escapes; comma, Chinese comma or tab). Keeps line numbers. */
export function parseCsv(text: string): { line: number; fields: string[] }[] {
  const src = text.replace(/^\uFEFF/, '');
  const rows: { line: number; fields: string[] }[] = [];
  let field = '';
  let fields: string[] = [];
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let any = false;
  const endRow = () => {
    fields.push(field);
    if (any || fields.some((f) => f.trim() !== '')) rows.push({ line: rowLine, fields });
    fields = [];
    field = '';
    any = false;
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && field.trim() === '') {
      field = '';
      quoted = true;
      any = true;
    } else if (ch === ',' || ch === '，' || ch === '\t') {
      fields.push(field);
      field = '';
      any = true;
    } else if (ch === '\r') {
      continue;
    } else if (ch === '\n') {
      endRow();
      line++;
      rowLine = line;
    } else field += ch;
  }
  if (field !== '' || fields.length) endRow();
  return rows;
}

export type BalanceRow = { line: number; customerId: number; customerName: string; month: string; balanceFen: bigint };
export type RowError = { line: number; reason: Msg };

const isHeader = (f: string[]) => f.length >= 2 && !isMonthKey(f[1]?.trim()) && /客户|customer|name|名称|月份|month|余额|balance/i.test(f.join(','));

/** Checks every row; returns the clean rows or every error (with line numbers). Reads, never writes. */
export async function validateBalances(core: Core, text: string): Promise<{ ok: true; rows: BalanceRow[] } | { ok: false; errors: RowError[] }> {
  const rows = parseCsv(text);
  if (rows.length && isHeader(rows[0].fields)) rows.shift();
  if (rows.length === 0) return { ok: false, errors: [{ line: 1, reason: msg('文件里没有数据行', 'The file has no data rows') }] };
  if (rows.length > MAX_ROWS) return { ok: false, errors: [{ line: rows[MAX_ROWS].line, reason: msg(`行数超过上限 ${MAX_ROWS}`, `More than ${MAX_ROWS} rows`) }] };
  const customers = await core.db.customer.findMany({ where: { teamId: core.team.id }, select: { id: true, name: true, nameKey: true } });
  const byId = new Map(customers.map((c) => [c.id, c]));
  const byKey = new Map(customers.map((c) => [c.nameKey, c]));
  const errors: RowError[] = [];
  const out: BalanceRow[] = [];
  const seen = new Map<string, number>();
  for (const { line, fields } of rows) {
    const [rawCustomer = '', rawMonth = '', rawBalance = '', ...extra] = fields.map((f) => f.trim());
    if (fields.length < 3 || extra.some((x) => x !== '')) {
      errors.push({ line, reason: msg(`应为 3 列（客户,月份,余额），这一行有 ${fields.length} 列`, `Expected 3 columns (customer,month,balance); this row has ${fields.length}`) });
      continue;
    }
    const idm = /^#?(\d+)$/.exec(rawCustomer);
    const customer = idm ? byId.get(Number(idm[1])) : byKey.get(normalizeName(rawCustomer));
    if (!rawCustomer) {
      errors.push({ line, reason: msg('客户为空', 'The customer is empty') });
      continue;
    }
    if (!customer) {
      errors.push({ line, reason: msg(`找不到客户「${rawCustomer}」（先用 /customer add 登记）`, `No customer "${rawCustomer}" (register it first with /customer add)`) });
      continue;
    }
    if (!isMonthKey(rawMonth)) {
      errors.push({ line, reason: msg(`月份「${rawMonth}」应为 YYYY-MM，例如 2026-11`, `Month "${rawMonth}" should be YYYY-MM, e.g. 2026-11`) });
      continue;
    }
    const amount = parseAmount(rawBalance, { allowZero: true });
    if (!amount.ok) {
      errors.push({ line, reason: msg(`余额「${rawBalance}」：${amount.message['zh-CN']}`, `Balance "${rawBalance}": ${amount.message.en}`) });
      continue;
    }
    const key = `${customer.id}:${rawMonth}`;
    const dup = seen.get(key);
    if (dup !== undefined) {
      errors.push({ line, reason: msg(`与第 ${dup} 行重复（同一客户同一月份）`, `Duplicates line ${dup} (same customer and month)`) });
      continue;
    }
    seen.set(key, line);
    out.push({ line, customerId: customer.id, customerName: customer.name, month: rawMonth, balanceFen: amount.fen });
  }
  return errors.length ? { ok: false, errors } : { ok: true, rows: out };
}

export type ImportResult = { rows: number; created: number; updated: number; totalFen: bigint; months: string[] };

export async function importBalances(core: Core, actor: Actor, text: string, now: Date, requestKey?: string): Promise<ImportResult> {
  if (actor.member.role === 'manager') throw new UserError(msg('⛔ 只有管理员可以导入余额，未做任何更改。', '⛔ Only an admin can import balances. Nothing was changed.'));
  const v = await validateBalances(core, text);
  if (!v.ok) {
    const shown = v.errors.slice(0, 10);
    const more = v.errors.length - shown.length;
    throw new UserError(
      msg(
        `文件有 ${v.errors.length} 行有误，整个文件未导入：\n${shown.map((e) => `  第 ${e.line} 行：${e.reason['zh-CN']}`).join('\n')}${more > 0 ? `\n  …另有 ${more} 行` : ''}\n格式示例：\n${CSV_EXAMPLE}`,
        `${v.errors.length} row(s) are wrong, so nothing was imported:\n${shown.map((e) => `  line ${e.line}: ${e.reason.en}`).join('\n')}${more > 0 ? `\n  …and ${more} more` : ''}\nExample:\n${CSV_EXAMPLE}`,
      ),
    );
  }
  const rows = v.rows;
  // One transaction for the whole file (a longer timeout than the default: a file can have many rows).
  return core.db.$transaction(async (tx) => {
    await claimRequest(tx, requestKey && `balances:${requestKey}`);
    const months = [...new Set(rows.map((r) => r.month))].sort();
    const existing = await tx.customerBalance.findMany({ where: { teamId: core.team.id, month: { in: months } }, select: { customerId: true, month: true } });
    const have = new Set(existing.map((e) => `${e.customerId}:${e.month}`));
    let created = 0;
    for (const r of rows) {
      if (!have.has(`${r.customerId}:${r.month}`)) created++;
      await tx.customerBalance.upsert({
        where: { customerId_month: { customerId: r.customerId, month: r.month } },
        create: { teamId: core.team.id, customerId: r.customerId, month: r.month, balanceFen: r.balanceFen, importedAt: now },
        update: { balanceFen: r.balanceFen, importedAt: now },
      });
    }
    return { rows: rows.length, created, updated: rows.length - created, totalFen: sumFen(rows.map((r) => r.balanceFen)), months };
  }, { timeout: 120_000, maxWait: 10_000 });
}
