import { describe, expect, it } from 'vitest';
import { evaluateVisits, type VisitCustomer } from '../../src/rules/index.ts';
import { at, cal, policy, TZ } from './helpers.ts';

const cust = (c: Partial<VisitCustomer> & { last?: string; reg?: string }): VisitCustomer => ({
  id: 1, ownerId: 12, tier: 'A', registeredAt: at(c.reg ?? '2026-01-05', '10:00'), ...(c.last ? { lastVisitAt: at(c.last, '15:00') } : {}), ...c,
});

function run(customers: VisitCustomer[], today: string, time = '09:00', since?: string) {
  return evaluateVisits(policy, cal, { tz: TZ, today, customers, now: at(today, time), ...(since ? { since } : {}) });
}

describe('DAY-3 revisits by tier (A 7 / B 30 / C 90 days), ¥50 per customer per missed cycle', () => {
  it('DAY-3: tier A visited Monday 2026-11-16 is due 2026-11-23; due that day is a reminder, not a fine', () => {
    const r = run([cust({ last: '2026-11-16' })], '2026-11-23', '23:59');
    expect(r.drafts).toEqual([]);
    expect(r.dueSoon).toEqual([{ customerId: 1, ownerId: 12, tier: 'A', dueDay: '2026-11-23', daysLeft: 0 }]);
    expect(r.overdue).toEqual([]);
  });

  it('DAY-3: the day after the due day the cycle is missed → one ¥50 for the owner', () => {
    const r = run([cust({ last: '2026-11-16' })], '2026-11-24', '00:00');
    expect(r.drafts).toEqual([expect.objectContaining({ ruleId: 'DAY-3', memberId: 12, kind: 'fine', amountFen: 5000n, day: '2026-11-23', sourceKey: 'DAY-3:c1:2026-11-23' })]);
    expect(r.overdue).toEqual([expect.objectContaining({ customerId: 1, dueDay: '2026-11-23', missedCycles: 1 })]);
  });

  it('DAY-3: reminder 2 days before the due day, not 3', () => {
    expect(run([cust({ last: '2026-11-16' })], '2026-11-21').dueSoon).toEqual([expect.objectContaining({ dueDay: '2026-11-23', daysLeft: 2 })]);
    expect(run([cust({ last: '2026-11-16' })], '2026-11-20').dueSoon).toEqual([]);
  });

  it('DAY-3: one fine per missed cycle; `since` skips cycles before the bot started', () => {
    const r = run([cust({ last: '2026-11-02' })], '2026-11-24');
    expect(r.drafts.map((d) => d.sourceKey)).toEqual(['DAY-3:c1:2026-11-09', 'DAY-3:c1:2026-11-16', 'DAY-3:c1:2026-11-23']);
    expect(r.overdue[0]).toMatchObject({ firstMissedDay: '2026-11-09', dueDay: '2026-11-23', missedCycles: 3 });
    expect(run([cust({ last: '2026-11-02' })], '2026-11-24', '09:00', '2026-11-10').drafts).toHaveLength(2);
  });

  it('DAY-3: a due day on a holiday moves to the next workday (2026-10-01 → 2026-10-08)', () => {
    const c = cust({ last: '2026-09-24' });
    expect(run([c], '2026-10-02').drafts).toEqual([]);
    expect(run([c], '2026-10-08').dueSoon).toEqual([expect.objectContaining({ dueDay: '2026-10-08', daysLeft: 0 })]);
    expect(run([c], '2026-10-09').drafts).toEqual([expect.objectContaining({ sourceKey: 'DAY-3:c1:2026-10-08' })]);
  });

  it('DAY-3: tiers B (30 days) and C (90 days); never visited counts from registration', () => {
    const b = cust({ id: 2, tier: 'B', last: '2026-10-26' }); // due 2026-11-25
    const c = cust({ id: 3, tier: 'C', reg: '2026-08-20' }); // due 2026-11-18
    const r = run([b, c], '2026-11-23');
    expect(r.dueSoon).toEqual([expect.objectContaining({ customerId: 2, dueDay: '2026-11-25', daysLeft: 2 })]);
    expect(r.drafts).toEqual([expect.objectContaining({ sourceKey: 'DAY-3:c3:2026-11-18', amountFen: 5000n })]);
  });

  it('DAY-3: a visit late in the evening counts on its local (Shanghai) day', () => {
    const c: VisitCustomer = { id: 5, ownerId: 12, tier: 'A', registeredAt: at('2026-01-05', '10:00'), lastVisitAt: at('2026-11-16', '23:30') };
    expect(run([c], '2026-11-24').drafts.map((d) => d.day)).toEqual(['2026-11-23']);
  });

  it('DAY-3: the same facts always give the same keys', () => {
    const cs = [cust({ id: 7, last: '2026-10-01' }), cust({ id: 8, tier: 'B', last: '2026-09-01' })];
    expect(run(cs, '2026-11-24').drafts.map((d) => d.sourceKey)).toEqual(run([...cs].reverse(), '2026-11-24').drafts.map((d) => d.sourceKey).sort((a, b) => (a.startsWith('DAY-3:c7') ? -1 : 1) - (b.startsWith('DAY-3:c7') ? -1 : 1)));
  });
});
