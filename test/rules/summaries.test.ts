import { describe, expect, it } from 'vitest';
import { evaluateSummaries, isoWeekKey, parsePolicyText, summaryDue, type Leave } from '../../src/rules/index.ts';
import { at, cal, policy, TZ } from './helpers.ts';

function run(o: { kind: 'week' | 'month'; period: string; subs?: [string, string][]; now: [string, string]; leaves?: Leave[]; p?: typeof policy }) {
  return evaluateSummaries(o.p ?? policy, cal, {
    tz: TZ, kind: o.kind, period: o.period, managers: [12],
    submissions: (o.subs ?? []).map(([d, t]) => ({ memberId: 12, at: at(d, t) })), leaves: o.leaves ?? [], now: at(o.now[0], o.now[1]),
  });
}

describe('DAY-2 weekly summary: Monday 12:00, ¥50', () => {
  const W = '2026-W48'; // Monday 2026-11-23
  it('DAY-2: the weekly summary is due Monday 12:00 of its week', () => {
    expect(summaryDue(policy, cal, TZ, 'week', W)).toEqual({ day: '2026-11-23', at: at('2026-11-23', '12:00') });
  });

  it.each([
    ['11:59:59', 0],
    ['12:00:00', 0],
    ['12:00:01', 1],
  ])('DAY-2: weekly summary filed at %s on Monday → %i draft(s)', (t, n) => {
    expect(run({ kind: 'week', period: W, subs: [['2026-11-23', t]], now: ['2026-11-23', '18:00'] })).toHaveLength(n);
  });

  it('DAY-2: nothing filed → nothing until 12:00, then one ¥50', () => {
    expect(run({ kind: 'week', period: W, now: ['2026-11-23', '12:00'] })).toEqual([]);
    expect(run({ kind: 'week', period: W, now: ['2026-11-23', '12:00:01'] })).toEqual([
      expect.objectContaining({ ruleId: 'DAY-2', variant: 'week', amountFen: 5000n, sourceKey: 'DAY-2:week:2026-W48:m12', day: '2026-11-23' }),
    ]);
  });

  it('DAY-2: a week whose Monday is a holiday (2026-10-05, National Day) is due on the next workday', () => {
    expect(isoWeekKey('2026-10-05')).toBe('2026-W41');
    expect(summaryDue(policy, cal, TZ, 'week', '2026-W41').day).toBe('2026-10-08');
    expect(run({ kind: 'week', period: '2026-W41', now: ['2026-10-05', '13:00'] })).toEqual([]);
    expect(run({ kind: 'week', period: '2026-W41', subs: [['2026-10-08', '11:00']], now: ['2026-10-08', '13:00'] })).toEqual([]);
  });

  it('DAY-2: a full day of approved leave on the due day excuses', () => {
    const l: Leave = { memberId: 12, startDay: '2026-11-23', endDay: '2026-11-23', status: 'approved', submittedAt: at('2026-11-20', '09:00') };
    expect(run({ kind: 'week', period: W, leaves: [l], now: ['2026-11-24', '09:00'] })).toEqual([]);
  });
});

describe('DAY-2 monthly summary: the 3rd 23:59 (configurable), ¥50', () => {
  it('DAY-2: the monthly summary is due on the 3rd at 23:59; filed at 23:59:01 is late', () => {
    expect(summaryDue(policy, cal, TZ, 'month', '2026-11')).toEqual({ day: '2026-11-03', at: at('2026-11-03', '23:59') });
    expect(run({ kind: 'month', period: '2026-11', subs: [['2026-11-03', '23:59:00']], now: ['2026-11-04', '09:00'] })).toEqual([]);
    expect(run({ kind: 'month', period: '2026-11', subs: [['2026-11-03', '23:59:01']], now: ['2026-11-04', '09:00'] })).toEqual([
      expect.objectContaining({ variant: 'month', amountFen: 5000n, sourceKey: 'DAY-2:month:2026-11:m12', day: '2026-11-03' }),
    ]);
  });

  it('DAY-2: a summary filed on the last day of the previous month is on time', () => {
    expect(run({ kind: 'month', period: '2026-12', subs: [['2026-11-30', '17:00']], now: ['2026-12-04', '09:00'] })).toEqual([]);
  });

  it('DAY-2: the 3rd falling in a holiday (2026-10-03) moves to the next workday (2026-10-08)', () => {
    expect(summaryDue(policy, cal, TZ, 'month', '2026-10').day).toBe('2026-10-08');
    expect(run({ kind: 'month', period: '2026-10', now: ['2026-10-04', '09:00'] })).toEqual([]);
    expect(run({ kind: 'month', period: '2026-10', now: ['2026-10-09', '00:00'] })).toHaveLength(1);
  });

  it('DAY-2: "3号前" can be configured as before the 3rd (dueDay 2), without the holiday shift', () => {
    const r = parsePolicyText('extends: default\nschedule:\n  monthlySummary:\n    dueDay: 2\n    shiftToWorkday: false\n', 'yaml');
    if (!r.ok) throw new Error(r.errors.join());
    expect(summaryDue(r.policy, cal, TZ, 'month', '2026-10')).toEqual({ day: '2026-10-02', at: at('2026-10-02', '23:59') });
    expect(run({ p: r.policy, kind: 'month', period: '2026-11', subs: [['2026-11-03', '10:00']], now: ['2026-11-04', '09:00'] })).toHaveLength(1);
  });
});
