import { describe, expect, it } from 'vitest';
import { evaluateAttendance, isMeetingDay, meetingSession, parsePolicyText, type Leave, type Session } from '../../src/rules/index.ts';
import { at, cal, loadExample, policy, TZ } from './helpers.ts';

const MON = '2026-11-23';
const meeting = (day: string): Session => meetingSession(policy, day);

function run(opts: { day?: string; checkIns?: [number, string][]; leaves?: Leave[]; now: string; managers?: number[]; p?: typeof policy; session?: Session; earlyLeaves?: [number, string][] }) {
  const day = opts.day ?? MON;
  return evaluateAttendance(opts.p ?? policy, cal, {
    tz: TZ, day, session: opts.session ?? meeting(day), managers: opts.managers ?? [12],
    checkIns: (opts.checkIns ?? []).map(([memberId, t]) => ({ memberId, at: at(day, t) })),
    earlyLeaves: (opts.earlyLeaves ?? []).map(([memberId, t]) => ({ memberId, at: at(day, t) })),
    leaves: opts.leaves ?? [], now: at(day, opts.now),
  });
}

function leave(l: Partial<Leave> & { submitted: string; decided?: string; day?: string }): Leave {
  const day = l.day ?? MON;
  return {
    memberId: 12, startDay: day, endDay: day, status: 'approved', ...l,
    submittedAt: at(l.submitted.length > 8 ? l.submitted.slice(0, 10) : day, l.submitted.length > 8 ? l.submitted.slice(11) : l.submitted),
    ...(l.decided ? { decidedAt: at(day, l.decided) } : {}),
  } as Leave;
}

describe('MEET-3 late / absent (¥20, one per meeting)', () => {
  it.each([
    ['07:59:59', 0],
    ['08:00:00', 0],
    ['08:00:01', 1],
    ['08:29:59', 1],
    ['08:30:00', 1],
  ])('MEET-3: check-in at %s → %i late draft(s)', (time, n) => {
    const d = run({ checkIns: [[12, time]], now: '09:00' });
    expect(d).toHaveLength(n);
    if (n) expect(d[0]).toMatchObject({ ruleId: 'MEET-3', variant: 'late', kind: 'fine', amountFen: 2000n, memberId: 12, day: MON, sourceKey: 'MEET-3:meeting:2026-11-23:m12' });
  });

  it('MEET-3: check-in at 08:00:01 is late ¥20, returned as soon as the check-in exists (before the close)', () => {
    const d = run({ checkIns: [[12, '08:00:01']], now: '08:00:02' });
    expect(d).toEqual([expect.objectContaining({ variant: 'late', amountFen: 2000n, occurredAt: at(MON, '08:00:01') })]);
    expect(d[0].detail).toMatch(/08:00:01/);
  });

  it('MEET-3: no check-in → nothing before 08:30, one absent ¥20 from 08:30 (the close)', () => {
    expect(run({ now: '08:29:59' })).toEqual([]);
    const d = run({ now: '08:30' });
    expect(d).toEqual([expect.objectContaining({ ruleId: 'MEET-3', variant: 'absent', amountFen: 2000n, sourceKey: 'MEET-3:meeting:2026-11-23:m12', occurredAt: at(MON, '08:00') })]);
  });

  it('MEET-3: a check-in at 08:30:01 (after the end) is absent, not late', () => {
    expect(run({ checkIns: [[12, '08:30:01']], now: '08:29:59' })).toEqual([]);
    expect(run({ checkIns: [[12, '08:30:01']], now: '08:31' })).toEqual([expect.objectContaining({ variant: 'absent' })]);
  });

  it('MEET-3: late and absent are never both — they share one source key, and a late check-in gives no absence at the close', () => {
    const late = run({ checkIns: [[12, '08:10']], now: '08:10' });
    const closed = run({ checkIns: [[12, '08:10']], now: '23:00' });
    const absent = run({ now: '23:00' });
    expect(closed).toHaveLength(1);
    expect(closed[0].variant).toBe('late');
    expect(late[0].sourceKey).toBe(absent[0].sourceKey);
  });

  it('MEET-3: several check-ins and duplicate manager ids give one draft; the earliest check-in counts', () => {
    const d = run({ managers: [12, 12], checkIns: [[12, '08:05'], [12, '07:55'], [12, '08:20']], now: '09:00' });
    expect(d).toEqual([]);
  });

  it('MEET-3: check-ins on another day do not count', () => {
    const d = evaluateAttendance(policy, cal, {
      tz: TZ, day: MON, session: meeting(MON), managers: [12], checkIns: [{ memberId: 12, at: at('2026-11-22', '07:55') }], leaves: [], now: at(MON, '09:00'),
    });
    expect(d).toEqual([expect.objectContaining({ variant: 'absent' })]);
  });

  it('MEET-3 MEET-1: no meeting and no drafts on a holiday (2026-10-01) or an ordinary Saturday', () => {
    expect(isMeetingDay(policy, cal, '2026-10-01')).toBe(false);
    expect(run({ day: '2026-10-01', now: '12:00' })).toEqual([]);
    expect(run({ day: '2026-10-17', now: '12:00' })).toEqual([]);
  });

  it('MEET-3 MEET-1: the make-up Saturday 2026-10-10 has a meeting', () => {
    expect(isMeetingDay(policy, cal, '2026-10-10')).toBe(true);
    expect(run({ day: '2026-10-10', now: '12:00' })).toEqual([expect.objectContaining({ variant: 'absent', day: '2026-10-10', sourceKey: 'MEET-3:meeting:2026-10-10:m12' })]);
  });

  it('MEET-3: the last day of the month (2026-09-30, before National Day) is a normal meeting day', () => {
    expect(run({ day: '2026-09-30', checkIns: [[12, '08:00:01']], now: '08:01' })).toEqual([expect.objectContaining({ variant: 'late', day: '2026-09-30' })]);
  });

  it('MEET-3: one draft per manager; on-time managers get none', () => {
    const d = run({ managers: [1, 2, 3, 4], checkIns: [[1, '07:40'], [2, '08:01'], [4, '08:00']], now: '08:30' });
    expect(d.map((x) => [x.memberId, x.variant])).toEqual([[2, 'late'], [3, 'absent']]);
  });

  it('MEET-3: a disabled rule records nothing', () => {
    const r = parsePolicyText('extends: default\nrules:\n  - id: MEET-3\n    enabled: false\n', 'yaml');
    if (!r.ok) throw new Error(r.errors.join());
    expect(run({ p: r.policy, now: '09:00' })).toEqual([]);
  });

  it('MEET-3: results do not depend on the process time zone (instants computed with Intl)', () => {
    const d = run({ checkIns: [[12, '08:00:01']], now: '08:05' });
    expect(d[0].occurredAt.toISOString()).toBe('2026-11-23T00:00:01.000Z');
  });
});

