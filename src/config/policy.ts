// Loads the policy: the file named by POLICY_FILE (YAML or JSON), or else the
// built-in default. A file that fails validation is rejected with each field's
// path, and the running policy stays as it was.
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { defaultPolicy, parsePolicyText, type Policy } from '../rules/index.ts';

export type PolicyLoad = { ok: true; policy: Policy; source: string } | { ok: false; message: string };

export function loadPolicyFile(path: string | undefined): PolicyLoad {
  if (!path) return { ok: true, policy: defaultPolicy, source: 'built-in default' };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { ok: false, message: `POLICY_FILE: cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
  }
  const format = extname(path).toLowerCase() === '.json' ? 'json' : 'yaml';
  const r = parsePolicyText(text, format);
  if (!r.ok) return { ok: false, message: [`策略文件 ${path} 有误 / The policy file ${path} is invalid:`, ...r.errors.map((e) => `  - ${e}`)].join('\n') };
  return { ok: true, policy: r.policy, source: path };
}
