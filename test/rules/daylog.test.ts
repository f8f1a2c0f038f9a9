import { describe, expect, it } from 'vitest';
import { evaluateDayLog, type Leave } from '../../src/rules/index.ts';
import { at, cal, policy, TZ } from './helpers.ts';

const MON = '2026-11-23';

function run(o: { day?: string; targets?: string[]; logs?: string[]; now: string; nowDay?: string; leaves?: Leave[]; managers?: number[] }) {
  const day = o.day ?? MON;
  return evaluateDayLog(policy, cal, {
    tz: TZ, day, managers: o.managers ?? [12],
    targets: (o.targets ?? []).map((t) => ({ memberId: 12, at: at(day, t) })),
    logs: (o.logs ?? []).map((t) => ({ memberId: 12, at: at(day, t) })),
    leaves: o.leaves ?? [], now: at(o.nowDay ?? day, o.now),
  });
}

const fullDay = (status: Leave['status'] = 'approved', extra: Partial<Leave> = {}): Leave => ({
  memberId: 12, startDay: MON, endDay: MON, status, submittedAt: at('2026-11-20', '10:00'), ...extra,
});

describe('DAY-1 daily log: targets by 09:00, log by 23:59, ¥10 once per workday', () => {
  it.each([
    ['08:59:59', 0],
    ['09:00:00', 0],
    ['09:00:01', 1],
  ])('DAY-1: targets filed at %s → %i draft(s) at 09:30', (t, n) => {
    expect(run({ targets: [t], now: '09:30' })).toHaveLength(n);
  });

  it('DAY-1: missing targets are charged only once now is past 09:00 (the deadline minute)', () => {
    expect(run({ now: '09:00:00' })).toEqual([]);
    expect(run({ now: '09:00:01' })).toEqual([expect.objectContaining({ ruleId: 'DAY-1', variant: 'targets', amountFen: 1000n, sourceKey: 'DAY-1:2026-11-23:m12', occurredAt: at(MON, '09:00'), day: MON })]);
  });

  it('DAY-1: the day log at 23:59:00 is on time; 23:59:01 is late; none at all is charged after 23:59', () => {
    expect(run({ targets: ['08:30'], logs: ['23:59:00'], now: '00:30', nowDay: '2026-11-24' })).toEqual([]);
    expect(run({ targets: ['08:30'], logs: ['23:59:01'], now: '00:30', nowDay: '2026-11-24' })).toEqual([expect.objectContaining({ variant: 'log', amountFen: 1000n })]);
    expect(run({ targets: ['08:30'], now: '23:59:00' })).toEqual([]);
    expect(run({ targets: ['08:30'], now: '23:59:30' })).toEqual([expect.objectContaining({ variant: 'log', occurredAt: at(MON, '23:59') })]);
  });

  it('DAY-1: missing targets and a missing log are ONE entry per day (same source key)', () => {
    const morning = run({ now: '10:00' });
    const night = run({ now: '01:00', nowDay: '2026-11-24' });
    expect(morning).toHaveLength(1);
    expect(night).toEqual([expect.objectContaining({ variant: 'both', amountFen: 1000n })]);
    expect(morning[0].sourceKey).toBe(night[0].sourceKey);
  });

  it('DAY-1: not due on a full day of approved leave; pending leave and half-day leave do not excuse', () => {
    expect(run({ leaves: [fullDay()], now: '10:00' })).toEqual([]);
    expect(run({ leaves: [fullDay('pending')], now: '10:00' })).toHaveLength(1);
    expect(run({ leaves: [fullDay('approved', { halfDay: 'am' })], now: '10:00' })).toHaveLength(1);
  });

  it('DAY-1: no log is due on a holiday (2026-10-01) or a weekend; the make-up Saturday 2026-10-10 is due', () => {
    expect(run({ day: '2026-10-01', now: '23:00' })).toEqual([]);
    expect(run({ day: '2026-10-17', now: '23:00' })).toEqual([]);
    expect(run({ day: '2026-10-10', now: '10:00' })).toEqual([expect.objectContaining({ day: '2026-10-10', sourceKey: 'DAY-1:2026-10-10:m12' })]);
  });

  it('DAY-1: the last day of the month is charged under its own day', () => {
    expect(run({ day: '2026-11-30', targets: ['08:00'], now: '00:01', nowDay: '2026-12-01' })).toEqual([expect.objectContaining({ day: '2026-11-30', variant: 'log' })]);
  });

  it('DAY-1: each manager is judged on his own facts', () => {
    const d = evaluateDayLog(policy, cal, {
      tz: TZ, day: MON, managers: [1, 2, 3],
      targets: [{ memberId: 1, at: at(MON, '08:00') }, { memberId: 3, at: at(MON, '08:00') }],
      logs: [{ memberId: 1, at: at(MON, '18:00') }],
      leaves: [], now: at('2026-11-24', '08:00'),
    });
    expect(d.map((x) => [x.memberId, x.variant])).toEqual([[2, 'both'], [3, 'log']]);
  });
});
