/**
 * Rule-ID coverage: every rulebook ID with the tests that name it.
 *
 *   npx tsx scripts/rule-coverage.ts          # table; exits 1 if an AUTO or ADMIN rule has no test
 *   npx tsx scripts/rule-coverage.ts --json
 *
 * The IDs come from ../shared/RULEBOOK.md (relative to the repository root): section A's table with its
 * mode column, section B's groups (ETH-1..8 etc., all ADMIN), and the IDs listed in sections C and D
 * (example policies; reported, not required). Without the file, the IDs and modes of the built-in default
 * policy are used.
 *
 * A test "names" an ID when the title of an `it`/`test`/`describe` call (not `.skip`/`.todo`) in
 * test/**\/*.test.ts contains it as a whole ID (`CRD-1` does not match `CRD-14`). Titles of `it.each`
 * tables count with their template text.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { defaultPolicy } from '../src/rules/index.ts';

export type RuleRef = { id: string; section: string; mode: string; required: boolean };
export type CoverageRow = RuleRef & { tests: { file: string; title: string }[] };
export type CoverageReport = { source: string; rows: CoverageRow[]; missing: CoverageRow[] };

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function expandRange(prefix: string, from: number, to: number): string[] {
  const out: string[] = [];
  for (let i = from; i <= to; i++) out.push(`${prefix}-${i}`);
  return out;
}

/** Rule IDs, sections and modes from the RULEBOOK text. */
export function parseRulebook(text: string): RuleRef[] {
  const refs: RuleRef[] = [];
  let section = '';
  for (const line of text.split('\n')) {
    const h = /^##\s+([A-D])\./.exec(line);
    if (h) { section = h[1]; continue; }
    if (/^##\s/.test(line)) { section = ''; continue; }
    if (section === 'A') {
      const m = /^\|\s*([A-Z]+-[0-9./]+)\s*\|.*\|\s*(AUTO\/ADMIN|AUTO|ADMIN|FLOW|OUT)\s*\|/.exec(line);
      if (m) refs.push({ id: m[1], section, mode: m[2], required: m[2] === 'AUTO' || m[2] === 'ADMIN' || m[2] === 'AUTO/ADMIN' });
    } else if (section === 'B') {
      const m = /^\|.*\|\s*\d+\s*\|\s*([A-Z]+)-(\d+)\.\.(\d+)\s*\|/.exec(line);
      if (m) for (const id of expandRange(m[1], +m[2], +m[3])) refs.push({ id, section, mode: 'ADMIN', required: true });
    } else if (section === 'C' || section === 'D') {
      const m = /^-\s+([A-Z]+(?:-[A-Z0-9]+)+)\b/.exec(line);
      if (m) refs.push({ id: m[1], section, mode: 'EXAMPLE', required: false });
    }
  }
  return refs;
}

function listTestFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listTestFiles(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out.sort();
}

const TITLE_RE = /\b(it|test|describe)((?:\.(?:each|only|concurrent|sequential|skip|todo|fails))*)(?:\([^()]*(?:\([^()]*\)[^()]*)*\))?\(\s*(['"`])((?:\\.|(?!\3)[\s\S])*?)\3/g;

/** Test titles in a file (skipped and todo tests excluded). */
export function testTitles(source: string): string[] {
  const titles: string[] = [];
  for (const m of source.matchAll(TITLE_RE)) {
    if (/\.(skip|todo)/.test(m[2])) continue;
    titles.push(m[4]);
  }
  return titles;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** True when `title` names `id` as a whole ID (`CRD-1` is not named by `CRD-14`). */
export function namesId(title: string, id: string): boolean {
  return new RegExp(`(?<![A-Z0-9-])${escapeRe(id)}(?![0-9])`).test(title);
}

export function collectCoverage(opts: { root?: string; rulebookPath?: string } = {}): CoverageReport {
  const root = opts.root ?? REPO_ROOT;
  const rulebookPath = opts.rulebookPath ?? resolve(root, '..', 'shared', 'RULEBOOK.md');
  let refs: RuleRef[];
  let source: string;
  if (existsSync(rulebookPath)) {
    refs = parseRulebook(readFileSync(rulebookPath, 'utf8'));
    source = rulebookPath;
  } else {
    refs = defaultPolicy.rules.map((r) => ({ id: r.id, section: r.section, mode: r.mode, required: r.mode !== 'FLOW' && r.mode !== 'OUT' }));
    source = 'default policy (RULEBOOK.md not found)';
  }
  const files = listTestFiles(join(root, 'test')).map((f) => ({ file: relative(root, f), titles: testTitles(readFileSync(f, 'utf8')) }));
  const rows: CoverageRow[] = refs.map((ref) => {
    const tests: CoverageRow['tests'] = [];
    for (const f of files) for (const t of f.titles) if (namesId(t, ref.id)) tests.push({ file: f.file, title: t });
    return { ...ref, tests };
  });
  return { source, rows, missing: rows.filter((r) => r.required && r.tests.length === 0) };
}

function main(): void {
  const report = collectCoverage();
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(report, null, 2));
  } else {
    console.log(`Rule-ID coverage (IDs from ${report.source})\n`);
    for (const r of report.rows) {
      const mark = r.tests.length > 0 ? '✓' : r.required ? '✗' : '·';
      console.log(`${mark} ${r.id.padEnd(10)} ${r.section} ${r.mode.padEnd(10)} ${r.tests.length} test(s)`);
      for (const t of r.tests.slice(0, 50)) console.log(`      ${t.file}: ${t.title}`);
    }
    const required = report.rows.filter((r) => r.required);
    console.log(`\n${required.length - report.missing.length}/${required.length} AUTO/ADMIN rules have tests.`);
  }
  if (report.missing.length > 0) {
    console.error(`Missing tests for: ${report.missing.map((r) => r.id).join(', ')}`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