describe('MEET-2 leave for the meeting', () => {
  it('MEET-2: approved leave submitted before 08:00 excuses', () => {
    expect(run({ leaves: [leave({ submitted: '07:59:59', decided: '07:59:59' })], now: '09:00' })).toEqual([]);
  });

  it('MEET-2: leave requested the day before and approved after the meeting excuses (approval may come later)', () => {
    const l = leave({ submitted: '2026-11-22 20:00', decided: '10:00' });
    expect(run({ leaves: [l], now: '09:00' })).toEqual([]);
  });

  it('MEET-2: leave submitted at 08:00:01 does not excuse, even when approved → absent', () => {
    const d = run({ leaves: [leave({ submitted: '08:00:01', decided: '08:05' })], now: '09:00' });
    expect(d).toEqual([expect.objectContaining({ variant: 'absent' })]);
    expect(d[0].detail).toMatch(/late_request/);
  });

  it('MEET-2: rejected leave does not excuse', () => {
    expect(run({ leaves: [leave({ submitted: '07:00', status: 'rejected' })], now: '09:00' })).toEqual([expect.objectContaining({ variant: 'absent' })]);
  });

  it('MEET-2: cancelled leave does not excuse', () => {
    expect(run({ leaves: [leave({ submitted: '07:00', status: 'cancelled' })], now: '09:00' })).toEqual([expect.objectContaining({ variant: 'absent' })]);
  });

  it('MEET-2: leave still pending at the close does not excuse (default: charge)', () => {
    expect(run({ leaves: [leave({ submitted: '07:00', status: 'pending' })], now: '08:30' })).toEqual([expect.objectContaining({ variant: 'absent' })]);
  });

  it('MEET-2: with pendingAtClose: hold, a timely pending request holds the absence back; a late one does not', () => {
    const r = parsePolicyText('extends: default\nschedule:\n  leave:\n    pendingAtClose: hold\n', 'yaml');
    if (!r.ok) throw new Error(r.errors.join());
    expect(run({ p: r.policy, leaves: [leave({ submitted: '07:00', status: 'pending' })], now: '08:30' })).toEqual([]);
    expect(run({ p: r.policy, leaves: [leave({ submitted: '08:10', status: 'pending' })], now: '08:30' })).toHaveLength(1);
  });

  it('MEET-2: half-day morning leave covering 08:00 excuses; afternoon half-day leave does not', () => {
    expect(run({ leaves: [leave({ submitted: '07:00', halfDay: 'am' })], now: '09:00' })).toEqual([]);
    expect(run({ leaves: [leave({ submitted: '07:00', halfDay: 'pm' })], now: '09:00' })).toEqual([expect.objectContaining({ variant: 'absent' })]);
  });

  it('MEET-2: timed leave excuses only if it covers the start; leave of another member does not count', () => {
    expect(run({ leaves: [leave({ submitted: '07:00', startTime: '07:30', endTime: '10:00' })], now: '09:00' })).toEqual([]);
    expect(run({ leaves: [leave({ submitted: '07:00', startTime: '08:15', endTime: '10:00' })], now: '09:00' })).toHaveLength(1);
    expect(run({ leaves: [leave({ submitted: '07:00', memberId: 99 })], now: '09:00' })).toHaveLength(1);
  });

  it('MEET-2: a multi-day leave excuses every day it covers', () => {
    const l = leave({ submitted: '2026-11-20 09:00', startDay: '2026-11-23', endDay: '2026-11-25' });
    expect(run({ day: '2026-11-24', leaves: [l], now: '09:00' })).toEqual([]);
    expect(run({ day: '2026-11-26', leaves: [l], now: '09:00' })).toHaveLength(1);
  });

  it('MEET-2: excused managers are not charged for a late check-in either', () => {
    expect(run({ checkIns: [[12, '08:10']], leaves: [leave({ submitted: '07:00', halfDay: 'am' })], now: '09:00' })).toEqual([]);
  });
});

