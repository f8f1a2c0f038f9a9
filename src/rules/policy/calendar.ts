import { createCalendar, type Calendar } from '../calendar.ts';
import type { Policy } from './schema.ts';

/** The working-day calendar a policy describes: chinese-days plus the policy's overrides. */
export function policyCalendar(policy: Policy): Calendar {
  return createCalendar({
    holidays: policy.calendar.holidays,
    workdays: policy.calendar.workdays,
    dataThrough: policy.calendar.dataThrough ?? null,
    warnDaysBefore: policy.calendar.warnDaysBefore,
  });
}
