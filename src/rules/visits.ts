/**
 * DAY-3: revisit customers by the maintenance-frequency standard (客户维护频次标准).
 *
 * The seed's frequency table is missing; the policy sets it (tier A every 7 days, B 30, C 90). The first
 * cycle is due `interval` days after the local day of the last visit (or of registration, if never
 * visited), moved to the next working day with `shiftToWorkday`; after a missed cycle the next one is due
 * `interval` days after that due day. A cycle is missed when its due day has ended without a visit. Each
 * missed cycle is one ¥50 entry for the customer's current owner, with source key
 * `DAY-3:c<customer>:<due day>`. Cycles due before `since` (e.g. the day the bot started) are not charged.
 *
 * Also returned: `dueSoon` (the open cycle is due within `reminderDaysBefore` days, `daysLeft` 0 = due
 * today) and `overdue` (customers with at least one missed cycle: the latest missed due day and count).
 */
import type { Calendar } from './calendar.ts';
import { activeRule, fineOf } from './policy/lookup.ts';
import type { Policy } from './policy/schema.ts';
import { dayFromNumber, dayNumber, tzOffsetMs, zonedInstant, type Day } from './time.ts';
import type { LedgerDraft, MemberId } from './types.ts';

export type Tier = 'A' | 'B' | 'C';

export type VisitCustomer = {
  id: number;
  ownerId: MemberId;
  tier: Tier;
  registeredAt: Date;
  lastVisitAt?: Date;
};

export type VisitsInput = {
  tz: string;
  today: Day;
  customers: readonly VisitCustomer[];
  now: Date;
  /** Cycles due before this day are not charged. */
  since?: Day;
};

export type VisitDue = { customerId: number; ownerId: MemberId; tier: Tier; dueDay: Day; daysLeft: number };
export type VisitOverdue = { customerId: number; ownerId: MemberId; tier: Tier; dueDay: Day; firstMissedDay: Day; missedCycles: number };

export type VisitsResult = { drafts: LedgerDraft[]; dueSoon: VisitDue[]; overdue: VisitOverdue[] };

const DAY_MS = 86_400_000;
const MAX_CYCLES = 400;

export function evaluateVisits(policy: Policy, cal: Calendar, input: VisitsInput): VisitsResult {
  const rule = activeRule(policy, 'DAY-3');
  const v = policy.schedule.visits;
  const { tz, today, now } = input;
  const todayN = dayNumber(today);
  const sinceN = input.since ? dayNumber(input.since) : -Infinity;
  const nowMs = now.getTime();
  const fine = rule ? fineOf(rule) : 0n;
  const drafts: LedgerDraft[] = [];
  const dueSoon: VisitDue[] = [];
  const overdue: VisitOverdue[] = [];
  const shifted = new Map<number, number>();
  const dueOf = (nominal: number): number => {
    if (!v.shiftToWorkday) return nominal;
    let d = shifted.get(nominal);
    if (d === undefined) {
      const day = dayFromNumber(nominal);
      d = cal.isWorkday(day) ? nominal : dayNumber(cal.nextWorkday(day));
      shifted.set(nominal, d);
    }
    return d;
  };
  // The end of a due day has passed when now ≥ the start of the next local day.
  const endPassed = new Map<number, boolean>();
  const ended = (due: number): boolean => {
    let e = endPassed.get(due);
    if (e === undefined) {
      e = due < todayN && nowMs >= zonedInstant(dayFromNumber(due + 1), '00:00', tz).getTime();
      endPassed.set(due, e);
    }
    return e;
  };

  for (const c of input.customers) {
    const interval = v.intervalDays[c.tier];
    const anchorAt = (c.lastVisitAt ?? c.registeredAt).getTime();
    const anchor = Math.floor((anchorAt + tzOffsetMs(anchorAt, tz)) / DAY_MS);
    let missed = 0;
    let firstMissed = 0;
    let lastMissed = 0;
    let due = anchor;
    for (let k = 1; k <= MAX_CYCLES; k++) {
      due = dueOf(due + interval);
      if (!ended(due)) {
        const left = due - todayN;
        if (left >= 0 && left <= v.reminderDaysBefore) {
          dueSoon.push({ customerId: c.id, ownerId: c.ownerId, tier: c.tier, dueDay: dayFromNumber(due), daysLeft: left });
        }
        break;
      }
      missed++;
      if (missed === 1) firstMissed = due;
      lastMissed = due;
      if (rule && due >= sinceN) {
        const dueDay = dayFromNumber(due);
        drafts.push({
          memberId: c.ownerId, ruleId: rule.id, kind: 'fine', amountFen: fine, points: 0,
          occurredAt: zonedInstant(dueDay, '23:59', tz), day: dueDay, sourceKey: `DAY-3:c${c.id}:${dueDay}`,
          detail: `客户 #${c.id}(${c.tier} 类,每 ${interval} 天)未在 ${dueDay} 前回访 / customer #${c.id} (tier ${c.tier}, every ${interval} days) not revisited by ${dueDay}`,
        });
      }
    }
    if (missed > 0) {
      overdue.push({ customerId: c.id, ownerId: c.ownerId, tier: c.tier, dueDay: dayFromNumber(lastMissed), firstMissedDay: dayFromNumber(firstMissed), missedCycles: missed });
    }
  }
  return { drafts, dueSoon, overdue };
}
