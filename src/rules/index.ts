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
