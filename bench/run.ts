// Every benchmark, each against a baseline measured in the same run.
//   npm run bench                 all of them
//   npm run bench -- B1 B3        some of them
// Prints a table and writes bench/results/latest.json. Each benchmark runs in a
// process of its own, so that one's memory peak or warm JIT never touches another.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, totalmem } from 'node:os';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { printTable, type BenchRow } from './util.ts';
import { runAckBench } from './ack.bench.ts';
import { runBulletinBench } from './bulletin.bench.ts';
import { runOutboxBench } from './outbox.bench.ts';
import { runRulesBench } from './rules.bench.ts';
import { runStartupBench } from './startup.bench.ts';

const child = process.argv.indexOf('--child');
if (child < 0) {
  const ids = process.argv.slice(2).map((s) => s.toUpperCase());
  const all = ['B1', 'B2', 'B3', 'B4', 'B5'].filter((id) => ids.length === 0 || ids.includes(id));
  const rows: BenchRow[] = [];
  const raw: Record<string, unknown> = {};
  for (const id of all) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', id], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
    const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    if (!line) throw new Error(`${id} printed no result (exit ${r.status})`);
    const got = JSON.parse(line.slice('RESULT '.length)) as { rows: BenchRow[]; raw: Record<string, unknown> };
    rows.push(...got.rows);
    Object.assign(raw, got.raw);
  }
  printTable(rows);
  const out = join(import.meta.dirname, 'results');
  mkdirSync(out, { recursive: true });
  const record = { at: new Date().toISOString(), machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memGb: Math.round(totalmem() / 2 ** 30), node: process.version }, rows, raw };
  writeFileSync(join(out, 'latest.json'), JSON.stringify(record, null, 2));
  console.error(`written ${join(out, 'latest.json')}`);
  process.exit(rows.every((r) => r.pass) ? 0 : 1);
}
const only = process.argv[child + 1];
const on = (id: string) => id === only;
const rows: BenchRow[] = [];
const raw: Record<string, unknown> = {};
const f1 = (n: number) => n.toFixed(1);

if (on('B1')) {
  console.error('B1: 500 concurrent signed slash commands…');
  const r = await runAckBench();
  raw.B1 = r;
  rows.push({ id: 'B1', what: `ack p99, ${r.n} concurrent ${r.commands.join(' + ')} (SQLite)`, ours: `${f1(r.ours.p99)} ms (max ${f1(r.ours.max)})`, baseline: `${f1(r.baseline.p99)} ms ack-only Bolt`, ratio: `${r.ratio.toFixed(2)}×`, target: '≤ 1.5×, all < 3 s', pass: r.pass });
}
if (on('B2')) {
  console.error('B2: weekly bulletin over a year of deals (seeding takes a while)…');
  const r = await runBulletinBench({ log: (s) => console.error('  ' + s) });
  raw.B2 = r;
  for (const row of r.rows) {
    rows.push({ id: 'B2', what: `weekly bulletin, ${row.managers.toLocaleString('en-US')} managers × ${(row.deals / 1e6).toFixed(1)} M deals (${row.kind})`, ours: `${f1(row.oursMs)} ms`, baseline: `${f1(row.baselineMs)} ms hand-written SQL`, ratio: `${row.ratio.toFixed(2)}×`, target: `≤ 1.5×, RSS < 300 MB (${f1(r.peakRssMb)})`, pass: row.ratio <= 1.5 && r.peakRssMb < 300 });
  }
}
if (on('B3')) {
  console.error('B3: 2,000 DMs through the outbox against a rate-limited stand-in…');
  const r = await runOutboxBench();
  raw.B3 = r;
  rows.push({ id: 'B3', what: `${r.total} DMs, stand-in allows ${r.perSecond}/s (429 beyond)`, ours: `${f1(r.seconds)} s, lost ${r.lost}, dup ${r.duplicates}, 429s ${r.refused429}`, baseline: `floor ${f1(r.floor)} s`, ratio: `${r.ratio.toFixed(2)}×`, target: '≤ 1.2×, 0 lost, 0 dup', pass: r.pass });
}
if (on('B4')) {
  console.error('B4: the rules module on a month for 10,000 managers…');
  const r = await runRulesBench();
  raw.B4 = r;
  rows.push({ id: 'B4', what: `rules on a month, 10,000 managers (${(r.facts / 1e6).toFixed(2)} M facts)`, ours: `${f1(r.ms)} ms (${Math.round(r.factsPerSec / 1000).toLocaleString('en-US')} k facts/s)`, baseline: '—', ratio: '—', target: '< 1000 ms', pass: r.pass });
}
if (on('B5')) {
  console.error('B5: start-up and idle memory with 10,000 members and a year of data…');
  const r = await runStartupBench();
  raw.B5 = r;
  rows.push({ id: 'B5', what: `start-up to ready; idle RSS (${r.managers.toLocaleString('en-US')} members, ${(r.deals / 1e6).toFixed(1)} M deals)`, ours: `ready ${f1(r.readyMs)} ms; RSS ${f1(r.rssMb)} MB`, baseline: '—', ratio: '—', target: 'ready < 3 s, RSS < 200 MB', pass: r.pass });
}

process.stdout.write('RESULT ' + JSON.stringify({ rows, raw }, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)) + '\n');
