/**
 * The policy schema (zod 4).
 *
 * Policy files are written in **yuan** (`fine: 20`, `threshold: 100000`); after parsing, every amount is
 * integer **fen** as `bigint` (`fineFen: 2000n`). Times are `HH:MM` on the team's local clock; days are
 * `YYYY-MM-DD`; weekdays are ISO numbers (1 = Monday … 7 = Sunday).
 *
 * Objects are strict: an unknown field is an error, so a typo never silently switches a rule off.
 */
import Decimal from 'decimal.js';
import { z } from 'zod';
import { parseAmount, type Fen } from '../money.ts';
import { isValidDay, isValidTimeZone, timeToSeconds } from '../time.ts';

// ---------------------------------------------------------------------------------------------------------
// Building blocks

const TIME_RE = /^([01]\d|2[0-3]):[0-5]\d$/;

export const timeField = z
  .string({ error: '应为 HH:MM 格式的时间 / expected a time like "08:00"' })
  .regex(TIME_RE, { error: (iss) => `应为 HH:MM 格式的时间 / expected a time like "08:00", got ${JSON.stringify(iss.input)}` });

export const dayField = z
  .string({ error: '应为 YYYY-MM-DD 格式的日期 / expected a day like "2026-10-01"' })
  .refine(isValidDay, { error: (iss) => `应为 YYYY-MM-DD 格式的日期 / expected a day like "2026-10-01", got ${JSON.stringify(iss.input)}` });

const isoWeekday = z
  .number({ error: '应为 1(周一)到 7(周日)的整数 / expected a weekday number 1 (Monday) … 7 (Sunday)' })
  .int({ error: '应为 1 到 7 的整数 / expected a whole number 1 … 7' })
  .min(1, { error: '应为 1 到 7 / expected 1 (Monday) … 7 (Sunday)' })
  .max(7, { error: '应为 1 到 7 / expected 1 (Monday) … 7 (Sunday)' });

const count = (what: string) =>
  z.number({ error: `应为非负整数 / expected a whole number of ${what}` })
    .int({ error: `应为整数 / expected a whole number of ${what}` })
    .min(0, { error: `不能为负数 / ${what} cannot be negative` });

const positiveCount = (what: string) =>
  z.number({ error: `应为正整数 / expected a whole number of ${what}` })
    .int({ error: `应为整数 / expected a whole number of ${what}` })
    .min(1, { error: `至少为 1 / expected at least 1 ${what}` });

/** An amount in yuan in the file (number or text such as "1,200" or "10万"); fen (bigint) after parsing. */
export const yuanField = z
  .union([z.number(), z.string(), z.bigint()], { error: '应为以元为单位的金额 / expected an amount in yuan, e.g. 20 or "1,200"' })
  .transform((v, ctx): Fen => {
    if (typeof v === 'bigint') return v; // already fen: a parsed policy fed back in
    const text = typeof v === 'number' ? (Number.isFinite(v) ? new Decimal(String(v)).toFixed() : 'NaN') : v;
    const r = parseAmount(text, { allowZero: true });
    if (!r.ok) {
      ctx.addIssue({ code: 'custom', message: `应为以元为单位的金额 / expected an amount in yuan, got ${JSON.stringify(v)}: ${r.message.en}` });
      return z.NEVER;
    }
    return r.fen;
  });

/** A decimal number kept as text so that it is exact (e.g. a multiplier `1.5` or a rate `1` ‰). */
export const decimalField = z
  .union([z.number(), z.string()], { error: '应为数字 / expected a number, e.g. 1.5' })
  .transform((v, ctx): string => {
    try {
      if (typeof v === 'number' && !Number.isFinite(v)) throw new Error('not finite');
      const d = new Decimal(typeof v === 'number' ? String(v) : v.trim());
      if (!d.isFinite() || d.isNegative()) throw new Error('negative');
      return d.toFixed();
    } catch {
      ctx.addIssue({ code: 'custom', message: `应为非负数 / expected a non-negative number, got ${JSON.stringify(v)}` });
      return z.NEVER;
    }
  });

