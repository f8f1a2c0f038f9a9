/**
 * Pure date and time helpers.
 *
 * - A *day* is a string `YYYY-MM-DD` in the team's local calendar.
 * - A *time* is `HH:MM` (or `HH:MM:SS`) on the local wall clock.
 * - An *instant* is a JS `Date`.
 *
 * Time zones are handled with `Intl` only; nothing here reads the process time zone or the wall clock,
 * so results are the same under TZ=UTC, Asia/Shanghai or America/Los_Angeles.
 */

const DAY_MS = 86_400_000;
const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;
const WEEK_RE = /^(\d{4})-W(\d{2})$/;
const MONTH_RE = /^(\d{4})-(\d{2})$/;

export type Day = string;
export type Time = string;

// ---------------------------------------------------------------------------------------------------------
// Days as numbers (days since 1970-01-01). Pure integer arithmetic on UTC dates.

const dayStringCache = new Map<number, string>();

/** True for a real calendar day written `YYYY-MM-DD`. */
export function isValidDay(day: unknown): day is Day {
  if (typeof day !== 'string') return false;
  const m = DAY_RE.exec(day);
  if (!m) return false;
  const y = +m[1], mo = +m[2], d = +m[3];
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

function assertDay(day: string): void {
  if (!isValidDay(day)) throw new RangeError(`not a day (expected YYYY-MM-DD): ${JSON.stringify(day)}`);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Days since 1970-01-01 for a `YYYY-MM-DD` day. */
export function dayNumber(day: Day): number {
  assertDay(day);
  return Date.UTC(+day.slice(0, 4), +day.slice(5, 7) - 1, +day.slice(8, 10)) / DAY_MS;
}

/** The `YYYY-MM-DD` day for a number of days since 1970-01-01. */
export function dayFromNumber(n: number): Day {
  let s = dayStringCache.get(n);
  if (s === undefined) {
    const d = new Date(n * DAY_MS);
    s = `${pad4(d.getUTCFullYear())}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
    if (dayStringCache.size > 200_000) dayStringCache.clear();
    dayStringCache.set(n, s);
  }
  return s;
}

export function addDays(day: Day, n: number): Day {
  return dayFromNumber(dayNumber(day) + n);
}

/** Number of days from `a` to `b` (positive when `b` is later). */
export function daysBetween(a: Day, b: Day): number {
  return dayNumber(b) - dayNumber(a);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function weekday(day: Day): number {
  // 1970-01-01 was a Thursday (ISO 4).
  const n = dayNumber(day);
  return ((((n + 3) % 7) + 7) % 7) + 1;
}

/** `2026-11` for `2026-11-23`. */
export function monthKey(day: Day): string {
  assertDay(day);
  return day.slice(0, 7);
}

/** `2026-Q4` for `2026-11-23`. */
export function quarterKey(day: Day): string {
  assertDay(day);
  return `${day.slice(0, 4)}-Q${Math.floor((+day.slice(5, 7) - 1) / 3) + 1}`;
}

/** ISO 8601 week key, e.g. `2026-W48` for 2026-11-23 (weeks start on Monday; week 1 holds the first Thursday). */
export function isoWeekKey(day: Day): string {
  const n = dayNumber(day);
  const thursday = n - weekday(day) + 4;
  const year = new Date(thursday * DAY_MS).getUTCFullYear();
  const jan1 = Date.UTC(year, 0, 1) / DAY_MS;
  const week = Math.floor((thursday - jan1) / 7) + 1;
  return `${year}-W${pad2(week)}`;
}

/** Monday and Sunday of an ISO week key. */
export function weekRange(weekKey: string): { start: Day; end: Day } {
  const m = WEEK_RE.exec(weekKey);
  if (!m) throw new RangeError(`not an ISO week (expected YYYY-Www): ${JSON.stringify(weekKey)}`);
  const year = +m[1], week = +m[2];
  // The Monday of week 1 is the Monday of the week holding 4 January.
  const jan4 = Date.UTC(year, 0, 4) / DAY_MS;
  const jan4Weekday = ((((jan4 + 3) % 7) + 7) % 7) + 1;
  const start = jan4 - (jan4Weekday - 1) + (week - 1) * 7;
  const startDay = dayFromNumber(start);
  if (week < 1 || isoWeekKey(startDay) !== weekKey) throw new RangeError(`no such ISO week: ${weekKey}`);
  return { start: startDay, end: dayFromNumber(start + 6) };
}

export function isWeekKey(s: unknown): s is string {
  if (typeof s !== 'string' || !WEEK_RE.test(s)) return false;
  try { weekRange(s); return true; } catch { return false; }
}

export function isMonthKey(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  const m = MONTH_RE.exec(s);
  return !!m && +m[2] >= 1 && +m[2] <= 12;
}

/** First and last day of a month key `YYYY-MM`. */
export function monthRange(month: string): { start: Day; end: Day } {
  if (!isMonthKey(month)) throw new RangeError(`not a month (expected YYYY-MM): ${JSON.stringify(month)}`);
  const y = +month.slice(0, 4), mo = +month.slice(5, 7);
  return { start: `${month}-01`, end: `${month}-${pad2(daysInMonth(y, mo))}` };
}

/** Every day from `start` to `end`, both included. */
export function eachDay(start: Day, end: Day): Day[] {
  const out: Day[] = [];
  for (let n = dayNumber(start), e = dayNumber(end); n <= e; n++) out.push(dayFromNumber(n));
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Wall-clock times.

export function isValidTime(t: unknown): t is Time {
  return typeof t === 'string' && TIME_RE.test(t);
}

/** Seconds after midnight for `HH:MM` or `HH:MM:SS`. */
export function timeToSeconds(t: Time): number {
  const m = TIME_RE.exec(t);
  if (!m) throw new RangeError(`not a time (expected HH:MM): ${JSON.stringify(t)}`);
  return +m[1] * 3600 + +m[2] * 60 + (m[3] ? +m[3] : 0);
}

/** `HH:MM` (or `HH:MM:SS` when the seconds are not zero) for seconds after midnight. */
export function secondsToTime(s: number): Time {
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
  return sec ? `${pad2(h)}:${pad2(m)}:${pad2(sec)}` : `${pad2(h)}:${pad2(m)}`;
}

/** Adds minutes to a `HH:MM` time on the same day (clamped to 00:00 … 23:59). */
export function addMinutes(t: Time, minutes: number): Time {
  const s = Math.min(Math.max(timeToSeconds(t) + minutes * 60, 0), 86_399);
  return secondsToTime(s - (s % 60));
}

// ---------------------------------------------------------------------------------------------------------
// Time zones through Intl, with a small cache so that millions of facts stay cheap.

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCaches = new Map<string, Map<number, number>>();
const BUCKET_MS = 15 * 60_000;

function formatterFor(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
        hour: '2-digit', minute: '2-digit', second: '2-digit', era: 'short',
      });
    } catch {
      throw new RangeError(`unknown time zone: ${JSON.stringify(tz)}`);
    }
    formatters.set(tz, f);
  }
  return f;
}

/** True when `tz` is an IANA time zone that this runtime knows. */
export function isValidTimeZone(tz: unknown): tz is string {
  if (typeof tz !== 'string' || tz === '') return false;
  try { formatterFor(tz); return true; } catch { return false; }
}

function computeOffset(ms: number, tz: string): number {
  const parts = formatterFor(tz).formatToParts(new Date(ms));
  let y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, bc = false;
  for (const p of parts) {
    switch (p.type) {
      case 'year': y = +p.value; break;
      case 'month': mo = +p.value; break;
      case 'day': d = +p.value; break;
      case 'hour': h = +p.value % 24; break;
      case 'minute': mi = +p.value; break;
      case 'second': s = +p.value; break;
      case 'era': bc = p.value === 'BC' || p.value === 'B'; break;
    }
  }
  if (bc) y = 1 - y;
  const asUtc = new Date(0);
  asUtc.setUTCFullYear(y, mo - 1, d);
  asUtc.setUTCHours(h, mi, s, 0);
  return asUtc.getTime() - Math.floor(ms / 1000) * 1000;
}

/** Offset of `tz` from UTC at an instant, in milliseconds (UTC+8 → 28 800 000). */
export function tzOffsetMs(instantMs: number, tz: string): number {
  let cache = offsetCaches.get(tz);
  if (!cache) { formatterFor(tz); cache = new Map(); offsetCaches.set(tz, cache); }
  // Whole UTC days without a transition are cached under a negative key; days with a transition fall
  // back to 15-minute buckets (positive keys), and a bucket holding the transition itself is computed exactly.
  const dayKey = -1 - Math.floor(instantMs / DAY_MS);
  let off = cache.get(dayKey);
  if (off !== undefined) return off;
  const bucket = Math.floor(instantMs / BUCKET_MS);
  off = cache.get(bucket);
  if (off !== undefined) return off;
  if (cache.size > 500_000) cache.clear();
  const dayStart = (-1 - dayKey) * DAY_MS;
  if (!cache.has(dayKey - 0.5)) {
    const a = computeOffset(dayStart, tz);
    const b = computeOffset(dayStart + DAY_MS - 1000, tz);
    const mid = computeOffset(dayStart + DAY_MS / 2, tz);
    if (a === b && a === mid) {
      cache.set(dayKey, a);
      return a;
    }
    cache.set(dayKey - 0.5, 1); // marks "this day has a transition"
  }
  const a = computeOffset(bucket * BUCKET_MS, tz);
  const b = computeOffset(bucket * BUCKET_MS + BUCKET_MS - 1000, tz);
  if (a !== b) return computeOffset(instantMs, tz);
  cache.set(bucket, a);
  return a;
}

function checkInstant(instant: Date): number {
  const ms = instant instanceof Date ? instant.getTime() : NaN;
  if (Number.isNaN(ms)) throw new RangeError('invalid instant (expected a valid Date)');
  return ms;
}

/** Local wall-clock milliseconds (as if UTC) for an instant. */
function localMs(instant: Date, tz: string): number {
  const ms = checkInstant(instant);
  return ms + tzOffsetMs(ms, tz);
}

/** The local day of an instant in `tz`. */
export function localDay(instant: Date, tz: string): Day {
  return dayFromNumber(Math.floor(localMs(instant, tz) / DAY_MS));
}

/** The local time `HH:MM` of an instant in `tz` (seconds are cut, not rounded). */
export function localTime(instant: Date, tz: string): Time {
  const l = localMs(instant, tz);
  const s = Math.floor((((l % DAY_MS) + DAY_MS) % DAY_MS) / 1000);
  return `${pad2(Math.floor(s / 3600))}:${pad2(Math.floor((s % 3600) / 60))}`;
}

/** Local day, `HH:MM:SS` time and seconds after midnight of an instant. */
export function localDateTime(instant: Date, tz: string): { day: Day; time: string; seconds: number } {
  const l = localMs(instant, tz);
  const dayN = Math.floor(l / DAY_MS);
  const seconds = Math.floor((l - dayN * DAY_MS) / 1000);
  return {
    day: dayFromNumber(dayN),
    time: `${pad2(Math.floor(seconds / 3600))}:${pad2(Math.floor((seconds % 3600) / 60))}:${pad2(seconds % 60)}`,
    seconds,
  };
}

/**
 * The instant at which the local clock in `tz` shows `day` `time`.
 * In a daylight-saving gap the result is shifted forward by the gap; when a time occurs twice (clocks
 * turned back) the earlier instant is used. `24:00` is not accepted; use the next day's `00:00`.
 */
export function zonedInstant(day: Day, time: Time, tz: string): Date {
  const local = dayNumber(day) * DAY_MS + timeToSeconds(time) * 1000;
  const before = tzOffsetMs(local - 12 * 3_600_000, tz);
  const after = tzOffsetMs(local + 12 * 3_600_000, tz);
  const tA = local - before;
  const tB = local - after;
  const okA = tA + tzOffsetMs(tA, tz) === local;
  const okB = tB + tzOffsetMs(tB, tz) === local;
  if (okA && okB) return new Date(Math.min(tA, tB));
  if (okA) return new Date(tA);
  if (okB) return new Date(tB);
  return new Date(tA); // gap: use the offset in force before the transition
}

/** The instant a local day starts (00:00) in `tz`. */
export function startOfDay(day: Day, tz: string): Date {
  return zonedInstant(day, '00:00', tz);
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
function pad4(n: number): string {
  return n < 0 ? `-${String(-n).padStart(4, '0')}` : String(n).padStart(4, '0');
}
