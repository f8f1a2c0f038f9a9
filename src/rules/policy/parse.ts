/**
 * Loading a policy: `extends: default` merging, validation, and errors in plain words.
 *
 * Merging (`extends: default`): the file is deep-merged onto the default policy's input. Objects merge
 * key by key; arrays whose elements carry an `id` (rules, variants, groups), a `key` (quota items,
 * checklist steps) or a `level` (pay levels, ladder levels) merge element by element, and new elements
 * are appended; any other array (e.g. `calendar.holidays`) replaces the default's. To switch a default
 * rule off, write `{ id: MEET-4, enabled: false }`.
 */
import YAML from 'yaml';
import type { z } from 'zod';
import { defaultPolicyInput } from './default.ts';
import { policySchema, type Policy } from './schema.ts';

export type ParsePolicyResult = { ok: true; policy: Policy } | { ok: false; errors: string[] };

const MERGE_KEYS = ['id', 'key', 'level'] as const;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function mergeKeyOf(arr: unknown[]): (typeof MERGE_KEYS)[number] | undefined {
  if (arr.length === 0) return undefined;
  return MERGE_KEYS.find((k) => arr.every((e) => isPlainObject(e) && (typeof e[k] === 'string' || typeof e[k] === 'number')));
}

/** Deep merge used by `extends`; neither argument is modified. */
export function mergePolicyInput(base: unknown, overlay: unknown): unknown {
  if (overlay === undefined) return structuredCloneish(base);
  if (Array.isArray(base) && Array.isArray(overlay)) {
    const key = mergeKeyOf(base);
    if (key && (overlay.length === 0 || mergeKeyOf(overlay) === key)) {
      const out = base.map((e) => structuredCloneish(e)) as Record<string, unknown>[];
      for (const o of overlay as Record<string, unknown>[]) {
        const i = out.findIndex((e) => e[key] === o[key]);
        if (i >= 0) out[i] = mergePolicyInput(out[i], o) as Record<string, unknown>;
        else out.push(structuredCloneish(o) as Record<string, unknown>);
      }
      return out;
    }
    return structuredCloneish(overlay);
  }
  if (isPlainObject(base) && isPlainObject(overlay)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(base)) out[k] = structuredCloneish(base[k]);
    for (const k of Object.keys(overlay)) out[k] = k in base ? mergePolicyInput(base[k], overlay[k]) : structuredCloneish(overlay[k]);
    return out;
  }
  return structuredCloneish(overlay);
}

function structuredCloneish(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(structuredCloneish);
  if (isPlainObject(v)) {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v)) o[k] = structuredCloneish(v[k]);
    return o;
  }
  return v;
}

/**
 * Validates a policy object (already parsed from YAML/JSON). With `extends: default` the object is first
 * merged onto the default policy. Errors name the path of each offending field and what was expected.
 */
export function parsePolicy(input: unknown): ParsePolicyResult {
  if (!isPlainObject(input)) {
    return { ok: false, errors: [`(根) 策略应为一个对象 / (root) expected a policy object (a YAML mapping), got ${describe(input)}`] };
  }
  let candidate: unknown = input;
  if ('extends' in input) {
    const { extends: ext, ...rest } = input;
    if (ext !== 'default') {
      return { ok: false, errors: [`extends: 只支持 "default" / expected "default", got ${describe(ext)}`] };
    }
    candidate = mergePolicyInput(defaultPolicyInput, rest);
  }
  const r = policySchema.safeParse(candidate, { reportInput: true });
  if (r.success) return { ok: true, policy: r.data };
  return { ok: false, errors: formatIssues(r.error.issues, candidate) };
}

/** Parses YAML or JSON text, then validates it like `parsePolicy`. */
export function parsePolicyText(text: string, format: 'yaml' | 'json'): ParsePolicyResult {
  let data: unknown;
  if (format === 'json') {
    try {
      data = JSON.parse(text);
    } catch (e) {
      return { ok: false, errors: [`JSON 语法错误 / JSON syntax error: ${(e as Error).message}`] };
    }
  } else {
    const doc = YAML.parseDocument(text, { prettyErrors: true });
    if (doc.errors.length > 0) {
      return {
        ok: false,
        errors: doc.errors.map((e) => {
          const pos = e.linePos?.[0];
          const where = pos ? ` (第 ${pos.line} 行第 ${pos.col} 列 / line ${pos.line}, column ${pos.col})` : '';
          return `YAML 语法错误${where} / YAML syntax error: ${e.message.split('\n')[0]}`;
        }),
      };
    }
    data = doc.toJS();
  }
  return parsePolicy(data);
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  return `${typeof v} ${String(v)}`;
}

/** `rules[MEET-3].fine` — array positions are shown by the element's id / key / level where it has one. */
export function formatPath(path: readonly PropertyKey[], root: unknown): string {
  let out = '';
  let node: unknown = root;
  for (const seg of path) {
    if (typeof seg === 'number') {
      const el = Array.isArray(node) ? node[seg] : undefined;
      let label = String(seg);
      if (isPlainObject(el)) {
        if (typeof el.id === 'string') label = el.id;
        else if (typeof el.key === 'string') label = `key=${el.key}`;
        else if (typeof el.level === 'number') label = `level=${el.level}`;
      }
      out += `[${label}]`;
      node = el;
    } else {
      const k = String(seg);
      out += out === '' ? k : `.${k}`;
      node = isPlainObject(node) ? node[k] : undefined;
    }
  }
  return out === '' ? '(根 / root)' : out;
}

function formatIssues(issues: readonly z.core.$ZodIssue[], root: unknown): string[] {
  const out: string[] = [];
  for (const iss of issues) {
    const path = formatPath(iss.path, root);
    const input = (iss as { input?: unknown }).input;
    let msg: string;
    const missing = input === undefined && (iss.code === 'invalid_type' || iss.code === 'invalid_value' || iss.code === 'invalid_union');
    if (iss.message.includes(' / ')) {
      msg = missing ? `缺少此字段 / this field is missing (${iss.message.replace(/, got undefined$/, '')})` : iss.message;
    } else {
      switch (iss.code) {
        case 'invalid_type':
          msg = input === undefined
            ? `缺少此字段 / this field is missing (expected ${iss.expected})`
            : `类型不对 / expected ${iss.expected}, got ${describe(input)}`;
          break;
        case 'unrecognized_keys':
          msg = `未知字段 ${iss.keys.join('、')} / unknown field(s) ${iss.keys.map((k) => JSON.stringify(k)).join(', ')} — check the spelling`;
          break;
        case 'invalid_value':
          msg = `取值不对 / expected one of ${iss.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describe(input)}`;
          break;
        case 'too_small':
          msg = `太小或太短 / expected at least ${String(iss.minimum)}${iss.origin === 'array' ? ' item(s)' : ''}, got ${describe(input)}`;
          break;
        case 'too_big':
          msg = `太大或太长 / expected at most ${String(iss.maximum)}${iss.origin === 'array' ? ' item(s)' : ''}, got ${describe(input)}`;
          break;
        case 'invalid_union':
          msg = `取值不对 / value not accepted: ${describe(input)}`;
          break;
        default:
          msg = `取值不对 / ${iss.message}`;
      }
    }
    out.push(`${path}: ${msg}`);
  }
  return out;
}
