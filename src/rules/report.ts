/**
 * Admin-reported violations: MEET-4, OUT-2, OUT-3, INT-2, INT-6, TRN-2 early leave, and every error-point
 * item of section B (ETH, BAS, CRD, SVC).
 *
 * - The amount or points come from the policy (the rule's, or the chosen variant's).
 * - An item with several cases needs `variant`; when exactly one case can be reported by an admin (TRN-2
 *   → `early_leave`) it is chosen automatically. CRD-15 takes the corresponding item as its variant
 *   (`CRD-3`, or `CRD-2:registration` for an item with cases).
 * - `multiplier` (加重处罚) only on items that allow aggravation, within the policy's bounds and step.
 *   Points are rounded half up to whole points, fines half up to the fen. `1` means no aggravation.
 * - `units` (e.g. SVC-1 "每户": number of customers) only on per-unit items.
 * - Escalations: a disqualification item or case gives a `flag` entry with `disqualification` (and no
 *   points); a rule with `escalation` (OUT-3, the 3rd time) adds a `flag` entry with its kind when this is
 *   entry number `atCount` or later (`priorCount` + 1), with source key `<sourceKey>:escalation`.
 */
import Decimal from 'decimal.js';
import { roundFen, type Localized } from './money.ts';
import { findVariant, isAdminReportable, modeOf, ruleById } from './policy/lookup.ts';
import type { Policy, Rule, RuleVariant } from './policy/schema.ts';
import { localDay } from './time.ts';
import type { LedgerDraft, MemberId } from './types.ts';

export type ReportInput = {
  ruleId: string;
  variant?: string;
  memberId: MemberId;
  /** Aggravation multiplier as decimal text, e.g. "1.5". */
  multiplier?: string;
  /** Units for per-unit items (SVC-1: customers); default 1. */
  units?: number;
  /** Earlier entries of this rule for the member (for escalations). */
  priorCount: number;
  occurredAt: Date;
  sourceKey: string;
  note?: string;
  /** Time zone for the entry's day (default: the policy's). */
  tz?: string;
};

export type ReportErrorCode =
  | 'unknown_rule' | 'disabled' | 'not_admin' | 'variant_required' | 'unknown_variant'
  | 'multiplier_not_allowed' | 'bad_multiplier' | 'units_not_allowed' | 'bad_units' | 'bad_input';

export type ReportResult =
  | { ok: true; drafts: LedgerDraft[] }
  | { ok: false; code: ReportErrorCode; message: Localized; choices?: string[] };

function err(code: ReportErrorCode, zh: string, en: string, choices?: string[]): ReportResult {
  return { ok: false, code, message: { 'zh-CN': zh, en }, ...(choices ? { choices } : {}) };
}

/** IDs an admin can report under this policy. */
export function reportableRuleIds(policy: Policy): string[] {
  return policy.rules.filter((r) => r.enabled && (isAdminReportable(r) || (r.variants ?? []).some((v) => isAdminReportable(r, v.id)) || (r.mode === 'ADMIN' && r.delegatesTo))).map((r) => r.id);
}

type Resolved = { rule: Rule; variant?: RuleVariant; variantId?: string; scoring: { rule: Rule; variant?: RuleVariant } };

