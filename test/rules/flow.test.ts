import { describe, expect, it } from 'vitest';
import {
  checklistStatus, checkRegistration, isBigDeal, isOnLeave, leaveCovers, monthlyBulletinAt, projectDeadlines, trainingReminderTime, weeklyBulletinAt, type Leave,
} from '../../src/rules/index.ts';
import { at, cal, loadExample, policy, TZ } from './helpers.ts';

describe('FLOW helpers', () => {
  it('PERF-1: a big deal is ¥100,000 or more, inclusive', () => {
    expect(isBigDeal(policy, 10_000_000n)).toBe(true);
    expect(isBigDeal(policy, 9_999_999n)).toBe(false);
  });

  it('PERF-2: the weekly bulletin goes out Monday 08:00', () => {
    expect(weeklyBulletinAt(policy, TZ, '2026-W48')).toEqual({ day: '2026-11-23', at: at('2026-11-23', '08:00') });
  });

  it('PERF-3: the monthly bulletin goes out on the first working day 08:00 (2026-10 → 10-08)', () => {
    expect(monthlyBulletinAt(policy, cal, TZ, '2026-10')).toEqual({ day: '2026-10-08', at: at('2026-10-08', '08:00'), topPerformers: 3 });
    expect(monthlyBulletinAt(policy, cal, TZ, '2026-12').day).toBe('2026-12-01');
  });

  it('PRJ-1..4: answer within 3 working days, reminder on working day 2, holidays excluded', () => {
    expect(projectDeadlines(policy, cal, TZ, '2026-11-23')).toEqual({ reminderDay: '2026-11-25', dueDay: '2026-11-26', dueAt: at('2026-11-27', '00:00') });
    expect(projectDeadlines(policy, cal, TZ, '2026-09-29')).toMatchObject({ reminderDay: '2026-10-08', dueDay: '2026-10-09' });
  });

  it('TRN: the training reminder is 30 minutes before the start', () => {
    expect(trainingReminderTime(policy, '14:00')).toBe('13:30');
  });
});

describe('leave helpers (for skipping reminders)', () => {
  const l: Leave = { memberId: 12, startDay: '2026-11-23', endDay: '2026-11-23', halfDay: 'am', status: 'approved', submittedAt: at('2026-11-20', '10:00') };
  it('MEET-2: half-day leave covers its half; a whole-day question needs a full-day leave', () => {
    expect(leaveCovers(l, '2026-11-23', '08:00')).toBe(true);
    expect(leaveCovers(l, '2026-11-23', '12:00')).toBe(false);
    expect(leaveCovers(l, '2026-11-23')).toBe(false);
    expect(leaveCovers({ ...l, halfDay: undefined }, '2026-11-23')).toBe(true);
    expect(isOnLeave([l], 12, '2026-11-23', '07:45')).toBe(true);
    expect(isOnLeave([l], 12, '2026-11-23', at('2026-11-23', '07:45'), TZ)).toBe(true);
    expect(isOnLeave([l], 12, '2026-11-23', at('2026-11-23', '13:00'), TZ)).toBe(false);
    expect(isOnLeave([{ ...l, status: 'pending' }], 12, '2026-11-23', '07:45')).toBe(false);
    expect(isOnLeave([l], 13, '2026-11-23', '07:45')).toBe(false);
    expect(() => isOnLeave([l], 12, '2026-11-23', new Date())).toThrow(/time zone/);
  });
});

describe('OWN-1 first registration owns the customer (real-estate.yaml)', () => {
  const re = loadExample('real-estate.yaml');
  const existing = [{ id: 1, name: '东莞 某某 公司', phone: '+86 138-0013-8000', ownerId: 7 }];
  it('OWN-1: a duplicate by name or phone is refused and names the existing owner', () => {
    expect(checkRegistration(re, existing, { name: '东莞某某公司' })).toMatchObject({ ok: false, code: 'duplicate', matchedBy: 'name', existing: { ownerId: 7 } });
    expect(checkRegistration(re, existing, { name: '另一家', phone: '13800138000' })).toMatchObject({ ok: false, matchedBy: 'phone' });
    expect(checkRegistration(re, existing, { name: '另一家', phone: '13900139000' })).toEqual({ ok: true });
  });
  it('OWN-1: a policy can decide duplicates by phone only', () => {
    const phoneOnly = { ...re, rules: re.rules.map((r) => (r.id === 'OWN-1' ? { ...r, ownership: { duplicateBy: ['phone' as const] } } : r)) };
    expect(checkRegistration(phoneOnly, existing, { name: '东莞某某公司' })).toEqual({ ok: true });
  });
});

describe('VISIT-T tobacco visit checklist (tobacco.yaml)', () => {
  const tob = loadExample('tobacco.yaml');
  it('VISIT-T: the seven steps 问看介收整记答 in order, with the look items from the deck', () => {
    const rule = tob.rules.find((r) => r.id === 'VISIT-T')!;
    expect(rule.checklist!.steps.map((s) => s.label['zh-CN']).join('')).toBe('问看介收整记答');
    expect(rule.checklist!.steps[1].items.map((i) => i.key)).toEqual(['stock', 'display', 'priceTags', 'tagsMatch', 'illegal']);
  });
  it('VISIT-T: progress lists what is missing', () => {
    const s = checklistStatus(tob, ['ask.greet', 'ask.sales', 'look.stock']);
    expect(s.complete).toBe(false);
    expect(s.done).toBe(3);
    expect(s.missing[0]).toMatchObject({ item: 'look.display', label: '看:看卷烟摆放是否整齐' });
    const all = tob.rules.find((r) => r.id === 'VISIT-T')!.checklist!.steps.flatMap((st) => st.items.map((i) => `${st.key}.${i.key}`));
    expect(checklistStatus(tob, all)).toMatchObject({ complete: true, missing: [] });
    expect(() => checklistStatus(policy, [])).toThrow(/no VISIT-T/);
  });
});
