/** Looking rules up in a parsed policy. */
import type { Policy, Rule, RuleMode, RuleVariant } from './schema.ts';

export type Locale = 'zh-CN' | 'en';

const indexes = new WeakMap<Policy, Map<string, Rule>>();

function indexOf(policy: Policy): Map<string, Rule> {
  let idx = indexes.get(policy);
  if (!idx) {
    idx = new Map();
    for (const r of policy.rules) {
      idx.set(r.id, r);
      for (const a of r.aliases ?? []) idx.set(a, r);
    }
    indexes.set(policy, idx);
  }
  return idx;
}

/** The rule with this ID (or alias, e.g. `OUT-6` → `OUT-6/7`), enabled or not. */
export function ruleById(policy: Policy, id: string): Rule | undefined {
  return indexOf(policy).get(id.trim().toUpperCase()) ?? indexOf(policy).get(id.trim());
}

/** The rule if it exists and is enabled. */
export function activeRule(policy: Policy, id: string): Rule | undefined {
  const r = ruleById(policy, id);
  return r && r.enabled ? r : undefined;
}

/**
 * The rule's text: the Chinese source wording (`zh-CN`) or the English gloss (`en`); with a variant,
 * the variant's text follows. Undefined for an unknown rule.
 */
export function ruleText(policy: Policy, id: string, locale: Locale, variant?: string): string | undefined {
  const r = ruleById(policy, id);
  if (!r) return undefined;
  const v = variant ? r.variants?.find((x) => x.id === variant) : undefined;
  return v ? `${r.text[locale]}(${v.text[locale]})` : r.text[locale];
}

/** `MEET-3 晨会迟到或缺席` — the ID and the short title. */
export function ruleTitle(policy: Policy, id: string, locale: Locale): string | undefined {
  const r = ruleById(policy, id);
  return r ? `${r.id} ${r.title[locale]}` : undefined;
}

export function findVariant(rule: Rule, variant: string | undefined): RuleVariant | undefined {
  return variant === undefined ? undefined : rule.variants?.find((v) => v.id === variant);
}

/** Fine in fen for a rule (or one of its variants): the variant's own amount, else the rule's. */
export function fineOf(rule: Rule, variant?: string): bigint {
  return findVariant(rule, variant)?.fine ?? rule.fine ?? 0n;
}

/** Points for a rule or variant (positive = deducted). */
export function pointsOf(rule: Rule, variant?: string): number {
  return findVariant(rule, variant)?.points ?? rule.points ?? 0;
}

export function modeOf(rule: Rule, variant?: string): RuleMode {
  return findVariant(rule, variant)?.mode ?? rule.mode;
}

/** Rules an admin may report by command: ADMIN or AUTO/ADMIN (only their ADMIN variants). */
export function isAdminReportable(rule: Rule, variant?: string): boolean {
  const m = modeOf(rule, variant);
  return m === 'ADMIN' || (m === 'AUTO/ADMIN' && !rule.variants?.length);
}

/** Every rule ID of the policy, in order. */
export function ruleIds(policy: Policy): string[] {
  return policy.rules.map((r) => r.id);
}
