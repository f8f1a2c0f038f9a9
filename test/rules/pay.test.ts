import Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildStatement, computeCommission, computeLevel, evaluateLevelQ, parsePolicyText, safetyStock, waiverDraft, type LedgerEntry } from '../../src/rules/index.ts';
import { at, loadExample, policy } from './helpers.ts';

const WAN = 1_000_000n; // ¥1万 in fen

describe('PAY-2 level from customers and total balance', () => {
  it.each([
    [40, 3000n * WAN, 4],
    [40, 3999n * WAN + 999_999n, 4],
    [40, 4000n * WAN, null],
    [40, 2999n * WAN + 999_999n, null],
    [39, 3500n * WAN, null],
    [55, 3500n * WAN, 4],
  ])('PAY-2: %i customers, %s fen → level %s', (customerCount, totalBalanceFen, level) => {
    const r = computeLevel(policy, { customerCount, totalBalanceFen });
    expect(r?.level ?? null).toBe(level);
    if (level === 4) expect(r?.baseFen).toBe(120_000n);
  });

  it('PAY-2: other levels come from the policy; the highest matching level wins', () => {
    const r = parsePolicyText(`extends: default
pay:
  levels:
    - { level: 3, minCustomers: 30, balanceFrom: 20000000, balanceBelow: 30000000, base: 1000 }
    - { level: 5, minCustomers: 50, balanceFrom: 40000000, base: 1500 }
`, 'yaml');
    if (!r.ok) throw new Error(r.errors.join());
    expect(computeLevel(r.policy, { customerCount: 35, totalBalanceFen: 2500n * WAN })).toMatchObject({ level: 3, baseFen: 100_000n });
    expect(computeLevel(r.policy, { customerCount: 60, totalBalanceFen: 9000n * WAN })).toMatchObject({ level: 5, baseFen: 150_000n });
  });
});

describe('PAY-3 commission: 1‰ of the increase over the highest earlier month', () => {
  const c = (balanceFen: bigint, earlier: bigint[]) => computeCommission(policy, { customerId: 1, month: '2026-11', balanceFen, earlierMonthlyBalancesFen: earlier });
  it('PAY-3: ¥1,000,000 over the highest earlier month → ¥1,000', () => {
    expect(c(600n * WAN, [300n * WAN, 500n * WAN, 450n * WAN])).toBe(100_000n);
  });
  it('PAY-3: only when positive; a customer without history earns nothing', () => {
    expect(c(400n * WAN, [500n * WAN])).toBe(0n);
    expect(c(500n * WAN, [500n * WAN])).toBe(0n);
    expect(c(500n * WAN, [])).toBe(0n);
  });
  it('PAY-3: rounded to the fen half up (499 fen → 0, 500 fen → 1)', () => {
    expect(c(1499n, [1000n])).toBe(0n);
    expect(c(1500n, [1000n])).toBe(1n);
    expect(c(2500n, [1000n])).toBe(2n);
  });
  it('PAY-3: a fractional rate (1.5‰) stays exact', () => {
    const r = parsePolicyText('extends: default\npay:\n  commissionPermille: "1.5"\n', 'yaml');
    if (!r.ok) throw new Error(r.errors.join());
    expect(computeCommission(r.policy, { balanceFen: 1000n * 100n + 1000n, earlierMonthlyBalancesFen: [1000n] })).toBe(150n);
  });

  it('PAY-3 (property): never negative and exactly decimal.js ROUND_HALF_UP of 1‰ of the positive increase', () => {
    const fen = fc.bigInt({ min: 0n, max: 10n ** 14n });
    fc.assert(fc.property(fen, fc.array(fen, { maxLength: 12 }), (balance, earlier) => {
      const got = c(balance, earlier);
      if (got < 0n) return false;
      if (earlier.length === 0) return got === 0n;
      const max = earlier.reduce((a, b) => (a > b ? a : b));
      const diff = new Decimal((balance - max).toString());
      const want = diff.isPositive() && !diff.isZero() ? BigInt(diff.times('0.001').toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toFixed(0)) : 0n;
      return got === want;
    }), { numRuns: 3000 });
  });
});

