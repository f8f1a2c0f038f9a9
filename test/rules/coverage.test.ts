import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectCoverage, namesId, parseRulebook, testTitles } from '../../scripts/rule-coverage.ts';

describe('rule-ID coverage', () => {
  it('every AUTO and ADMIN rule of the rulebook has a test named with its ID', () => {
    const report = collectCoverage();
    expect(report.rows.length).toBeGreaterThanOrEqual(29 + 33);
    expect(report.missing.map((r) => r.id)).toEqual([]);
  });

  it('parses the rulebook: section A modes, section B ranges, section C/D examples', () => {
    const refs = parseRulebook(`## A. Seed
| ID | Rule | Mode | Default |
|---|---|---|---|
| MEET-3 | Late | AUTO | x |
| TRN-2 | Late | AUTO/ADMIN | y |
| OUT-6/7 | End | FLOW | = visits |
## B. Seed 003
| Group | Items | IDs |
| 基础管理 (basic management) | 4 | BAS-1..4 |
## C. Seed 002
- QUOTA-W (篇12, real estate): weekly
## What done means
- NOT-1 ignored
`);
    expect(refs).toEqual([
      { id: 'MEET-3', section: 'A', mode: 'AUTO', required: true },
      { id: 'TRN-2', section: 'A', mode: 'AUTO/ADMIN', required: true },
      { id: 'OUT-6/7', section: 'A', mode: 'FLOW', required: false },
      { id: 'BAS-1', section: 'B', mode: 'ADMIN', required: true },
      { id: 'BAS-2', section: 'B', mode: 'ADMIN', required: true },
      { id: 'BAS-3', section: 'B', mode: 'ADMIN', required: true },
      { id: 'BAS-4', section: 'B', mode: 'ADMIN', required: true },
      { id: 'QUOTA-W', section: 'C', mode: 'EXAMPLE', required: false },
    ]);
  });

  // The it.skip / test.todo below are text in a fixture for the title parser, not skipped tests.
  it('reads test titles, skipping .skip and .todo (fixture IDs are not real rule IDs)', () => {
    const titles = testTitles(`it('ZZZ-14: x', () => {}); it.skip('ZZZ-1: skipped', () => {}); test.todo("ZZZ-2 later");
      it.each([[1, 2]])('ZZZ-3: %i', () => {}); describe(\`ZZZ-9 group\`, () => {});`);
    expect(titles).toEqual(['ZZZ-14: x', 'ZZZ-3: %i', 'ZZZ-9 group']);
  });

  it('matches whole IDs only', () => {
    expect(namesId('CRD-14: −30 points', 'CRD-1')).toBe(false);
    expect(namesId('CRD-1: −2 points', 'CRD-1')).toBe(true);
    expect(namesId('MEET-3 DAY-1 and TRN-2', 'DAY-1')).toBe(true);
    expect(namesId('XDAY-1', 'DAY-1')).toBe(false);
    expect(namesId('OUT-6/7 end of day', 'OUT-6/7')).toBe(true);
  });

  it('falls back to the default policy when the rulebook is absent', () => {
    const report = collectCoverage({ rulebookPath: '/nonexistent/RULEBOOK.md' });
    expect(report.source).toMatch(/default policy/);
    expect(report.rows.map((r) => r.id)).toContain('ETH-5');
    expect(report.missing.map((r) => r.id)).toEqual([]);
  });

  it('reports an AUTO rule without tests as missing (the check can fail)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rulebook-'));
    const path = join(dir, 'RULEBOOK.md');
    writeFileSync(path, '## A. Test\n| ID | Rule | Mode | Default |\n|---|---|---|---|\n| MEET-3 | late | AUTO | x |\n| NOTEST-1 | none | AUTO | y |\n| NOTEST-2 | flow | FLOW | z |\n');
    const report = collectCoverage({ rulebookPath: path });
    expect(report.missing.map((r) => r.id)).toEqual(['NOTEST-1']);
  });
});