export const localizedText = z.strictObject({
  'zh-CN': z.string({ error: '需要中文文本 / expected the Chinese text' }).min(1, { error: '中文文本不能为空 / the Chinese text cannot be empty' }),
  en: z.string({ error: '需要英文说明 / expected the English gloss' }).min(1, { error: '英文说明不能为空 / the English gloss cannot be empty' }),
});
export type LocalizedText = z.output<typeof localizedText>;

const RULE_ID_RE = /^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*(?:(?:\/|\.\.)\d+)?$/;
export const ruleIdField = z
  .string({ error: '规则编号应为文字 / expected a rule ID such as "MEET-3"' })
  .regex(RULE_ID_RE, { error: (iss) => `规则编号格式不对 / expected a rule ID such as "MEET-3" or "ETH-5", got ${JSON.stringify(iss.input)}` });

const variantIdField = z
  .string({ error: '变体编号应为文字 / expected a variant id such as "late"' })
  .regex(/^[a-z0-9][a-z0-9_.:-]*$|^[A-Z]+-\d+(?::[a-z0-9_-]+)?$/, {
    error: (iss) => `变体编号只能含小写字母、数字、-、_ / expected a variant id such as "late", got ${JSON.stringify(iss.input)}`,
  });

export const modeField = z.enum(['AUTO', 'ADMIN', 'AUTO/ADMIN', 'FLOW', 'OUT'], {
  error: (iss) => `执行方式应为 AUTO、ADMIN、AUTO/ADMIN、FLOW 或 OUT / expected one of AUTO, ADMIN, AUTO/ADMIN, FLOW, OUT, got ${JSON.stringify(iss.input)}`,
});
export type RuleMode = z.output<typeof modeField>;

export const escalationKind = z.enum(['dismissal_review', 'disqualification'], {
  error: (iss) => `应为 dismissal_review 或 disqualification / expected dismissal_review or disqualification, got ${JSON.stringify(iss.input)}`,
});
export type EscalationKind = z.output<typeof escalationKind>;

const periodField = z.enum(['day', 'week', 'month'], {
  error: (iss) => `周期应为 day、week 或 month / expected day, week or month, got ${JSON.stringify(iss.input)}`,
});
export type QuotaPeriod = z.output<typeof periodField>;

// ---------------------------------------------------------------------------------------------------------
// Rules, variants and optional parameter blocks

const variantSchema = z.strictObject({
  id: variantIdField,
  text: localizedText,
  /** Overrides the rule's mode for this case (e.g. TRN-2 late is AUTO, early leave is ADMIN). */
  mode: modeField.optional(),
  fine: yuanField.optional(),
  points: count('points').optional(),
  aggravation: z.boolean().optional(),
  disqualify: z.boolean().optional(),
  perUnit: localizedText.optional(),
});

const quotaItemSchema = z.strictObject({
  key: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]*$/, { error: '指标键只能含字母、数字、_ / expected a key such as "newCustomers"' }),
  label: localizedText,
  period: periodField,
  target: positiveCount('units'),
  /** Fine per unit short, in yuan (omit for a target without a fine). */
  finePerUnit: yuanField.optional(),
});

const quotaSchema = z.strictObject({
  items: z.array(quotaItemSchema).min(1, { error: '至少需要一项指标 / expected at least one quota item' }),
  /** N periods short in a row → escalation. */
  streak: z.strictObject({ periods: positiveCount('periods'), escalation: escalationKind }).optional(),
});

const checklistSchema = z.strictObject({
  steps: z.array(z.strictObject({
    key: z.string().min(1),
    label: localizedText,
    items: z.array(z.strictObject({ key: z.string().min(1), label: localizedText })).min(1),
  })).min(1),
});

const safetyStockSchema = z.strictObject({
  regularFactor: decimalField,
  profitableFactor: decimalField,
  rounding: z.enum(['ceil', 'half_up', 'none']),
});