describe('PAY-1 monthly statement: base + commission + other − fines', () => {
  const entry = (id: number, e: Partial<LedgerEntry>): LedgerEntry => ({
    id, memberId: 12, ruleId: 'MEET-3', kind: 'fine', amountFen: 2000n, points: 0, occurredAt: at('2026-11-23', '08:00'), day: '2026-11-23',
    sourceKey: `k${id}`, detail: '', createdAt: at('2026-11-23', '08:30'), ...e,
  });
  const ledger: LedgerEntry[] = [
    entry(1, {}),
    entry(2, { ruleId: 'DAY-1', amountFen: 1000n, day: '2026-11-30' }),
    entry(3, { day: '2026-10-31' }), // other month
    entry(4, { memberId: 13 }), // other member
    entry(5, { ruleId: 'ETH-3', kind: 'points', amountFen: 0n, points: 5 }),
    entry(6, { ruleId: 'OUT-3', kind: 'flag', amountFen: 0n, escalation: 'dismissal_review' }),
  ];
  const waiver = { ...waiverDraft(ledger[1], { by: 1, reason: '系统故障', at: at('2026-12-02', '10:00') }), id: 7, createdAt: at('2026-12-02', '10:00') } as LedgerEntry;

  it('PAY-1: lists each fine line, nets waivers, deducts fines; level 4 base ¥1,200', () => {
    const s = buildStatement(policy, { memberId: 12, month: '2026-11', level: 4, commissions: [100_000n, { customerId: 9, fen: 2_345n }], otherFen: 50_000n, ledger: [...ledger, waiver] });
    expect(s.baseFen).toBe(120_000n);
    expect(s.commissionFen).toBe(102_345n);
    expect(s.fines.map((f) => [f.entryId, f.ruleId, f.amountFen, f.waivedFen, f.netFen])).toEqual([[1, 'MEET-3', 2000n, 0n, 2000n], [2, 'DAY-1', 1000n, 1000n, 0n]]);
    expect(s.finesFen).toBe(2000n);
    expect(s.netFen).toBe(120_000n + 102_345n + 50_000n - 2000n);
    expect(s.points).toBe(5);
  });

  it('PAY-1: fines are listed but not deducted when the policy says so; no level → no base', () => {
    const r = parsePolicyText('extends: default\npay:\n  deductFines: false\n', 'yaml');
    if (!r.ok) throw new Error(r.errors.join());
    const s = buildStatement(r.policy, { memberId: 12, month: '2026-11', level: null, commissions: [], otherFen: 0n, ledger });
    expect(s.fines).toHaveLength(2);
    expect(s.finesFen).toBe(3000n);
    expect(s.netFen).toBe(0n);
  });
});

describe('LEVEL-Q quarterly ladder (insurance.yaml)', () => {
  const ins = loadExample('insurance.yaml');
  const senior = { premiumP: 3, outletActivity: 85, periodicQ: 1.2, renewalRate: 85, qualityScore: 85, lecturer: 1 };

  it('LEVEL-Q: promotion needs ALL indicators of the next level and goes one level only', () => {
    expect(evaluateLevelQ(ins, { currentLevel: 3, indicators: senior })).toEqual({ from: 3, to: 4, change: 'promote', unmet: [] });
    const huge = { premiumP: 99, outletActivity: 100, periodicQ: 9, renewalRate: 100, qualityScore: 100, lecturer: 1 };
    expect(evaluateLevelQ(ins, { currentLevel: 3, indicators: huge }).to).toBe(4);
  });

  it('LEVEL-Q: one indicator short → no promotion, and it says which', () => {
    const r = evaluateLevelQ(ins, { currentLevel: 3, indicators: { ...senior, renewalRate: 84 } });
    expect(r).toEqual({ from: 3, to: 3, change: 'keep', unmet: [{ key: 'renewalRate', required: 85, actual: 84 }] });
  });

  it('LEVEL-Q: failing a maintenance indicator demotes by one level only', () => {
    const r = evaluateLevelQ(ins, { currentLevel: 5, indicators: { premiumP: 0.1 } });
    expect(r.change).toBe('demote');
    expect(r.to).toBe(4);
    expect(r.unmet.map((u) => u.key)).toContain('premiumP');
  });

  it('LEVEL-Q: an assistant manager reaching P and a quality score of 80 becomes a junior manager', () => {
    expect(evaluateLevelQ(ins, { currentLevel: 1, indicators: { premiumP: 1, qualityScore: 80 } })).toEqual({ from: 1, to: 2, change: 'promote', unmet: [] });
  });

  it('LEVEL-Q: bottom and top of the ladder', () => {
    expect(evaluateLevelQ(ins, { currentLevel: 1, indicators: { premiumP: 0 } }).change).toBe('keep');
    const top = { premiumP: 5, outletActivity: 90, periodicQ: 2, renewalRate: 95, qualityScore: 90, lecturer: 1 };
    expect(evaluateLevelQ(ins, { currentLevel: 6, indicators: top })).toEqual({ from: 6, to: 6, change: 'keep', unmet: [] });
    expect(() => evaluateLevelQ(ins, { currentLevel: 9, indicators: {} })).toThrow(/not on the LEVEL-Q ladder/);
    expect(() => evaluateLevelQ(policy, { currentLevel: 1, indicators: {} })).toThrow(/no LEVEL-Q/);
  });
});

describe('STOCK safety stock (tobacco.yaml)', () => {
  const tob = loadExample('tobacco.yaml');
  it('STOCK: × 1.2 for regular brands, × 1.3 for profitable brands, rounded up to whole units', () => {
    expect(safetyStock(tob, { avgSalesPerCycle: 10, profitable: false })).toEqual({ factor: '1.2', exact: '12', quantity: '12' });
    expect(safetyStock(tob, { avgSalesPerCycle: 10, profitable: true })).toEqual({ factor: '1.3', exact: '13', quantity: '13' });
    expect(safetyStock(tob, { avgSalesPerCycle: '7', profitable: true })).toEqual({ factor: '1.3', exact: '9.1', quantity: '10' });
    expect(() => safetyStock(tob, { avgSalesPerCycle: -1, profitable: true })).toThrow();
    expect(() => safetyStock(policy, { avgSalesPerCycle: 1, profitable: true })).toThrow(/no STOCK/);
  });
});