function resolveVariant(policy: Policy, rule: Rule, variantId: string | undefined): Resolved | ReportResult {
  if (rule.delegatesTo?.length) {
    const choices: string[] = [];
    for (const id of rule.delegatesTo) {
      const target = ruleById(policy, id);
      if (!target) continue;
      if (target.variants?.length) for (const v of target.variants) choices.push(`${target.id}:${v.id}`);
      else choices.push(target.id);
    }
    if (!variantId) return err('variant_required', `${rule.id} 按对应条款扣分,请选择对应条款:${choices.join('、')}`, `${rule.id} is scored by the corresponding item; choose one of: ${choices.join(', ')}`, choices);
    if (!choices.includes(variantId)) return err('unknown_variant', `${rule.id} 没有对应条款“${variantId}”,可选:${choices.join('、')}`, `${rule.id} has no corresponding item "${variantId}"; choose one of: ${choices.join(', ')}`, choices);
    const [tid, tv] = variantId.split(':');
    const target = ruleById(policy, tid)!;
    return { rule, variantId, scoring: { rule: target, variant: tv ? findVariant(target, tv) : undefined } };
  }
  const variants = rule.variants ?? [];
  if (variants.length === 0) {
    if (variantId) return err('unknown_variant', `${rule.id} 没有细分情形,不需要填写“${variantId}”`, `${rule.id} has no cases; leave the variant out (got "${variantId}")`, []);
    return { rule, scoring: { rule } };
  }
  const adminChoices = variants.filter((v) => isAdminReportable(rule, v.id)).map((v) => v.id);
  let id = variantId;
  if (!id) {
    if (adminChoices.length === 1) id = adminChoices[0];
    else return err('variant_required', `${rule.id} 有多种情形,请选择:${adminChoices.join('、')}`, `${rule.id} has several cases; choose one of: ${adminChoices.join(', ')}`, adminChoices);
  }
  const v = findVariant(rule, id);
  if (!v) return err('unknown_variant', `${rule.id} 没有情形“${id}”,可选:${adminChoices.join('、')}`, `${rule.id} has no case "${id}"; choose one of: ${adminChoices.join(', ')}`, adminChoices);
  if (!adminChoices.includes(id)) {
    return err('not_admin', `${rule.id} 的“${id}”由机器人自动记录,不能手工上报;可上报:${adminChoices.join('、')}`, `${rule.id} "${id}" is recorded by the bot itself (${modeOf(rule, id)}); an admin can report: ${adminChoices.join(', ')}`, adminChoices);
  }
  return { rule, variant: v, variantId: id, scoring: { rule, variant: v } };
}

