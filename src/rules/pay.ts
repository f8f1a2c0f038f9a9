/**
 * PAY-1 statement, PAY-2 level, PAY-3 commission, LEVEL-Q quarterly ladder, STOCK safety stock.
 */
import Decimal from 'decimal.js';
import { activeRule } from './policy/lookup.ts';
import type { PayLevel, Policy } from './policy/schema.ts';
import { isMonthKey, monthRange } from './time.ts';
import type { LedgerEntry, MemberId } from './types.ts';

// ---------------------------------------------------------------------------------------------------------
// PAY-2: level from customer count and total balance

export type LevelResult = { level: number; baseFen: bigint; name?: { 'zh-CN': string; en: string } };

/**
 * The highest level of `pay.levels` whose conditions hold: at least `minCustomers` customers and a total
 * balance in [balanceFrom, balanceBelow). Null when no level matches (only level 4 is in the seed:
 * 40 customers, ¥30,000,000 ≤ balance < ¥40,000,000, base ¥1,200).
 */
export function computeLevel(policy: Policy, input: { customerCount: number; totalBalanceFen: bigint }): LevelResult | null {
  let best: PayLevel | undefined;
  for (const l of policy.pay.levels) {
    if (input.customerCount < l.minCustomers) continue;
    if (input.totalBalanceFen < l.balanceFrom) continue;
    if (l.balanceBelow !== undefined && input.totalBalanceFen >= l.balanceBelow) continue;
    if (!best || l.level > best.level) best = l;
  }
  return best ? { level: best.level, baseFen: best.base, ...(best.name ? { name: best.name } : {}) } : null;
}

// ---------------------------------------------------------------------------------------------------------
// PAY-3: commission on existing customers

type Rate = { num: bigint; den: bigint; twoDen: bigint; half: bigint | null };
const rates = new WeakMap<Policy, Rate>();

/** The commission rate as an exact fraction (1‰ → 1/1000), computed with decimal.js once per policy. */
function rateOf(policy: Policy): Rate {
  let r = rates.get(policy);
  if (!r) {
    const [n, d] = new Decimal(policy.pay.commissionPermille).div(1000).toFraction();
    const num = BigInt(n.toFixed(0));
    const den = BigInt(d.toFixed(0));
    r = { num, den, twoDen: 2n * den, half: den % 2n === 0n ? den / 2n : null };
    rates.set(policy, r);
  }
  return r;
}

/**
 * 1‰ (policy `pay.commissionPermille`) of (this month's balance − the highest balance of any earlier
 * month), only when positive; otherwise 0. A customer without earlier months is not an existing customer
 * and earns 0 under this rule.
 *
 * Rounding: to the fen, half up (四舍五入). The rate is turned into an exact fraction with decimal.js and
 * applied to integer fen with bigint arithmetic, so the result is exact: with 1‰ an increase of 499 fen
 * gives 0 fen, 500 fen gives 1 fen, ¥1,000,000 gives ¥1,000.00.
 */
export function computeCommission(
  policy: Policy,
  input: { customerId?: number; month?: string; balanceFen: bigint; earlierMonthlyBalancesFen: readonly bigint[] },
): bigint {
  if (input.earlierMonthlyBalancesFen.length === 0) return 0n;
  let max = input.earlierMonthlyBalancesFen[0];
  for (const b of input.earlierMonthlyBalancesFen) if (b > max) max = b;
  const diff = input.balanceFen - max;
  if (diff <= 0n) return 0n;
  // round half up: floor((diff × num + den / 2) / den), in integers
  const r = rateOf(policy);
  if (r.half !== null) return (r.num === 1n ? diff + r.half : diff * r.num + r.half) / r.den;
  return (2n * diff * r.num + r.den) / r.twoDen;
}

// ---------------------------------------------------------------------------------------------------------
// PAY-1: monthly statement

export type StatementFine = {
  entryId: number;
  ruleId: string;
  variant?: string;
  day: string;
  amountFen: bigint;
  waivedFen: bigint;
  netFen: bigint;
  detail: string;
};

export type Statement = {
  memberId: MemberId;
  month: string;
  level: number | null;
  baseFen: bigint;
  commissionFen: bigint;
  otherFen: bigint;
  fines: StatementFine[];
  finesFen: bigint;
  deductFines: boolean;
  /** base + commission + other − fines (when deducted). */
  netFen: bigint;
  /** Error points deducted in the month (net of waivers), for information. */
  points: number;
};

