/**
 * The rules module: the rulebook as policy data, and pure evaluation of facts into ledger drafts.
 * No I/O and no wall clock: time and facts are arguments. Import everything from here.
 */
export * from './types.ts';
export * from './time.ts';
export * from './calendar.ts';
export * from './money.ts';
export * from './leave.ts';
export { policySchema, ruleSchema } from './policy/schema.ts';
export type { Policy, PolicyInput, Rule, RuleVariant, RuleMode, QuotaItem, QuotaPeriod, PayLevel, Schedule, EscalationKind, LocalizedText } from './policy/schema.ts';
export { defaultPolicy, defaultPolicyInput } from './policy/default.ts';
export { errorPointGroups, errorPointItems } from './policy/catalogue.ts';
export { parsePolicy, parsePolicyText, mergePolicyInput, formatPath, type ParsePolicyResult } from './policy/parse.ts';
export { ruleById, activeRule, ruleText, ruleTitle, ruleIds, fineOf, pointsOf, modeOf, isAdminReportable, findVariant, type Locale } from './policy/lookup.ts';
export { policyCalendar } from './policy/calendar.ts';
export { evaluateAttendance, isMeetingDay, meetingSession, attendanceKey, type Session, type AttendanceInput } from './attendance.ts';
export { evaluateDayLog, dayLogKey, type DayLogInput } from './daylog.ts';
export { evaluateSummaries, summaryDue, summaryKey, type SummaryKind, type SummariesInput } from './summaries.ts';
export { evaluateVisits, type Tier, type VisitCustomer, type VisitsInput, type VisitsResult, type VisitDue, type VisitOverdue } from './visits.ts';
export { evaluateRegistrations, registrationDue, type PendingRegistration, type RegistrationsInput } from './registrations.ts';
export { evaluateReport, reportableRuleIds, type ReportInput, type ReportResult, type ReportErrorCode } from './report.ts';
export { evaluateQuota, evaluateQuotaWeek, type QuotaInput, type QuotaLine, type QuotaResult } from './quota.ts';
export { computeLevel, computeCommission, buildStatement, evaluateLevelQ, safetyStock, type LevelResult, type Statement, type StatementFine, type LevelQResult } from './pay.ts';
export { isBigDeal, projectDeadlines, weeklyBulletinAt, monthlyBulletinAt, trainingReminderTime, checkRegistration, checklistStatus, normalizeName, normalizePhone, type KnownCustomer, type RegistrationCheck, type ChecklistStatus } from './flow.ts';
export { waiverDraft, balances, type Balances, type MemberBalance } from './ledger.ts';
