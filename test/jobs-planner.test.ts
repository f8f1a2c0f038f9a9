// The planner is a pure function of (policy, calendar, instants): fixed instants in, slots out.
import { describe, expect, it } from 'vitest';
import { createCalendar, defaultPolicy, localDateTime } from '../src/rules/index.ts';
import { loadPolicyFile } from '../src/config/policy.ts';
import { planSlots, type Slot } from '../src/jobs/planner.ts';

const SH = 'Asia/Shanghai';
const cal = createCalendar();
const cst = (s: string) => new Date(s.replace(' ', 'T') + '+08:00');

/** "YYYY-MM-DD HH:MM job [period]" in the team's zone. */
function show(slots: Slot[], tz = SH): string[] {
  return slots.map((s) => {
    const l = localDateTime(s.at, tz);
    return `${l.day} ${l.time.slice(0, 5)} ${s.job} [${s.period}]`;
  });
}

describe('planner (pure, fixed instants)', () => {
  it('the National Day week 2026-10-01..07 has no slot at all', () => {
    expect(planSlots(defaultPolicy, cal, SH, cst('2026-10-01 00:00'), cst('2026-10-08 00:00'))).toEqual([]);
  });

  it('2026-10-08, the first working day after the holiday: every daily job, the shifted Monday jobs, the monthly bulletin and the closes after midnight', () => {
    expect(show(planSlots(defaultPolicy, cal, SH, cst('2026-10-08 00:00'), cst('2026-10-09 00:00')))).toEqual([
      '2026-10-08 07:45 meeting-reminder [2026-10-08]',
      '2026-10-08 08:00 weekly-bulletin [2026-W40]',
      '2026-10-08 08:00 monthly-bulletin [2026-09]',
      '2026-10-08 08:30 meeting-close [2026-10-08]',
      '2026-10-08 08:45 targets-reminder [2026-10-08]',
      '2026-10-08 09:00 visits [2026-10-08]',
      '2026-10-08 09:00 projects [2026-10-08]',
      '2026-10-08 09:00 weekly-summary-reminder [2026-W41]',
      '2026-10-08 09:00 monthly-summary-reminder [2026-10]',
      '2026-10-08 12:01 weekly-summary-close [2026-W41]',
      '2026-10-08 17:30 log-reminder [2026-10-08]',
      '2026-10-08 18:00 registrations [2026-10-08]',
      '2026-10-09 00:00 daylog-close [2026-10-08]',
      '2026-10-09 00:00 monthly-summary-close [2026-10]',
    ]);
  });

  it('the 调休 Saturday 2026-10-10 is a working day; Sunday 10-11 is not', () => {
    const sat = show(planSlots(defaultPolicy, cal, SH, cst('2026-10-09 23:59'), cst('2026-10-10 23:59')));
    expect(sat).toEqual([
      '2026-10-10 00:00 daylog-close [2026-10-09]',
      '2026-10-10 07:45 meeting-reminder [2026-10-10]',
      '2026-10-10 08:30 meeting-close [2026-10-10]',
      '2026-10-10 08:45 targets-reminder [2026-10-10]',
      '2026-10-10 09:00 visits [2026-10-10]',
      '2026-10-10 09:00 projects [2026-10-10]',
      '2026-10-10 17:30 log-reminder [2026-10-10]',
      '2026-10-10 18:00 registrations [2026-10-10]',
    ]);
    const sun = show(planSlots(defaultPolicy, cal, SH, cst('2026-10-10 23:59'), cst('2026-10-11 23:59')));
    expect(sun).toEqual(['2026-10-11 00:00 daylog-close [2026-10-10]']);
  });

  it('an ordinary Monday: the weekly bulletin of last week at 08:00 and the weekly summary at 09:00 / after 12:00', () => {
    const mon = show(planSlots(defaultPolicy, cal, SH, cst('2026-10-12 07:59'), cst('2026-10-12 12:01')));
    expect(mon).toEqual([
      '2026-10-12 08:00 weekly-bulletin [2026-W41]',
      '2026-10-12 08:30 meeting-close [2026-10-12]',
      '2026-10-12 08:45 targets-reminder [2026-10-12]',
      '2026-10-12 09:00 visits [2026-10-12]',
      '2026-10-12 09:00 projects [2026-10-12]',
      '2026-10-12 09:00 weekly-summary-reminder [2026-W42]',
      '2026-10-12 12:01 weekly-summary-close [2026-W42]',
    ]);
  });

  it('the monthly bulletin goes out on the first working day: Mon 2026-11-02 (the 1st is a Sunday), Tue 2026-12-01', () => {
    const bulletins = planSlots(defaultPolicy, cal, SH, cst('2026-10-31 00:00'), cst('2026-12-31 23:59')).filter((s) => s.job === 'monthly-bulletin');
    expect(show(bulletins)).toEqual(['2026-11-02 08:00 monthly-bulletin [2026-10]', '2026-12-01 08:00 monthly-bulletin [2026-11]']);
  });

  it('month end: Saturday 2026-10-31 is off (only the Friday close runs at 00:00); 2026-11-30 closes at 00:00 on 12-01', () => {
    expect(show(planSlots(defaultPolicy, cal, SH, cst('2026-10-30 23:00'), cst('2026-11-01 00:00')))).toEqual(['2026-10-31 00:00 daylog-close [2026-10-30]']);
    const end = show(planSlots(defaultPolicy, cal, SH, cst('2026-11-30 23:00'), cst('2026-12-01 00:00')));
    expect(end).toEqual(['2026-12-01 00:00 daylog-close [2026-11-30]']);
  });

  it('the monthly summary is due on the 3rd; when the 3rd is a holiday it moves to the next working day', () => {
    const m = planSlots(defaultPolicy, cal, SH, cst('2026-09-30 00:00'), cst('2026-12-05 00:00')).filter((s) => s.job.startsWith('monthly-summary'));
    expect(show(m)).toEqual([
      '2026-10-08 09:00 monthly-summary-reminder [2026-10]',
      '2026-10-09 00:00 monthly-summary-close [2026-10]',
      '2026-11-02 09:00 monthly-summary-reminder [2026-11]',
      '2026-11-04 00:00 monthly-summary-close [2026-11]',
      '2026-12-01 09:00 monthly-summary-reminder [2026-12]',
      '2026-12-04 00:00 monthly-summary-close [2026-12]',
    ]);
  });

  it('Shanghai has no daylight saving: the same local times map to UTC+8 all year, whatever the server zone', () => {
    const slots = planSlots(defaultPolicy, cal, SH, cst('2026-03-01 00:00'), cst('2026-12-31 00:00')).filter((s) => s.job === 'meeting-reminder');
    expect(slots.length).toBeGreaterThan(200);
    for (const s of slots) expect(s.at.toISOString().slice(11, 16)).toBe('23:45');
    expect(process.env.TZ === undefined || typeof process.env.TZ === 'string').toBe(true);
    // Same plan whether we ask for it as one window or day by day.
    const byDay: Slot[] = [];
    for (let t = cst('2026-10-01 00:00').getTime(); t < cst('2026-10-31 00:00').getTime(); t += 86_400_000) byDay.push(...planSlots(defaultPolicy, cal, SH, new Date(t), new Date(t + 86_400_000)));
    expect(show(byDay)).toEqual(show(planSlots(defaultPolicy, cal, SH, cst('2026-10-01 00:00'), cst('2026-10-31 00:00'))));
  });

  it('a team in America/Los_Angeles: 07:45 local is 14:45Z before the DST change (2026-11-01) and 15:45Z after', () => {
    const la = 'America/Los_Angeles';
    const r = planSlots(defaultPolicy, cal, la, new Date('2026-10-30T00:00:00Z'), new Date('2026-11-03T00:00:00Z')).filter((s) => s.job === 'meeting-reminder');
    expect(r.map((s) => s.at.toISOString())).toEqual(['2026-10-30T14:45:00.000Z', '2026-11-02T15:45:00.000Z']);
  });

  it('QUOTA-W active (real-estate policy): Sunday 23:59 closes the ISO week, run at 00:00 on Monday', () => {
    const loaded = loadPolicyFile('policies/real-estate.yaml');
    if (!loaded.ok) throw new Error(loaded.message);
    const q = planSlots(loaded.policy, cal, SH, cst('2026-10-01 00:00'), cst('2026-10-31 00:00')).filter((s) => s.job === 'quota-week-close');
    expect(show(q)).toEqual([
      '2026-10-05 00:00 quota-week-close [2026-W40]',
      '2026-10-12 00:00 quota-week-close [2026-W41]',
      '2026-10-19 00:00 quota-week-close [2026-W42]',
      '2026-10-26 00:00 quota-week-close [2026-W43]',
    ]);
    expect(planSlots(defaultPolicy, cal, SH, cst('2026-10-01 00:00'), cst('2026-10-31 00:00')).some((s) => s.job === 'quota-week-close')).toBe(false);
  });

  it('the next-year calendar check runs on Mondays from November only', () => {
    const w = planSlots(defaultPolicy, cal, SH, cst('2026-10-01 00:00'), cst('2026-12-31 23:59')).filter((s) => s.job === 'calendar-warning');
    expect(show(w)).toEqual([
      '2026-11-02 09:00 calendar-warning [2026-W45]',
      '2026-11-09 09:00 calendar-warning [2026-W46]',
      '2026-11-16 09:00 calendar-warning [2026-W47]',
      '2026-11-23 09:00 calendar-warning [2026-W48]',
      '2026-11-30 09:00 calendar-warning [2026-W49]',
      '2026-12-07 09:00 calendar-warning [2026-W50]',
      '2026-12-14 09:00 calendar-warning [2026-W51]',
      '2026-12-21 09:00 calendar-warning [2026-W52]',
      '2026-12-28 09:00 calendar-warning [2026-W53]',
    ]);
  });

  it('training sessions: a reminder 30 minutes before, the close at the end', () => {
    const t = { id: 7, day: '2026-10-15', startTime: '14:00', endTime: '16:00', title: '理财产品培训' };
    const s = planSlots(defaultPolicy, cal, SH, cst('2026-10-15 13:00'), cst('2026-10-15 16:00'), [t]);
    expect(show(s)).toEqual(['2026-10-15 13:30 training-reminder [2026-10-15#t7]', '2026-10-15 16:00 training-close [2026-10-15#t7]']);
    expect(s[0].expiresAt?.toISOString()).toBe(cst('2026-10-15 14:00').toISOString());
  });

  it('an admin override moves the plan: a holiday added on 2026-10-09 removes its slots', () => {
    const withHoliday = createCalendar({ holidays: ['2026-10-09'] });
    expect(planSlots(defaultPolicy, withHoliday, SH, cst('2026-10-09 00:01'), cst('2026-10-09 23:59'))).toEqual([]);
  });
});
