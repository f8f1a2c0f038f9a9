import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultPolicy, parsePolicyText, policyCalendar, zonedInstant, type Policy } from '../../src/rules/index.ts';

export const TZ = 'Asia/Shanghai';
export const cal = policyCalendar(defaultPolicy);
export const policy = defaultPolicy;

/** The instant at `day time` on the Shanghai wall clock (`HH:MM` or `HH:MM:SS`). */
export function at(day: string, time: string, tz = TZ): Date {
  return zonedInstant(day, time, tz);
}

export const POLICIES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'policies');

export function loadExample(file: string): Policy {
  const r = parsePolicyText(readFileSync(join(POLICIES_DIR, file), 'utf8'), 'yaml');
  if (!r.ok) throw new Error(`${file}: ${r.errors.join('\n')}`);
  return r.policy;
}