const ladderSchema = z.strictObject({
  period: z.enum(['quarter']),
  levels: z.array(z.strictObject({
    level: z.number().int(),
    name: localizedText,
    /** Every indicator ≥ its value is needed to be promoted INTO this level. */
    promote: z.record(z.string(), z.number()),
    /** Failing any of these while AT this level means demotion by one level. */
    maintain: z.record(z.string(), z.number()),
  })).min(2, { error: '等级阶梯至少需要两个等级 / expected at least two levels' }),
});

const ownershipSchema = z.strictObject({
  duplicateBy: z.array(z.enum(['name', 'phone'])).min(1),
});

export const ruleSchema = z.strictObject({
  id: ruleIdField,
  /** Rulebook section: A (seed 000), B (error points, seed 003), C (seed 002), D (seed 004). */
  section: z.enum(['A', 'B', 'C', 'D'], { error: '章节应为 A、B、C 或 D / expected section A, B, C or D' }),
  /** Error-point group for section B. */
  group: z.enum(['ETH', 'BAS', 'CRD', 'SVC']).optional(),
  mode: modeField,
  /** Other IDs that refer to this rule (e.g. OUT-6 and OUT-7 for OUT-6/7). */
  aliases: z.array(z.string()).optional(),
  title: localizedText,
  /** Chinese source text and English gloss. */
  text: localizedText,
  enabled: z.boolean().default(true),
  fine: yuanField.optional(),
  points: count('points').optional(),
  perUnit: localizedText.optional(),
  /** 加重处罚: the admin may apply a multiplier within `errorPoints.aggravation`. */
  aggravation: z.boolean().optional(),
  /** 取消客户经理资格: the entry is a disqualification flag. */
  disqualify: z.boolean().optional(),
  /** The Nth entry of this rule for a member (and every later one) adds an escalation flag. */
  escalation: z.strictObject({ atCount: positiveCount('entries'), kind: escalationKind }).optional(),
  variants: z.array(variantSchema).optional(),
  /** Items whose points this item borrows (CRD-15 is scored "by the corresponding item above"). */
  delegatesTo: z.array(ruleIdField).optional(),
  quota: quotaSchema.optional(),
  checklist: checklistSchema.optional(),
  safetyStock: safetyStockSchema.optional(),
  ladder: ladderSchema.optional(),
  ownership: ownershipSchema.optional(),
});

// ---------------------------------------------------------------------------------------------------------
// Schedule parameters read by jobs and evaluators

const meetingSchema = z.strictObject({
  /** `workdays` = every working day of the Chinese calendar (调休 included); or a list of ISO weekdays,
   * which are still skipped on non-working days. */
  days: z.union([z.literal('workdays'), z.array(isoWeekday).min(1)], { error: '应为 "workdays" 或星期数组如 [3] / expected "workdays" or a list of weekdays such as [3]' }),
  start: timeField,
  end: timeField,
  reminder: timeField,
  checkInOpens: timeField,
});

const scheduleSchema = z.strictObject({
  meeting: meetingSchema,
  leave: z.strictObject({
    /** Half-day leave: morning is 00:00 until this time, afternoon from it. */
    halfDaySplit: timeField,
    /** A leave still pending at the close: `charge` (it does not excuse) or `hold` (no absence draft yet). */
    pendingAtClose: z.enum(['charge', 'hold']),
  }),
  dayLog: z.strictObject({ targetsReminder: timeField, targetsDue: timeField, logReminder: timeField, logDue: timeField }),
  weeklySummary: z.strictObject({
    reminderWeekday: isoWeekday, reminderTime: timeField, dueWeekday: isoWeekday, dueTime: timeField,
    /** When the due day is not a workday, the next workday is the due day. */
    shiftToWorkday: z.boolean(),
  }),
  monthlySummary: z.strictObject({
    reminderDay: z.number().int().min(1).max(28), reminderTime: timeField,
    dueDay: z.number().int().min(1).max(28), dueTime: timeField,
    shiftToWorkday: z.boolean(),
  }),
  visits: z.strictObject({
    intervalDays: z.strictObject({ A: positiveCount('days'), B: positiveCount('days'), C: positiveCount('days') }),
    reminderDaysBefore: count('days'),
    shiftToWorkday: z.boolean(),
  }),
  registration: z.strictObject({ dueWorkdays: positiveCount('workdays'), dueTime: timeField }),
  bigDeal: z.strictObject({ threshold: yuanField }),
  weeklyBulletin: z.strictObject({ weekday: isoWeekday, time: timeField }),
  monthlyBulletin: z.strictObject({ workday: positiveCount('workdays'), time: timeField, topPerformers: positiveCount('managers') }),
  projects: z.strictObject({ answerWorkdays: positiveCount('workdays'), reminderWorkday: positiveCount('workdays') }),
  training: z.strictObject({ reminderMinutesBefore: count('minutes') }),
});

