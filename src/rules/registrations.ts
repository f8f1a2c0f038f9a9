/**
 * DAY-4: a deal or visit that names an unregistered customer starts the clock; the customer must be
 * registered by the end of the next working day (policy `schedule.registration`: 1 working day, 23:59).
 * Otherwise ¥50, once per pending registration (source key `DAY-4:<key>`).
 */
import type { Calendar } from './calendar.ts';
import { activeRule, fineOf } from './policy/lookup.ts';
import type { Policy } from './policy/schema.ts';
import { localDay, zonedInstant, type Day } from './time.ts';
import type { LedgerDraft, MemberId } from './types.ts';

export type PendingRegistration = {
  memberId: MemberId;
  name: string;
  firstSeenAt: Date;
  registeredAt?: Date;
  /** Stable id of the fact that started the clock (e.g. `deal:812`). */
  key: string;
};

export type RegistrationsInput = { tz: string; pending: readonly PendingRegistration[]; now: Date };

/** Due day and instant for a customer first seen at `firstSeenAt`. */
export function registrationDue(policy: Policy, cal: Calendar, tz: string, firstSeenAt: Date): { day: Day; at: Date } {
  const r = policy.schedule.registration;
  const day = cal.addWorkdays(localDay(firstSeenAt, tz), r.dueWorkdays);
  return { day, at: zonedInstant(day, r.dueTime, tz) };
}

export function evaluateRegistrations(policy: Policy, cal: Calendar, input: RegistrationsInput): LedgerDraft[] {
  const rule = activeRule(policy, 'DAY-4');
  if (!rule) return [];
  const drafts: LedgerDraft[] = [];
  const seen = new Set<string>();
  for (const p of input.pending) {
    if (seen.has(p.key)) continue;
    seen.add(p.key);
    const due = registrationDue(policy, cal, input.tz, p.firstSeenAt);
    const dueMs = due.at.getTime();
    const reg = p.registeredAt?.getTime();
    if (reg !== undefined && reg <= dueMs) continue;
    if (reg === undefined && input.now.getTime() <= dueMs) continue;
    drafts.push({
      memberId: p.memberId, ruleId: rule.id, kind: 'fine', amountFen: fineOf(rule), points: 0,
      occurredAt: due.at, day: due.day, sourceKey: `DAY-4:${p.key}`,
      detail: `新客户“${p.name}”未在 ${due.day} ${policy.schedule.registration.dueTime} 前录入系统 / new customer "${p.name}" not registered by ${due.day} ${policy.schedule.registration.dueTime}`,
    });
  }
  return drafts;
}
