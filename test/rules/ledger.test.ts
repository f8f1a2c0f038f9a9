import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  balances, evaluateAttendance, evaluateDayLog, evaluateVisits, meetingSession, waiverDraft, zonedInstant, type LedgerDraft, type LedgerEntry,
} from '../../src/rules/index.ts';
import { at, cal, policy, TZ } from './helpers.ts';

const e = (id: number, x: Partial<LedgerEntry>): LedgerEntry => ({
  id, memberId: 12, ruleId: 'MEET-3', kind: 'fine', amountFen: 2000n, points: 0, occurredAt: at('2026-11-23', '08:00'), day: '2026-11-23',
  sourceKey: `k${id}`, detail: '', createdAt: at('2026-11-23', '08:30'), ...x,
});

describe('ledger: waivers and balances', () => {
  it('MEET-3: a waiver is a reversing entry with who and why, keyed waive:<id>', () => {
    const w = waiverDraft(e(41, {}), { by: 3, reason: ' 系统签到故障 ', at: at('2026-11-24', '10:00') });
    expect(w).toMatchObject({ memberId: 12, ruleId: 'MEET-3', kind: 'fine', amountFen: -2000n, points: -0, day: '2026-11-23', sourceKey: 'waive:41', reversesId: 41, recordedBy: 3, note: '系统签到故障' });
    expect(() => waiverDraft(e(41, {}), { by: 3, reason: '  ', at: new Date(0) })).toThrow(/reason/);
    expect(() => waiverDraft(e(42, { reversesId: 41 }), { by: 3, reason: 'x', at: new Date(0) })).toThrow(/itself a waiver/);
  });

  it('ETH-3 OUT-3: balances per member and for the activity fund, net of waivers, within a period', () => {
    const entries: LedgerEntry[] = [
      e(1, {}),
      e(2, { memberId: 13, ruleId: 'OUT-3', amountFen: 5000n }),
      e(3, { memberId: 13, ruleId: 'OUT-3', kind: 'flag', amountFen: 0n, escalation: 'dismissal_review' }),
      e(4, { ruleId: 'ETH-3', kind: 'points', amountFen: 0n, points: 5 }),
      e(5, { day: '2026-12-01' }),
    ];
    const waiver = { ...waiverDraft(entries[0], { by: 1, reason: 'ok', at: at('2026-11-25', '09:00') }), id: 6, createdAt: at('2026-11-25', '09:00') };
    const b = balances([...entries, waiver], { from: '2026-11-01', to: '2026-11-30' });
    expect(b.fundFen).toBe(5000n);
    expect(b.byMember.get(12)).toEqual({ finesFen: 0n, points: 5, flags: 0, entries: 3 });
    expect(b.byMember.get(13)).toEqual({ finesFen: 5000n, points: 0, flags: 1, entries: 2 });
    expect(balances(entries).fundFen).toBe(2000n + 5000n + 2000n);
  });

  it('MEET-3: a policy change never rewrites a recorded entry (each entry keeps its amount)', () => {
    const recorded = e(1, {});
    const b = balances([recorded]);
    expect(b.fundFen).toBe(2000n);
  });
});

describe('same facts → same ledger keys (fast-check)', () => {
  const minute = fc.integer({ min: 7 * 60, max: 23 * 60 + 59 });
  const fact = fc.record({ memberId: fc.integer({ min: 1, max: 6 }), m: minute, s: fc.integer({ min: 0, max: 59 }) });
  const toAt = (day: string, m: number, s: number) => zonedInstant(day, `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}:${String(s).padStart(2, '0')}`, TZ);
  const keys = (d: LedgerDraft[]) => d.map((x) => `${x.sourceKey}|${x.ruleId}|${x.variant}|${x.amountFen}`).sort();

  it('MEET-3 DAY-1: evaluating the same facts twice, in any order, gives the same keys', () => {
    fc.assert(fc.property(fc.array(fact, { maxLength: 20 }), fc.array(fact, { maxLength: 20 }), fc.array(fact, { maxLength: 20 }), minute, (ci, tg, lg, nowM) => {
      const day = '2026-11-23';
      const managers = [1, 2, 3, 4, 5, 6];
      const mk = (xs: typeof ci) => xs.map((x) => ({ memberId: x.memberId, at: toAt(day, x.m, x.s) }));
      const now = toAt(day, nowM, 0);
      const a1 = evaluateAttendance(policy, cal, { tz: TZ, day, session: meetingSession(policy, day), managers, checkIns: mk(ci), leaves: [], now });
      const a2 = evaluateAttendance(policy, cal, { tz: TZ, day, session: meetingSession(policy, day), managers: [...managers].reverse(), checkIns: mk(ci).reverse(), leaves: [], now });
      const d1 = evaluateDayLog(policy, cal, { tz: TZ, day, managers, targets: mk(tg), logs: mk(lg), leaves: [], now });
      const d2 = evaluateDayLog(policy, cal, { tz: TZ, day, managers, targets: mk(tg).reverse(), logs: mk(lg).reverse(), leaves: [], now });
      const unique = new Set([...a1, ...d1].map((x) => x.sourceKey));
      return JSON.stringify(keys(a1)) === JSON.stringify(keys(a2)) && JSON.stringify(keys(d1)) === JSON.stringify(keys(d2)) && unique.size === a1.length + d1.length;
    }), { numRuns: 300 });
  });

  it('DAY-3: visit keys are stable and unique per customer and cycle', () => {
    const cust = fc.record({ id: fc.integer({ min: 1, max: 50 }), tier: fc.constantFrom('A' as const, 'B' as const, 'C' as const), daysAgo: fc.integer({ min: 0, max: 400 }) });
    fc.assert(fc.property(fc.uniqueArray(cust, { selector: (c) => c.id, maxLength: 15 }), (cs) => {
      const customers = cs.map((c) => ({ id: c.id, ownerId: 1, tier: c.tier, registeredAt: at('2025-01-02', '09:00'), lastVisitAt: new Date(at('2026-11-24', '09:00').getTime() - c.daysAgo * 86_400_000) }));
      const r1 = evaluateVisits(policy, cal, { tz: TZ, today: '2026-11-24', customers, now: at('2026-11-24', '09:00') });
      const r2 = evaluateVisits(policy, cal, { tz: TZ, today: '2026-11-24', customers: [...customers].reverse(), now: at('2026-11-24', '09:00') });
      const k1 = r1.drafts.map((d) => d.sourceKey).sort();
      return JSON.stringify(k1) === JSON.stringify(r2.drafts.map((d) => d.sourceKey).sort()) && new Set(k1).size === k1.length;
    }), { numRuns: 200 });
  });
});
