/**
 * The working-day calendar: Chinese statutory holidays and 调休 make-up workdays from the maintained
 * `chinese-days` package, plus days the policy adds.
 *
 * We read the package's data file rather than calling its functions, because its functions compute the
 * weekday with the process time zone; our weekday arithmetic is pure UTC on `YYYY-MM-DD` strings.
 *
 * Outside the years the data covers (see `dataEndsOn()`), Monday–Friday are workdays and weekends are
 * not, unless an override says otherwise. `needsNextYearWarning(today)` tells admins when the coming
 * year is about to start without holiday data.
 */
import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { addDays, dayFromNumber, dayNumber, isValidDay, monthRange, weekday, type Day } from './time.ts';

type DayTable = Record<string, string>;
const LIB_HOLIDAYS: DayTable = (chineseDays as { holidays: DayTable }).holidays;
const LIB_WORKDAYS: DayTable = (chineseDays as { workdays: DayTable }).workdays;

function yearsIn(table: DayTable): number[] {
  return Object.keys(table).map((d) => +d.slice(0, 4));
}
const LIB_YEARS = [...yearsIn(LIB_HOLIDAYS), ...yearsIn(LIB_WORKDAYS)];
/** First and last year for which the library has a holiday schedule. */
export const LIBRARY_FIRST_YEAR = Math.min(...LIB_YEARS);
export const LIBRARY_LAST_YEAR = Math.max(...LIB_YEARS);

export type CalendarOptions = {
  /** Extra days off (e.g. a local holiday), on top of the statutory ones. */
  holidays?: readonly string[];
  /** Extra working days (e.g. the next year's 调休 days before the library knows them). */
  workdays?: readonly string[];
  /** An admin's statement that the overrides cover the calendar up to this day (e.g. `2027-12-31`). */
  dataThrough?: string | null;
  /** How many days ahead `needsNextYearWarning` looks (default 60). */
  warnDaysBefore?: number;
};

export type Calendar = {
  isWorkday(day: Day): boolean;
  /** A statutory holiday (or a policy holiday) — not a plain weekend. */
  isHoliday(day: Day): boolean;
  /** Any day that is not a workday: weekends, holidays. */
  isRestDay(day: Day): boolean;
  /** Chinese name of the holiday or make-up workday, if any (e.g. `国庆节`). */
  dayName(day: Day): string | undefined;
  /** The first workday strictly after `day`. */
  nextWorkday(day: Day): Day;
  /** The last workday strictly before `day`. */
  previousWorkday(day: Day): Day;
  /** `n` workdays after `day` (n > 0), before it (n < 0), or `day` itself (n = 0). */
  addWorkdays(day: Day, n: number): Day;
  /** Number of workdays `d` with `a < d ≤ b` (negative when `b` is before `a`). */
  workdaysBetween(a: Day, b: Day): number;
  /** Every workday from `start` to `end`, both included. */
  workdaysIn(start: Day, end: Day): Day[];
  firstWorkdayOfMonth(month: string): Day;
  lastWorkdayOfMonth(month: string): Day;
  /** True when the holiday data (library or admin) covers the day's year. */
  covers(day: Day): boolean;
  /** True when the day's status is known: covered by the data, or set one way or the other by an override. */
  isKnown(day: Day): boolean;
  /** The last day the holiday data covers. */
  dataEndsOn(): Day;
  /** True when the day `warnDaysBefore` days after `today` is not covered by holiday data. */
  needsNextYearWarning(today: Day, warnDaysBefore?: number): boolean;
};

const MAX_SCAN = 3660;

export function createCalendar(options: CalendarOptions = {}): Calendar {
  const extraHolidays = new Set(options.holidays ?? []);
  const extraWorkdays = new Set(options.workdays ?? []);
  for (const d of [...extraHolidays, ...extraWorkdays]) {
    if (!isValidDay(d)) throw new RangeError(`calendar override is not a day (YYYY-MM-DD): ${JSON.stringify(d)}`);
  }
  for (const d of extraHolidays) {
    if (extraWorkdays.has(d)) throw new RangeError(`calendar override ${d} is listed as both a holiday and a workday`);
  }
  const libraryEnd = `${LIBRARY_LAST_YEAR}-12-31`;
  const declared = options.dataThrough && isValidDay(options.dataThrough) ? options.dataThrough : undefined;
  const endsOn = declared && declared > libraryEnd ? declared : libraryEnd;
  const warnDefault = options.warnDaysBefore ?? 60;

  const cache = new Map<string, boolean>();
  const isWorkday = (day: Day): boolean => {
    let w = cache.get(day);
    if (w === undefined) {
      if (extraWorkdays.has(day)) w = true;
      else if (extraHolidays.has(day)) w = false;
      else if (LIB_WORKDAYS[day] !== undefined) w = true;
      else if (LIB_HOLIDAYS[day] !== undefined) w = false;
      else w = weekday(day) <= 5;
      cache.set(day, w);
    }
    return w;
  };

  const step = (day: Day, dir: 1 | -1): Day => {
    let n = dayNumber(day);
    for (let i = 0; i < MAX_SCAN; i++) {
      n += dir;
      const d = dayFromNumber(n);
      if (isWorkday(d)) return d;
    }
    throw new RangeError(`no workday within ${MAX_SCAN} days of ${day}`);
  };

  const cal: Calendar = {
    isWorkday,
    isHoliday(day) {
      if (isWorkday(day)) return false;
      return extraHolidays.has(day) || LIB_HOLIDAYS[day] !== undefined;
    },
    isRestDay: (day) => !isWorkday(day),
    dayName(day) {
      if (extraHolidays.has(day)) return '假日';
      if (extraWorkdays.has(day)) return '调休上班';
      const raw = LIB_WORKDAYS[day] ?? LIB_HOLIDAYS[day];
      return raw?.split(',')[1];
    },
    nextWorkday: (day) => step(day, 1),
    previousWorkday: (day) => step(day, -1),
    addWorkdays(day, n) {
      if (!Number.isInteger(n)) throw new RangeError(`addWorkdays needs a whole number, got ${n}`);
      let d = day;
      dayNumber(d);
      for (let i = 0; i < Math.abs(n); i++) d = step(d, n > 0 ? 1 : -1);
      return d;
    },
    workdaysBetween(a, b) {
      const na = dayNumber(a), nb = dayNumber(b);
      const [lo, hi, sign] = na <= nb ? [na, nb, 1] : [nb, na, -1];
      let count = 0;
      for (let n = lo + 1; n <= hi; n++) if (isWorkday(dayFromNumber(n))) count++;
      return count * sign;
    },
    workdaysIn(start, end) {
      const out: Day[] = [];
      for (let n = dayNumber(start), e = dayNumber(end); n <= e; n++) {
        const d = dayFromNumber(n);
        if (isWorkday(d)) out.push(d);
      }
      return out;
    },
    firstWorkdayOfMonth(month) {
      const { start } = monthRange(month);
      return isWorkday(start) ? start : step(start, 1);
    },
    lastWorkdayOfMonth(month) {
      const { end } = monthRange(month);
      return isWorkday(end) ? end : step(end, -1);
    },
    covers(day) {
      dayNumber(day);
      return day >= `${LIBRARY_FIRST_YEAR}-01-01` && day <= endsOn;
    },
    isKnown: (day) => cal.covers(day) || extraHolidays.has(day) || extraWorkdays.has(day),
    dataEndsOn: () => endsOn,
    needsNextYearWarning(today, warnDaysBefore = warnDefault) {
      return !cal.covers(addDays(today, warnDaysBefore));
    },
  };
  return cal;
}
