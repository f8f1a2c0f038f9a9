import { describe, expect, it } from 'vitest';
import { defaultPolicy, evaluateQuota, evaluateQuotaWeek } from '../../src/rules/index.ts';
import { at, loadExample } from './helpers.ts';

const realEstate = loadExample('real-estate.yaml');
const targets = loadExample('sales-targets.yaml');
const insurance = loadExample('insurance.yaml');
const W = '2026-W48';

describe('QUOTA-W weekly quotas with per-unit fines (real-estate.yaml)', () => {
  it('QUOTA-W: quotas met → no drafts, streak resets', () => {
    const r = evaluateQuotaWeek(realEstate, { week: W, memberId: 12, counts: { organisations: 3, visitorGroups: 16, phoneNumbers: 100 }, previousShortWeeks: 3 });
    expect(r.drafts).toEqual([]);
    expect(r.short).toEqual([]);
    expect(r.streaks).toEqual({ 'QUOTA-W': 0 });
  });

  it('QUOTA-W: ¥100 per organisation, ¥10 per group, ¥1 per number short — one draft per item', () => {
    const r = evaluateQuotaWeek(realEstate, { week: W, memberId: 12, counts: { organisations: 1, visitorGroups: 15, phoneNumbers: 57 }, previousShortWeeks: 0 });
    expect(r.drafts.map((d) => [d.variant, d.amountFen, d.sourceKey])).toEqual([
      ['organisations', 20_000n, 'QUOTA-W:2026-W48:m12:organisations'],
      ['visitorGroups', 1_000n, 'QUOTA-W:2026-W48:m12:visitorGroups'],
      ['phoneNumbers', 4_300n, 'QUOTA-W:2026-W48:m12:phoneNumbers'],
    ]);
    expect(r.drafts[0]).toMatchObject({ ruleId: 'QUOTA-W', kind: 'fine', day: '2026-11-29', occurredAt: at('2026-11-30', '00:00') });
    expect(r.lines.map((l) => l.shortfall)).toEqual([2, 1, 43]);
    expect(r.streaks).toEqual({ 'QUOTA-W': 1 });
  });

  it('QUOTA-W: more than the target is not a credit; missing counts are 0', () => {
    const r = evaluateQuotaWeek(realEstate, { week: W, memberId: 12, counts: { organisations: 9 }, previousShortWeeks: 0 });
    expect(r.drafts.map((d) => d.amountFen)).toEqual([16_000n, 10_000n]);
  });

  it.each([
    [0, false],
    [2, false],
    [3, true],
    [4, true],
  ])('QUOTA-W: short this week after %i short weeks in a row → dismissal review flag: %s', (prev, flagged) => {
    const r = evaluateQuotaWeek(realEstate, { week: W, memberId: 12, counts: { organisations: 3, visitorGroups: 16, phoneNumbers: 99 }, previousShortWeeks: prev });
    const flags = r.drafts.filter((d) => d.kind === 'flag');
    expect(flags).toEqual(flagged ? [expect.objectContaining({ escalation: 'dismissal_review', sourceKey: 'QUOTA-W:2026-W48:m12:streak' })] : []);
    expect(r.streaks['QUOTA-W']).toBe(prev + 1);
  });

  it('QUOTA-W: the default policy has no quotas', () => {
    expect(evaluateQuotaWeek(defaultPolicy, { week: W, memberId: 1, counts: {}, previousShortWeeks: 9 })).toEqual({ drafts: [], lines: [], short: [], streaks: {} });
  });
});

describe('target-only quotas: QUOTA-D, QUOTA-N (sales-targets.yaml), THREE-ONE (insurance.yaml)', () => {
  it('QUOTA-D: 40 successful call-backs a day — shortfall reported, no fine', () => {
    const r = evaluateQuota(targets, { period: 'day', periodKey: '2026-11-23', memberId: 12, counts: { callbacks: 31 } });
    expect(r.drafts).toEqual([]);
    expect(r.lines).toEqual([expect.objectContaining({ ruleId: 'QUOTA-D', target: 40, actual: 31, shortfall: 9, fineFen: 0n })]);
    expect(r.short).toEqual(['QUOTA-D']);
  });

  it('QUOTA-N: 2 new customers a week — shortfall reported, no fine', () => {
    const r = evaluateQuotaWeek(targets, { week: W, memberId: 12, counts: { newCustomers: 1 }, previousShortWeeks: 0 });
    expect(r.drafts).toEqual([]);
    expect(r.lines).toEqual([expect.objectContaining({ ruleId: 'QUOTA-N', shortfall: 1 })]);
    const ok = evaluateQuotaWeek(targets, { week: W, memberId: 12, counts: { newCustomers: 2 }, previousShortWeeks: 0 });
    expect(ok.short).toEqual([]);
  });

  it('THREE-ONE: one joint sale a day, one sale a week, one big-customer appointment a month', () => {
    const day = evaluateQuota(insurance, { period: 'day', periodKey: '2026-11-23', memberId: 12, counts: {} });
    const week = evaluateQuota(insurance, { period: 'week', periodKey: W, memberId: 12, counts: { successfulSales: 1 } });
    const month = evaluateQuota(insurance, { period: 'month', periodKey: '2026-11', memberId: 12, counts: { bigCustomerAppointments: 0 } });
    expect(day.lines.map((l) => [l.key, l.shortfall])).toEqual([['jointSales', 1]]);
    expect(week.lines.map((l) => [l.key, l.shortfall])).toEqual([['successfulSales', 0]]);
    expect(month.lines.map((l) => [l.key, l.shortfall])).toEqual([['bigCustomerAppointments', 1]]);
    expect([...day.drafts, ...week.drafts, ...month.drafts]).toEqual([]);
  });

  it('QUOTA-W: period keys are validated', () => {
    expect(() => evaluateQuota(realEstate, { period: 'week', periodKey: '2026-11', memberId: 1, counts: {} })).toThrow(/ISO week/);
  });
});
