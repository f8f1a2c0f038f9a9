/**
 * Helpers for FLOW rules and feature packs: no fines of their own, but the numbers jobs and forms need.
 * PERF-1 big deal, PERF-2/3 bulletins, PRJ answer deadline, TRN reminder, OWN-1 first registration,
 * VISIT-T checklist.
 */
import type { Calendar } from './calendar.ts';
import { activeRule } from './policy/lookup.ts';
import type { Policy } from './policy/schema.ts';
import { addDays, addMinutes, weekRange, zonedInstant, type Day } from './time.ts';

/** PERF-1: a deal of ¥100,000 or more (inclusive, "10万元以上") is announced. */
export function isBigDeal(policy: Policy, amountFen: bigint): boolean {
  return amountFen >= policy.schedule.bigDeal.threshold;
}

/**
 * PRJ-1..4: the marketing centre answers within N working days of the application day (holidays excluded);
 * admins are reminded on working day M; `dueAt` is the end of the last working day (escalate after it).
 */
export function projectDeadlines(policy: Policy, cal: Calendar, tz: string, appliedDay: Day): { reminderDay: Day; dueDay: Day; dueAt: Date } {
  const p = policy.schedule.projects;
  const dueDay = cal.addWorkdays(appliedDay, p.answerWorkdays);
  return { reminderDay: cal.addWorkdays(appliedDay, p.reminderWorkday), dueDay, dueAt: zonedInstant(addDays(dueDay, 1), '00:00', tz) };
}

/** PERF-2: when the weekly bulletin for ISO week `week` goes out (Monday 08:00 of that week). */
export function weeklyBulletinAt(policy: Policy, tz: string, week: string): { day: Day; at: Date } {
  const b = policy.schedule.weeklyBulletin;
  const day = addDays(weekRange(week).start, b.weekday - 1);
  return { day, at: zonedInstant(day, b.time, tz) };
}

/** PERF-3: the monthly bulletin goes out on the Nth working day of the month (default the 1st) at 08:00. */
export function monthlyBulletinAt(policy: Policy, cal: Calendar, tz: string, month: string): { day: Day; at: Date; topPerformers: number } {
  const b = policy.schedule.monthlyBulletin;
  const day = cal.addWorkdays(cal.firstWorkdayOfMonth(month), b.workday - 1);
  return { day, at: zonedInstant(day, b.time, tz), topPerformers: b.topPerformers };
}

/** TRN: the reminder time before a training session starting at `start`. */
export function trainingReminderTime(policy: Policy, start: string): string {
  return addMinutes(start, -policy.schedule.training.reminderMinutesBefore);
}

// ---------------------------------------------------------------------------------------------------------
// OWN-1: who owns a customer is decided by the registration record; the first to register owns it and a
// duplicate (same name or phone) is refused and earns nothing.

export type KnownCustomer = { id: number; name: string; phone?: string | null; ownerId: number };

export function normalizeName(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

export function normalizePhone(phone: string): string {
  const d = phone.normalize('NFKC').replace(/\D/g, '');
  return d.length > 11 && d.startsWith('86') ? d.slice(d.length - 11) : d;
}

export type RegistrationCheck =
  | { ok: true }
  | { ok: false; code: 'duplicate'; existing: KnownCustomer; matchedBy: 'name' | 'phone'; message: { 'zh-CN': string; en: string } };

/**
 * OWN-1: checks a new registration against existing customers. The policy's OWN-1 rule says which fields
 * make a duplicate (default name and phone). The database must still enforce uniqueness: two concurrent
 * registrations are decided by whichever is stored first.
 */
export function checkRegistration(policy: Policy, existing: readonly KnownCustomer[], candidate: { name: string; phone?: string | null }): RegistrationCheck {
  const by = activeRule(policy, 'OWN-1')?.ownership?.duplicateBy ?? ['name', 'phone'];
  const name = normalizeName(candidate.name);
  const phone = candidate.phone ? normalizePhone(candidate.phone) : '';
  for (const c of existing) {
    let matchedBy: 'name' | 'phone' | undefined;
    if (by.includes('name') && name !== '' && normalizeName(c.name) === name) matchedBy = 'name';
    else if (by.includes('phone') && phone !== '' && c.phone && normalizePhone(c.phone) === phone) matchedBy = 'phone';
    if (matchedBy) {
      return {
        ok: false, code: 'duplicate', existing: c, matchedBy,
        message: {
          'zh-CN': `客户已登记(${matchedBy === 'name' ? '同名' : '同一电话'}),归属以先登记者为准,本次登记不计入`,
          en: `This customer is already registered (same ${matchedBy}); the first registration owns it and this one earns nothing`,
        },
      };
    }
  }
  return { ok: true };
}

// ---------------------------------------------------------------------------------------------------------
// VISIT-T: the tobacco visit checklist (问看介收整记答).

export type ChecklistStatus = { complete: boolean; done: number; total: number; missing: { step: string; item: string; label: string }[] };

export function checklistStatus(policy: Policy, checked: readonly string[], ruleId = 'VISIT-T', locale: 'zh-CN' | 'en' = 'zh-CN'): ChecklistStatus {
  const rule = activeRule(policy, ruleId);
  if (!rule?.checklist) throw new RangeError(`the policy has no ${ruleId} checklist`);
  const set = new Set(checked);
  const missing: ChecklistStatus['missing'] = [];
  let total = 0;
  for (const step of rule.checklist.steps) {
    for (const it of step.items) {
      total++;
      const key = `${step.key}.${it.key}`;
      if (!set.has(key)) missing.push({ step: step.key, item: key, label: `${step.label[locale]}:${it.label[locale]}` });
    }
  }
  return { complete: missing.length === 0, done: total - missing.length, total, missing };
}