describe('MEET-W bank weekly meeting (example policy)', () => {
  const bank = loadExample('bank-weekly-meeting.yaml');
  it('MEET-W: the meeting is Wednesday 07:30–08:00; other weekdays have no meeting', () => {
    expect(isMeetingDay(bank, cal, '2026-11-25')).toBe(true);
    expect(isMeetingDay(bank, cal, '2026-11-23')).toBe(false);
    expect(isMeetingDay(bank, cal, '2026-09-30')).toBe(true);
    expect(isMeetingDay(bank, cal, '2026-10-07')).toBe(false); // a Wednesday in the National Day holiday
    const d = (time: string) => run({ p: bank, day: '2026-11-25', session: meetingSession(bank, '2026-11-25'), checkIns: [[12, time]], now: '09:00' });
    expect(d('07:30:00')).toEqual([]);
    expect(d('07:30:01')).toEqual([expect.objectContaining({ ruleId: 'MEET-3', variant: 'late', amountFen: 2000n })]);
    expect(d('08:00:01')).toEqual([expect.objectContaining({ variant: 'absent' })]);
    expect(run({ p: bank, day: MON, now: '12:00' })).toEqual([]);
  });
});

describe('TRN-1 / TRN-2 training attendance', () => {
  const training: Session = { kind: 'training', id: 't7', start: '14:00', end: '16:00' };
  const SAT = '2026-11-28';

  it('TRN-1: absent from training without reason ¥100, only once the session has ended', () => {
    expect(run({ session: training, now: '15:59:59' })).toEqual([]);
    expect(run({ session: training, now: '16:00' })).toEqual([expect.objectContaining({ ruleId: 'TRN-1', kind: 'fine', amountFen: 10_000n, sourceKey: 'TRN:training:t7:m12' })]);
  });

  it('TRN-2: check-in at 14:00:01 is late ¥50; 14:00:00 is on time', () => {
    expect(run({ session: training, checkIns: [[12, '14:00:00']], now: '17:00' })).toEqual([]);
    expect(run({ session: training, checkIns: [[12, '14:00:01']], now: '14:01' })).toEqual([expect.objectContaining({ ruleId: 'TRN-2', variant: 'late', amountFen: 5000n, sourceKey: 'TRN:training:t7:m12' })]);
  });

  it('TRN-1 TRN-2: absent and late are never both (shared key); a check-in after the end is absent', () => {
    const late = run({ session: training, checkIns: [[12, '15:00']], now: '17:00' });
    expect(late.map((d) => d.ruleId)).toEqual(['TRN-2']);
    const afterEnd = run({ session: training, checkIns: [[12, '16:00:01']], now: '17:00' });
    expect(afterEnd.map((d) => d.ruleId)).toEqual(['TRN-1']);
    expect(late[0].sourceKey).toBe(afterEnd[0].sourceKey);
  });

  it('TRN-2: leaving early is a separate ¥50 entry; leaving at the end is not early', () => {
    const d = run({ session: training, checkIns: [[12, '13:55']], earlyLeaves: [[12, '15:30']], now: '17:00' });
    expect(d).toEqual([expect.objectContaining({ ruleId: 'TRN-2', variant: 'early_leave', amountFen: 5000n, sourceKey: 'TRN-2:early:t7:m12' })]);
    expect(run({ session: training, checkIns: [[12, '13:55']], earlyLeaves: [[12, '16:00']], now: '17:00' })).toEqual([]);
    const both = run({ session: training, checkIns: [[12, '14:10']], earlyLeaves: [[12, '15:30']], now: '17:00' });
    expect(both.map((x) => x.variant)).toEqual(['late', 'early_leave']);
  });

  it('TRN-2: early leave covered by leave requested in advance and approved is excused', () => {
    const l = leave({ submitted: '12:00', startTime: '15:00', endTime: '18:00' });
    expect(run({ session: training, checkIns: [[12, '13:55']], earlyLeaves: [[12, '15:30']], leaves: [l], now: '17:00' })).toEqual([]);
  });

  it('TRN-1: approved leave submitted before the start excuses; trainings are checked on any day (Saturday)', () => {
    expect(run({ day: SAT, session: training, leaves: [leave({ day: SAT, submitted: '2026-11-27 18:00' })], now: '17:00' })).toEqual([]);
    expect(run({ day: SAT, session: training, now: '17:00' })).toEqual([expect.objectContaining({ ruleId: 'TRN-1', day: SAT })]);
  });
});