const payLevelSchema = z.strictObject({
  level: z.number().int(),
  name: localizedText.optional(),
  minCustomers: count('customers'),
  /** Total balance from (inclusive), in yuan. */
  balanceFrom: yuanField,
  /** Total balance below (exclusive), in yuan; omit for no upper bound. */
  balanceBelow: yuanField.optional(),
  /** Monthly base pay, in yuan. */
  base: yuanField,
});

const paySchema = z.strictObject({
  levels: z.array(payLevelSchema),
  /** Commission on existing customers, in ‰ of the increase over the highest earlier month. */
  commissionPermille: decimalField,
  /** Fines recorded in the month are deducted from the statement's net pay. */
  deductFines: z.boolean(),
});

const calendarSchema = z.strictObject({
  holidays: z.array(dayField),
  workdays: z.array(dayField),
  dataThrough: dayField.nullable().optional(),
  warnDaysBefore: count('days'),
});

const errorPointsSchema = z.strictObject({
  groups: z.array(z.strictObject({ id: z.enum(['ETH', 'BAS', 'CRD', 'SVC']), name: localizedText })),
  /** 加重处罚: multiplier bounds and step for aggravated items. */
  aggravation: z.strictObject({ min: decimalField, max: decimalField, step: decimalField }),
});

// ---------------------------------------------------------------------------------------------------------
// The policy

