import { describe, expect, it } from 'vitest';
import { createCalendar, LIBRARY_LAST_YEAR, parsePolicyText, policyCalendar } from '../../src/rules/index.ts';

const cal = createCalendar();

describe('working-day calendar (chinese-days + overrides)', () => {
  it('MEET-1: statutory holidays are not workdays; 调休 make-up Saturdays are', () => {
    expect(cal.isWorkday('2026-10-01')).toBe(false);
    expect(cal.isHoliday('2026-10-01')).toBe(true);
    expect(cal.dayName('2026-10-01')).toBe('国庆节');
    expect(cal.isWorkday('2026-10-10')).toBe(true);
    expect(cal.isHoliday('2026-10-10')).toBe(false);
    expect(cal.isWorkday('2026-10-17')).toBe(false);
    expect(cal.isHoliday('2026-10-17')).toBe(false);
    expect(cal.isRestDay('2026-10-17')).toBe(true);
    expect(cal.isWorkday('2026-11-23')).toBe(true);
    expect(cal.isWorkday('2026-02-14')).toBe(true);
  });

  it('next/previous workday and working-day arithmetic skip holidays', () => {
    expect(cal.nextWorkday('2026-09-30')).toBe('2026-10-08');
    expect(cal.previousWorkday('2026-10-08')).toBe('2026-09-30');
    expect(cal.nextWorkday('2026-10-09')).toBe('2026-10-10');
    expect(cal.addWorkdays('2026-09-29', 3)).toBe('2026-10-09');
    expect(cal.addWorkdays('2026-10-12', -2)).toBe('2026-10-09');
    expect(cal.addWorkdays('2026-10-03', 0)).toBe('2026-10-03');
    expect(cal.workdaysBetween('2026-09-30', '2026-10-10')).toBe(3);
    expect(cal.workdaysBetween('2026-10-10', '2026-09-30')).toBe(-3);
    expect(cal.workdaysIn('2026-10-01', '2026-10-11')).toEqual(['2026-10-08', '2026-10-09', '2026-10-10']);
  });

  it('first and last workday of a month', () => {
    expect(cal.firstWorkdayOfMonth('2026-10')).toBe('2026-10-08');
    expect(cal.firstWorkdayOfMonth('2026-11')).toBe('2026-11-02');
    expect(cal.firstWorkdayOfMonth('2026-02')).toBe('2026-02-02');
    expect(cal.lastWorkdayOfMonth('2026-10')).toBe('2026-10-30');
    expect(cal.lastWorkdayOfMonth('2026-02')).toBe('2026-02-28'); // a 调休 Saturday
  });

  it('detects where the library data ends (2027 is not covered yet) and warns before the year runs out', () => {
    expect(cal.dataEndsOn()).toBe(`${LIBRARY_LAST_YEAR}-12-31`);
    expect(LIBRARY_LAST_YEAR).toBeGreaterThanOrEqual(2026);
    expect(cal.covers('2026-06-01')).toBe(true);
    expect(cal.covers(`${LIBRARY_LAST_YEAR + 1}-01-01`)).toBe(false);
    expect(cal.needsNextYearWarning(`${LIBRARY_LAST_YEAR}-11-22`)).toBe(true);
    expect(cal.needsNextYearWarning(`${LIBRARY_LAST_YEAR}-09-01`)).toBe(false);
    expect(cal.needsNextYearWarning(`${LIBRARY_LAST_YEAR}-09-01`, 150)).toBe(true);
    // Without data, 2027-01-01 is an ordinary Friday
    if (LIBRARY_LAST_YEAR === 2026) expect(cal.isWorkday('2027-01-01')).toBe(true);
  });

  it('policy overrides add holidays and workdays; an admin can declare the next year covered', () => {
    const c = createCalendar({ holidays: ['2027-01-01', '2026-11-24'], workdays: ['2026-11-29'], dataThrough: '2027-12-31' });
    expect(c.isWorkday('2027-01-01')).toBe(false);
    expect(c.isHoliday('2027-01-01')).toBe(true);
    expect(c.isWorkday('2026-11-24')).toBe(false);
    expect(c.isWorkday('2026-11-29')).toBe(true);
    expect(c.nextWorkday('2026-11-23')).toBe('2026-11-25');
    expect(c.dataEndsOn()).toBe('2027-12-31');
    expect(c.needsNextYearWarning('2026-11-22')).toBe(false);
    expect(() => createCalendar({ holidays: ['2026-11-24'], workdays: ['2026-11-24'] })).toThrow(/both/);
    expect(() => createCalendar({ holidays: ['24/11/2026'] })).toThrow(/YYYY-MM-DD/);
  });

  it('policyCalendar reads the policy overrides', () => {
    const r = parsePolicyText('extends: default\ncalendar:\n  holidays: ["2026-11-24"]\n', 'yaml');
    if (!r.ok) throw new Error(r.errors.join());
    expect(policyCalendar(r.policy).isWorkday('2026-11-24')).toBe(false);
  });
});
