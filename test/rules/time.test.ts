import { describe, expect, it } from 'vitest';
import {
  addDays, addMinutes, daysBetween, eachDay, isoWeekKey, isValidDay, isValidTimeZone, localDateTime, localDay, localTime, monthKey, monthRange, quarterKey,
  weekday, weekRange, zonedInstant,
} from '../../src/rules/index.ts';

describe('days', () => {
  it('addDays, daysBetween and weekday are pure calendar arithmetic', () => {
    expect(addDays('2026-11-30', 1)).toBe('2026-12-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365);
    expect(weekday('2026-11-23')).toBe(1);
    expect(weekday('2026-10-10')).toBe(6);
    expect(weekday('2026-11-29')).toBe(7);
    expect(eachDay('2026-11-29', '2026-12-01')).toEqual(['2026-11-29', '2026-11-30', '2026-12-01']);
  });

  it('validates days', () => {
    expect(isValidDay('2026-02-29')).toBe(false);
    expect(isValidDay('2028-02-29')).toBe(true);
    expect(isValidDay('2026-13-01')).toBe(false);
    expect(isValidDay('2026-1-1')).toBe(false);
    expect(() => addDays('yesterday', 1)).toThrow(/YYYY-MM-DD/);
  });

  it('period keys: ISO week, month, quarter', () => {
    expect(isoWeekKey('2026-11-23')).toBe('2026-W48');
    expect(isoWeekKey('2026-11-22')).toBe('2026-W47');
    expect(isoWeekKey('2026-01-01')).toBe('2026-W01');
    expect(isoWeekKey('2027-01-01')).toBe('2026-W53');
    expect(isoWeekKey('2024-12-30')).toBe('2025-W01');
    expect(weekRange('2026-W47')).toEqual({ start: '2026-11-16', end: '2026-11-22' });
    expect(weekRange('2026-W53')).toEqual({ start: '2026-12-28', end: '2027-01-03' });
    expect(() => weekRange('2025-W53')).toThrow(/no such ISO week/);
    expect(monthKey('2026-11-23')).toBe('2026-11');
    expect(monthRange('2026-02')).toEqual({ start: '2026-02-01', end: '2026-02-28' });
    expect(quarterKey('2026-11-23')).toBe('2026-Q4');
    expect(quarterKey('2026-03-31')).toBe('2026-Q1');
  });
});

describe('time zones (Intl only — the process TZ does not matter)', () => {
  it('zonedInstant and localDay/localTime agree for Asia/Shanghai', () => {
    const i = zonedInstant('2026-11-23', '08:00', 'Asia/Shanghai');
    expect(i.toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(localDay(i, 'Asia/Shanghai')).toBe('2026-11-23');
    expect(localTime(i, 'Asia/Shanghai')).toBe('08:00');
    expect(localDay(i, 'America/Los_Angeles')).toBe('2026-11-22');
    expect(localTime(i, 'America/Los_Angeles')).toBe('16:00');
    expect(zonedInstant('2026-11-23', '08:00:01', 'Asia/Shanghai').toISOString()).toBe('2026-11-23T00:00:01.000Z');
    expect(localDateTime(new Date('2026-11-22T16:00:01Z'), 'Asia/Shanghai')).toEqual({ day: '2026-11-23', time: '00:00:01', seconds: 1 });
  });

  it('midnight in Shanghai is the previous UTC day', () => {
    const i = zonedInstant('2026-10-01', '00:00', 'Asia/Shanghai');
    expect(i.toISOString()).toBe('2026-09-30T16:00:00.000Z');
    expect(localDay(new Date(i.getTime() - 1), 'Asia/Shanghai')).toBe('2026-09-30');
  });

  it('handles daylight saving time in America/Los_Angeles', () => {
    expect(zonedInstant('2026-07-01', '08:00', 'America/Los_Angeles').toISOString()).toBe('2026-07-01T15:00:00.000Z');
    expect(zonedInstant('2026-12-01', '08:00', 'America/Los_Angeles').toISOString()).toBe('2026-12-01T16:00:00.000Z');
    // spring forward: 02:30 does not exist → shifted forward to 03:30 PDT
    expect(zonedInstant('2026-03-08', '02:30', 'America/Los_Angeles').toISOString()).toBe('2026-03-08T10:30:00.000Z');
    // fall back: 01:30 happens twice → the earlier one (PDT)
    expect(zonedInstant('2026-11-01', '01:30', 'America/Los_Angeles').toISOString()).toBe('2026-11-01T08:30:00.000Z');
    expect(localTime(new Date('2026-11-01T09:30:00Z'), 'America/Los_Angeles')).toBe('01:30');
  });

  it('rejects unknown time zones and invalid instants', () => {
    expect(isValidTimeZone('Asia/Shanghai')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(() => localDay(new Date('2026-11-23'), 'Mars/Olympus')).toThrow(/unknown time zone/);
    expect(() => localDay(new Date('nope'), 'Asia/Shanghai')).toThrow(/invalid instant/);
  });

  it('addMinutes clamps to the same day', () => {
    expect(addMinutes('09:00', -30)).toBe('08:30');
    expect(addMinutes('00:10', -30)).toBe('00:00');
  });
});