export const policySchema = z
  .strictObject({
    version: z.literal(1, { error: '目前只支持 version: 1 / expected version: 1' }),
    name: localizedText,
    timezone: z.string().refine(isValidTimeZone, { error: (iss) => `未知时区 / unknown time zone ${JSON.stringify(iss.input)}, expected e.g. "Asia/Shanghai"` }),
    calendar: calendarSchema,
    schedule: scheduleSchema,
    pay: paySchema,
    errorPoints: errorPointsSchema,
    rules: z.array(ruleSchema).min(1, { error: '至少需要一条规则 / expected at least one rule' }),
  })
  .superRefine((p, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const m = p.schedule.meeting;
    // Invalid times already have their own issue; compare only valid ones (NaN compares false).
    const sec = (t: string) => (TIME_RE.test(t) ? timeToSeconds(t) : NaN);
    if (sec(m.end) <= sec(m.start)) issue(['schedule', 'meeting', 'end'], `晨会结束时间应晚于开始时间 / the meeting must end after it starts (${m.start})`);
    if (sec(m.reminder) > sec(m.start)) issue(['schedule', 'meeting', 'reminder'], `提醒应不晚于开始时间 / the reminder must not be after the start (${m.start})`);
    if (sec(m.checkInOpens) > sec(m.start)) issue(['schedule', 'meeting', 'checkInOpens'], `签到开放时间应不晚于开始时间 / check-in must open by the start (${m.start})`);
    const dl = p.schedule.dayLog;
    if (sec(dl.targetsReminder) > sec(dl.targetsDue)) issue(['schedule', 'dayLog', 'targetsReminder'], '提醒应早于截止时间 / the reminder must be before the deadline');
    if (sec(dl.logReminder) > sec(dl.logDue)) issue(['schedule', 'dayLog', 'logReminder'], '提醒应早于截止时间 / the reminder must be before the deadline');
    const prj = p.schedule.projects;
    if (prj.reminderWorkday > prj.answerWorkdays) issue(['schedule', 'projects', 'reminderWorkday'], `提醒日应不晚于答复期限 / the reminder day must be within the ${prj.answerWorkdays} working days`);
    for (const d of p.calendar.holidays) {
      if (p.calendar.workdays.includes(d)) issue(['calendar', 'holidays'], `${d} 同时被设为假日和工作日 / ${d} is listed as both a holiday and a workday`);
    }
    const agg = p.errorPoints.aggravation;
    if (new Decimal(agg.min).greaterThan(agg.max)) issue(['errorPoints', 'aggravation', 'min'], `下限不能大于上限 / min must not exceed max (${agg.max})`);
    if (new Decimal(agg.min).lessThan(1)) issue(['errorPoints', 'aggravation', 'min'], '加重倍数不能小于 1 / an aggravation multiplier cannot be below 1');
    if (new Decimal(agg.step).isZero()) issue(['errorPoints', 'aggravation', 'step'], '步长必须大于 0 / the step must be greater than 0');
    if (new Decimal(p.pay.commissionPermille).greaterThan(1000)) issue(['pay', 'commissionPermille'], '提成千分比不能超过 1000‰ / the commission cannot exceed 1000‰');

    const levels = new Set<number>();
    p.pay.levels.forEach((l, i) => {
      if (levels.has(l.level)) issue(['pay', 'levels', i, 'level'], `等级 ${l.level} 重复 / level ${l.level} appears twice`);
      levels.add(l.level);
      if (l.balanceBelow !== undefined && l.balanceBelow <= l.balanceFrom) issue(['pay', 'levels', i, 'balanceBelow'], '上限应大于下限 / balanceBelow must be greater than balanceFrom');
    });

    const ids = new Map<string, number>();
    p.rules.forEach((r, i) => {
      for (const id of [r.id, ...(r.aliases ?? [])]) {
        if (ids.has(id)) issue(['rules', i, 'id'], `规则编号 ${id} 重复 / rule ID ${id} appears twice`);
        ids.set(id, i);
      }
      if (r.section === 'B' && !r.group) issue(['rules', i, 'group'], '差错积分项需要分组 / a section B item needs its group (ETH, BAS, CRD or SVC)');
      const vids = new Set<string>();
      (r.variants ?? []).forEach((v, j) => {
        if (vids.has(v.id)) issue(['rules', i, 'variants', j, 'id'], `变体 ${v.id} 重复 / variant ${v.id} appears twice`);
        vids.add(v.id);
      });
      const qkeys = new Set<string>();
      (r.quota?.items ?? []).forEach((q, j) => {
        if (qkeys.has(q.key)) issue(['rules', i, 'quota', 'items', j, 'key'], `指标 ${q.key} 重复 / quota item ${q.key} appears twice`);
        qkeys.add(q.key);
      });
      if (r.ladder) {
        const ls = r.ladder.levels.map((l) => l.level);
        if (new Set(ls).size !== ls.length) issue(['rules', i, 'ladder', 'levels'], '等级重复 / a level appears twice');
      }
    });
    p.rules.forEach((r, i) => {
      for (const d of r.delegatesTo ?? []) {
        if (!ids.has(d)) issue(['rules', i, 'delegatesTo'], `未知规则 ${d} / unknown rule ${d}`);
      }
    });
  });

export type PolicyInput = z.input<typeof policySchema>;
export type Policy = z.output<typeof policySchema>;
export type Rule = Policy['rules'][number];
export type RuleVariant = NonNullable<Rule['variants']>[number];
export type QuotaItem = NonNullable<Rule['quota']>['items'][number];
export type PayLevel = Policy['pay']['levels'][number];
export type Schedule = Policy['schedule'];