export function evaluateReport(policy: Policy, input: ReportInput): ReportResult {
  if (!Number.isInteger(input.priorCount) || input.priorCount < 0) return err('bad_input', 'priorCount 应为非负整数', 'priorCount must be a whole number ≥ 0');
  if (!input.sourceKey) return err('bad_input', '缺少来源键 sourceKey', 'sourceKey is required');
  if (!(input.occurredAt instanceof Date) || Number.isNaN(input.occurredAt.getTime())) return err('bad_input', '发生时间无效', 'occurredAt must be a valid Date');
  const rule = ruleById(policy, input.ruleId);
  const reportable = reportableRuleIds(policy);
  if (!rule) {
    return err('unknown_rule', `没有规则“${input.ruleId}”。可上报的规则:${reportable.join('、')}`, `No rule "${input.ruleId}". Rules an admin can report: ${reportable.join(', ')}`, reportable);
  }
  if (!rule.enabled) return err('disabled', `${rule.id} 在当前策略中已停用`, `${rule.id} is switched off in the current policy`, reportable);
  const adminRule = rule.mode === 'ADMIN' || rule.mode === 'AUTO/ADMIN';
  if (!adminRule) {
    return err('not_admin', `${rule.id} 是 ${rule.mode} 规则,不能由管理员上报。可上报的规则:${reportable.join('、')}`, `${rule.id} is a ${rule.mode} rule and cannot be reported by an admin. Rules an admin can report: ${reportable.join(', ')}`, reportable);
  }
  const resolved = resolveVariant(policy, rule, input.variant);
  if ('ok' in resolved) return resolved;
  const { scoring, variantId } = resolved;
  const disqualify = scoring.variant?.disqualify ?? scoring.rule.disqualify ?? false;
  const aggravation = scoring.variant?.aggravation ?? scoring.rule.aggravation ?? false;
  const perUnit = scoring.variant?.perUnit ?? scoring.rule.perUnit;

  // Multiplier
  let multiplier: Decimal | undefined;
  if (input.multiplier !== undefined && input.multiplier.trim() !== '') {
    let m: Decimal;
    try {
      m = new Decimal(input.multiplier.trim().replace(/^[x×*]/i, '').replace(/[x×倍]$/i, ''));
    } catch {
      return err('bad_multiplier', `加重倍数“${input.multiplier}”不是数字`, `Multiplier "${input.multiplier}" is not a number`);
    }
    const { min, max, step } = policy.errorPoints.aggravation;
    if (!m.equals(1)) {
      if (!aggravation) {
        return err('multiplier_not_allowed', `${rule.id}${variantId ? `(${variantId})` : ''} 不适用加重处罚`, `${rule.id}${variantId ? ` (${variantId})` : ''} does not allow aggravation (加重处罚)`);
      }
      if (!m.isFinite() || m.lessThan(min) || m.greaterThan(max) || !m.minus(min).mod(step).isZero()) {
        return err('bad_multiplier', `加重倍数应在 ${min} 到 ${max} 之间,步长 ${step}(收到 ${input.multiplier})`, `The multiplier must be between ${min} and ${max} in steps of ${step} (got ${input.multiplier})`);
      }
      multiplier = m;
    }
  }
  // Units
  let units = 1;
  if (input.units !== undefined && input.units !== 1) {
    if (!perUnit) return err('units_not_allowed', `${rule.id} 按次计,不按数量计`, `${rule.id} is counted per occurrence, not per unit`);
    if (!Number.isInteger(input.units) || input.units < 1 || input.units > 10_000) return err('bad_units', '数量应为正整数', 'units must be a whole number ≥ 1');
    units = input.units;
  }

  const tz = input.tz ?? policy.timezone;
  const day = localDay(input.occurredAt, tz);
  const base = { memberId: input.memberId, ruleId: rule.id, ...(variantId ? { variant: variantId } : {}), occurredAt: input.occurredAt, day, ...(input.note ? { note: input.note } : {}) };
  const factor = (multiplier ?? new Decimal(1)).times(units);
  const unitText = perUnit && units > 1 ? ` × ${units}${perUnit['zh-CN']}` : '';
  const multText = multiplier ? `,加重 ×${multiplier.toFixed()} / aggravated ×${multiplier.toFixed()}` : '';
  const drafts: LedgerDraft[] = [];

  if (disqualify) {
    drafts.push({
      ...base, kind: 'flag', amountFen: 0n, points: 0, sourceKey: input.sourceKey, escalation: 'disqualification',
      detail: `${rule.id} 取消客户经理资格 / disqualification as a customer manager`,
    });
  } else {
    const fine = scoring.variant?.fine ?? scoring.rule.fine ?? 0n;
    const points = scoring.variant?.points ?? scoring.rule.points ?? 0;
    if (fine > 0n) {
      drafts.push({
        ...base, kind: 'fine', amountFen: roundFen(new Decimal(fine.toString()).times(factor)), points: 0,
        ...(multiplier ? { multiplier: multiplier.toFixed() } : {}), sourceKey: input.sourceKey,
        detail: `${rule.id} ${rule.title['zh-CN']}${unitText}${multText} / ${rule.title.en}`,
      });
    } else if (points > 0) {
      drafts.push({
        ...base, kind: 'points', amountFen: 0n, points: new Decimal(points).times(factor).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber(),
        ...(multiplier ? { multiplier: multiplier.toFixed() } : {}), sourceKey: input.sourceKey,
        detail: `${rule.id} ${rule.title['zh-CN']}${unitText}${multText} / ${rule.title.en}`,
      });
    } else {
      return err('bad_input', `${rule.id} 在当前策略中没有金额或分值`, `${rule.id} has no amount or points in the current policy`);
    }
  }
  const esc = rule.escalation;
  if (esc && input.priorCount + 1 >= esc.atCount) {
    drafts.push({
      ...base, kind: 'flag', amountFen: 0n, points: 0, sourceKey: `${input.sourceKey}:escalation`, escalation: esc.kind,
      detail: `${rule.id} 累计第 ${input.priorCount + 1} 次(第 ${esc.atCount} 次起${esc.kind === 'dismissal_review' ? '开除审查' : '取消资格'}) / ${rule.id} entry number ${input.priorCount + 1} (from number ${esc.atCount}: ${esc.kind.replace('_', ' ')})`,
    });
  }
  return { ok: true, drafts };
}
