// The whole test suite, once per server time zone: the bot must behave the
// same whatever the machine's TZ (the team's zone is Asia/Shanghai).
//   npm test                       all three zones
//   npm test -- --tz UTC           one zone
//   npm test -- test/outbox.test.ts   extra arguments go to vitest
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
let zones = ['Asia/Shanghai', 'UTC', 'America/Los_Angeles'];
const tzAt = args.indexOf('--tz');
if (tzAt >= 0) {
  zones = [args[tzAt + 1]];
  args.splice(tzAt, 2);
}
const out = mkdtempSync(join(tmpdir(), 'cm-vitest-'));
let passed = 0;
let failed = 0;
let skipped = 0;
let code = 0;
for (const tz of zones) {
  console.log(`\n=== vitest with TZ=${tz} ===`);
  const report = join(out, `${tz.replace('/', '_')}.json`);
  const r = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args], {
    stdio: 'inherit',
    env: { ...process.env, TZ: tz },
  });
  try {
    const j = JSON.parse(readFileSync(report, 'utf8'));
    passed += j.numPassedTests;
    failed += j.numFailedTests;
    skipped += j.numPendingTests + (j.numTodoTests ?? 0);
  } catch {
    failed += 1;
  }
  if (r.status !== 0) code = r.status ?? 1;
}
console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(code || (failed ? 1 : 0));
