import { describe, expect, it } from 'vitest';
import { evaluateRegistrations, registrationDue, type PendingRegistration } from '../../src/rules/index.ts';
import { at, cal, policy, TZ } from './helpers.ts';

const pending = (seen: [string, string], reg?: [string, string]): PendingRegistration => ({
  memberId: 12, name: '东莞某公司', firstSeenAt: at(seen[0], seen[1]), key: 'deal:812', ...(reg ? { registeredAt: at(reg[0], reg[1]) } : {}),
});
const run = (p: PendingRegistration[], now: [string, string]) => evaluateRegistrations(policy, cal, { tz: TZ, pending: p, now: at(now[0], now[1]) });

describe('DAY-4 new customers registered by the end of the next working day, else ¥50', () => {
  it('DAY-4: seen Friday → due Monday 23:59; registered 23:59:00 is on time, 23:59:01 is late', () => {
    expect(registrationDue(policy, cal, TZ, at('2026-11-20', '10:00'))).toEqual({ day: '2026-11-23', at: at('2026-11-23', '23:59') });
    expect(run([pending(['2026-11-20', '10:00'], ['2026-11-23', '23:59:00'])], ['2026-11-24', '09:00'])).toEqual([]);
    expect(run([pending(['2026-11-20', '10:00'], ['2026-11-23', '23:59:01'])], ['2026-11-24', '09:00'])).toEqual([
      expect.objectContaining({ ruleId: 'DAY-4', amountFen: 5000n, sourceKey: 'DAY-4:deal:812', day: '2026-11-23', occurredAt: at('2026-11-23', '23:59') }),
    ]);
  });

  it('DAY-4: not registered → nothing until the deadline passes, then one ¥50', () => {
    expect(run([pending(['2026-11-20', '10:00'])], ['2026-11-23', '23:59'])).toEqual([]);
    expect(run([pending(['2026-11-20', '10:00'])], ['2026-11-23', '23:59:01'])).toHaveLength(1);
  });

  it('DAY-4: seen on the last day before National Day (2026-09-30) → due 2026-10-08; seen on the make-up Saturday 2026-10-10 → due Monday 2026-10-12', () => {
    expect(registrationDue(policy, cal, TZ, at('2026-09-30', '16:00')).day).toBe('2026-10-08');
    expect(registrationDue(policy, cal, TZ, at('2026-10-10', '16:00')).day).toBe('2026-10-12');
    expect(run([pending(['2026-09-30', '16:00'])], ['2026-10-07', '23:00'])).toEqual([]);
  });

  it('DAY-4: a deal late in the evening belongs to its Shanghai day', () => {
    // 23:30 Shanghai on Monday is still Monday → due Tuesday
    expect(registrationDue(policy, cal, TZ, at('2026-11-23', '23:30')).day).toBe('2026-11-24');
  });

  it('DAY-4: the same pending key is charged once', () => {
    const p = pending(['2026-11-20', '10:00']);
    expect(run([p, p], ['2026-11-25', '09:00'])).toHaveLength(1);
  });
});
