// The README is a user's guide: what it shows must work.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePolicyText } from '../src/rules/index.ts';
import { registry } from '../src/chat/commands/index.ts';
import { envSchema } from '../src/config/env.ts';
import { JOB_NAMES } from '../src/jobs/planner.ts';

const root = join(import.meta.dirname, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8'));

describe('README', () => {
  it('the policy example validates', () => {
    const yaml = /```yaml\n([\s\S]*?)```/.exec(readme)![1];
    const r = parsePolicyText(yaml, 'yaml');
    expect(r.ok ? 'ok' : r.errors).toBe('ok');
  });

  it('documents every setting the bot reads, and no other', () => {
    const documented = [...readme.matchAll(/^\| `([A-Z_]+)`(?: \/ `([A-Z_]+)`)? \|/gm)].flatMap((m) => [m[1], m[2]]).filter(Boolean);
    expect(documented.sort()).toEqual(Object.keys(envSchema.shape).sort());
  });

  it('every slash command the bot serves is declared in manifest.json, and vice versa', () => {
    const served = [...new Set(registry.commands.map((c) => '/' + c.name.split(' ')[0]))].sort();
    const declared = manifest.features.slash_commands.map((c: { command: string }) => c.command).sort();
    expect(declared).toEqual(served);
  });

  it('names real jobs', () => {
    for (const m of readme.matchAll(/job run ([a-z-]+)/g)) expect(JOB_NAMES).toContain(m[1]);
  });
});