export function buildStatement(
  policy: Policy,
  input: {
    memberId: MemberId;
    month: string;
    level: number | LevelResult | null;
    commissions: readonly (bigint | { customerId: number; fen: bigint })[];
    otherFen: bigint;
    ledger: readonly LedgerEntry[];
  },
): Statement {
  if (!isMonthKey(input.month)) throw new RangeError(`not a month (expected YYYY-MM): ${input.month}`);
  const { start, end } = monthRange(input.month);
  let level: number | null;
  let baseFen = 0n;
  if (input.level === null) level = null;
  else if (typeof input.level === 'number') {
    level = input.level;
    baseFen = policy.pay.levels.find((l) => l.level === input.level)?.base ?? 0n;
  } else {
    level = input.level.level;
    baseFen = input.level.baseFen;
  }
  let commissionFen = 0n;
  for (const c of input.commissions) commissionFen += typeof c === 'bigint' ? c : c.fen;

  const mine = input.ledger.filter((e) => e.memberId === input.memberId && e.day >= start && e.day <= end);
  const waivedBy = new Map<number, bigint>();
  let points = 0;
  for (const e of mine) {
    points += e.points;
    if (e.reversesId != null && e.kind === 'fine') waivedBy.set(e.reversesId, (waivedBy.get(e.reversesId) ?? 0n) - e.amountFen);
  }
  const fines: StatementFine[] = [];
  for (const e of mine) {
    if (e.kind !== 'fine' || e.reversesId != null) continue;
    const waivedFen = waivedBy.get(e.id) ?? 0n;
    fines.push({ entryId: e.id, ruleId: e.ruleId, ...(e.variant ? { variant: e.variant } : {}), day: e.day, amountFen: e.amountFen, waivedFen, netFen: e.amountFen - waivedFen, detail: e.detail });
  }
  fines.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.entryId - b.entryId));
  let finesFen = 0n;
  for (const f of fines) finesFen += f.netFen;
  const deductFines = policy.pay.deductFines;
  return {
    memberId: input.memberId, month: input.month, level, baseFen, commissionFen, otherFen: input.otherFen,
    fines, finesFen, deductFines, netFen: baseFen + commissionFen + input.otherFen - (deductFines ? finesFen : 0n), points,
  };
}

// ---------------------------------------------------------------------------------------------------------
// LEVEL-Q: quarterly promotion / demotion (insurance variant, seed 004)

export type LevelQResult = {
  from: number;
  to: number;
  change: 'promote' | 'demote' | 'keep';
  /** Indicators below requirement: maintenance ones (demotion) or the next level's (no promotion). */
  unmet: { key: string; required: number; actual: number }[];
};

/**
 * Demotion by one level when any maintenance indicator of the current level fails; otherwise promotion
 * by one level when every promotion indicator of the next level is met; otherwise no change. Never more
 * than one level per quarter. Missing indicators count as 0.
 */
export function evaluateLevelQ(policy: Policy, input: { currentLevel: number; indicators: Record<string, number>; ruleId?: string }): LevelQResult {
  const rule = activeRule(policy, input.ruleId ?? 'LEVEL-Q');
  if (!rule?.ladder) throw new RangeError(`the policy has no ${input.ruleId ?? 'LEVEL-Q'} ladder`);
  const levels = [...rule.ladder.levels].sort((a, b) => a.level - b.level);
  const i = levels.findIndex((l) => l.level === input.currentLevel);
  if (i < 0) throw new RangeError(`level ${input.currentLevel} is not on the ${rule.id} ladder (${levels.map((l) => l.level).join(', ')})`);
  const val = (k: string) => input.indicators[k] ?? 0;
  const failing = (req: Record<string, number>) => Object.entries(req).filter(([k, min]) => val(k) < min).map(([key, required]) => ({ key, required, actual: val(key) }));
  const maint = failing(levels[i].maintain);
  if (maint.length > 0) {
    return { from: input.currentLevel, to: i > 0 ? levels[i - 1].level : input.currentLevel, change: i > 0 ? 'demote' : 'keep', unmet: maint };
  }
  if (i + 1 < levels.length) {
    const promo = failing(levels[i + 1].promote);
    if (promo.length === 0) return { from: input.currentLevel, to: levels[i + 1].level, change: 'promote', unmet: [] };
    return { from: input.currentLevel, to: input.currentLevel, change: 'keep', unmet: promo };
  }
  return { from: input.currentLevel, to: input.currentLevel, change: 'keep', unmet: [] };
}

// ---------------------------------------------------------------------------------------------------------
// STOCK: safety stock (tobacco, seed 004)

/**
 * Safety stock = average sales per order cycle × 1.2 for regular brands, × 1.3 for profitable brands
 * (policy rule STOCK). `quantity` is rounded per the policy (`ceil` by default: stock is whole units).
 */
export function safetyStock(policy: Policy, input: { avgSalesPerCycle: number | string; profitable: boolean; ruleId?: string }): { factor: string; exact: string; quantity: string } {
  const rule = activeRule(policy, input.ruleId ?? 'STOCK');
  if (!rule?.safetyStock) throw new RangeError(`the policy has no ${input.ruleId ?? 'STOCK'} safety-stock rule`);
  const s = rule.safetyStock;
  const avg = new Decimal(typeof input.avgSalesPerCycle === 'number' ? String(input.avgSalesPerCycle) : input.avgSalesPerCycle);
  if (!avg.isFinite() || avg.isNegative()) throw new RangeError(`average sales must be a number ≥ 0, got ${String(input.avgSalesPerCycle)}`);
  const factor = input.profitable ? s.profitableFactor : s.regularFactor;
  const exact = avg.times(factor);
  const quantity = s.rounding === 'ceil' ? exact.ceil() : s.rounding === 'half_up' ? exact.toDecimalPlaces(0, Decimal.ROUND_HALF_UP) : exact;
  return { factor, exact: exact.toFixed(), quantity: quantity.toFixed() };
}
