// B5: the weekly bulletin (PERF-2) for 10,000 managers with a year of deals (2.5 million rows), on SQLite
// and on PostgreSQL.
//
// Timed in the same run, over the same rows:
//   - ours: weeklyBulletinData() — what the weekly-bulletin job runs: one SUM aggregate over Deal by member
//     (week and month-to-date as conditional sums, through Prisma), the month's targets, ranking;
//   - baseline: ONE hand-written SQL aggregate through the raw driver (better-sqlite3 / pg) computing the
//     same per-member week and month-to-date sums with conditional SUMs.
// Target: ours ≤ 1.5 × baseline, and peak RSS < 300 MB (the deals are never loaded into memory).
// Rows are seeded with bulk SQL: multi-row INSERTs in transactions (SQLite), generate_series (PostgreSQL).
//
//   npx tsx bench/bulletin.bench.ts            (both databases; BENCH_DATABASES=sqlite to narrow)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import pg from 'pg';
import { migrate } from '../src/infra/db/migrate.ts';
import { openDatabase } from '../src/infra/db/client.ts';
import { addDays, monthKey, monthRange, weekRange } from '../src/rules/index.ts';
import { weeklyBulletinData, weeklyBulletinText } from '../src/jobs/bulletin.ts';

export type BulletinBenchOptions = {
  kinds?: ('sqlite' | 'postgres')[];
  managers?: number;
  dealsPerManager?: number;
  /** The reported ISO week (its month-to-date is the month its Sunday is in). */
  week?: string;
  repeats?: number;
  pgAdminUrl?: string;
  log?: (s: string) => void;
};

export type BulletinBenchRow = {
  kind: 'sqlite' | 'postgres';
  deals: number;
  managers: number;
  seedMs: number;
  oursMs: number;
  baselineMs: number;
  ratio: number;
  membersMs: number;
  textMs: number;
  checked: boolean;
};

export type BulletinBenchResult = { rows: BulletinBenchRow[]; peakRssMb: number; targetRatio: 1.5; targetRssMb: 300; pass: boolean };

const YEAR_START = '2025-11-23'; // one year of days: 2025-11-23 … 2026-11-22

/** Deterministic spread of deals over the year: the same formula in both databases. */
const dayOffset = (m: number, k: number) => (m * 7919 + k * 104729) % 365;
const amountFen = (m: number, k: number) => (((m * 31 + k * 17) % 1000) + 1) * 10_000;

function best(xs: number[]): number {
  return Math.round(Math.min(...xs) * 10) / 10;
}

async function timeIt<T>(fn: () => Promise<T> | T): Promise<[number, T]> {
  const t0 = performance.now();
  const r = await fn();
  return [performance.now() - t0, r];
}

export async function seedSqlite(path: string, managers: number, perManager: number): Promise<void> {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.prepare(`INSERT INTO "Team" ("id","name","timezone","createdAt") VALUES (1,'bench','Asia/Shanghai',?)`).run(new Date().toISOString());
  const insertMembers = db.transaction(() => {
    const st = db.prepare(`INSERT INTO "Member" ("id","teamId","name","role") VALUES (?,1,?,'manager')`);
    for (let m = 1; m <= managers; m++) st.run(m, `经理${m}`);
  });
  insertMembers();
  const days: string[] = [];
  for (let i = 0; i < 365; i++) days.push(addDays(YEAR_START, i));
  const ROWS = 200;
  const multi = db.prepare(`INSERT INTO "Deal" ("teamId","memberId","amountFen","product","day","occurredAt") VALUES ${Array(ROWS).fill('(1,?,?,\'存款\',?,?)').join(',')}`);
  const batch = db.transaction((rows: (string | number)[][]) => {
    for (const r of rows) multi.run(...r);
  });
  let pending: (string | number)[][] = [];
  let args: (string | number)[] = [];
  for (let m = 1; m <= managers; m++) {
    for (let k = 1; k <= perManager; k++) {
      const day = days[dayOffset(m, k)];
      args.push(m, amountFen(m, k), day, `${day}T02:00:00.000Z`);
      if (args.length === ROWS * 4) {
        pending.push(args);
        args = [];
        if (pending.length === 250) { batch(pending); pending = []; }
      }
    }
  }
  if (pending.length) batch(pending);
  const rest = db.prepare(`INSERT INTO "Deal" ("teamId","memberId","amountFen","product","day","occurredAt") VALUES (1,?,?,'存款',?,?)`);
  db.transaction(() => { for (let i = 0; i < args.length; i += 4) rest.run(args[i], args[i + 1], args[i + 2], args[i + 3]); })();
  db.exec('ANALYZE');
  db.close();
}

export async function seedPostgres(url: string, managers: number, perManager: number): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('BEGIN');
    await c.query(`INSERT INTO "Team" ("id","name","timezone","createdAt") VALUES (1,'bench','Asia/Shanghai',now())`);
    await c.query(`INSERT INTO "Member" ("id","teamId","name","role","createdAt") SELECT m, 1, '经理' || m, 'manager', now() FROM generate_series(1, $1::int) m`, [managers]);
    await c.query(
      `INSERT INTO "Deal" ("teamId","memberId","amountFen","product","day","occurredAt")
       SELECT 1, m, ((((m::bigint * 31 + k * 17) % 1000) + 1) * 10000), '存款',
              to_char(date '${YEAR_START}' + (((m::bigint * 7919 + k::bigint * 104729) % 365))::int, 'YYYY-MM-DD'), now()
       FROM generate_series(1, $1::int) m, generate_series(1, $2::int) k`,
      [managers, perManager],
    );
    await c.query('COMMIT');
    await c.query('ANALYZE "Deal"');
  } finally {
    await c.end();
  }
}

/** The hand-written aggregate: per member, the week's sum and the month-to-date sum, in one statement. */
function baselineSql(ph: (i: number) => string): string {
  return `SELECT "memberId" AS m,
            SUM(CASE WHEN "day" >= ${ph(1)} THEN "amountFen" ELSE 0 END) AS w,
            SUM(CASE WHEN "day" >= ${ph(2)} THEN "amountFen" ELSE 0 END) AS t
          FROM "Deal" WHERE "teamId" = 1 AND "day" >= ${ph(3)} AND "day" <= ${ph(4)}
          GROUP BY "memberId"`;
}

export async function runBulletinBench(opts: BulletinBenchOptions = {}): Promise<BulletinBenchResult> {
  const kinds = opts.kinds ?? ['sqlite', 'postgres'];
  const managers = opts.managers ?? 10_000;
  const perManager = opts.dealsPerManager ?? 250;
  const week = opts.week ?? '2026-W47';
  const repeats = opts.repeats ?? 9;
  const log = opts.log ?? (() => {});
  const adminUrl = opts.pgAdminUrl ?? process.env.TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const { start, end } = weekRange(week);
  const monthStart = monthRange(monthKey(end)).start;
  const from = start < monthStart ? start : monthStart;
  const rows: BulletinBenchRow[] = [];

  for (const kind of kinds) {
    let url: string;
    let cleanup: () => Promise<void>;
    if (kind === 'sqlite') {
      const dir = mkdtempSync(join(tmpdir(), 'cm-bench-'));
      url = `file:${join(dir, 'bench.db')}`;
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    } else {
      const name = `cm_bench_${randomBytes(4).toString('hex')}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      url = adminUrl.replace(/\/[^/]*$/, `/${name}`);
      cleanup = async () => {
        const c = new pg.Client({ connectionString: adminUrl });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      };
    }
    try {
      await migrate(url);
      log(`${kind}: seeding ${(managers * perManager).toLocaleString('en-US')} deals for ${managers.toLocaleString('en-US')} managers…`);
      const [seedMs] = await timeIt(() => (kind === 'sqlite' ? seedSqlite(url.slice('file:'.length), managers, perManager) : seedPostgres(url, managers, perManager)));
      log(`${kind}: seeded in ${(seedMs / 1000).toFixed(1)} s`);

      const database = openDatabase(url);
      const raw = kind === 'sqlite' ? new Database(url.slice('file:'.length), { readonly: true }) : null;
      const pgc = kind === 'postgres' ? new pg.Client({ connectionString: url }) : null;
      await pgc?.connect();
      try {
        const baseline = async (): Promise<Map<number, { w: bigint; t: bigint }>> => {
          const args = [start, monthStart, from, end];
          const out = new Map<number, { w: bigint; t: bigint }>();
          if (raw) {
            for (const r of raw.prepare(baselineSql(() => '?')).safeIntegers(true).all(...args) as { m: bigint; w: bigint; t: bigint }[]) out.set(Number(r.m), { w: r.w, t: r.t });
          } else {
            const res = await pgc!.query(baselineSql((i) => `$${i}`), args);
            for (const r of res.rows as { m: number; w: string; t: string }[]) out.set(r.m, { w: BigInt(r.w), t: BigInt(r.t) });
          }
          return out;
        };
        const [membersMs, members] = await timeIt(() => database.db.member.findMany({ where: { teamId: 1, role: 'manager', active: true }, orderBy: { id: 'asc' }, select: { id: true, name: true } }));
        const ours = () => weeklyBulletinData(database.db, 1, week, members);
        // Warm both up once, and check that they agree.
        const [a, b] = [await ours(), await baseline()];
        let checked = a.rows.length === managers;
        for (const r of a.rows) {
          const x = b.get(r.memberId) ?? { w: 0n, t: 0n };
          if (x.w !== r.weekFen || x.t !== r.monthToDateFen) checked = false;
        }
        if (!checked) throw new Error(`${kind}: our bulletin and the hand-written SQL disagree`);
        const oursT: number[] = [], baseT: number[] = [];
        for (let i = 0; i < repeats; i++) {
          // Alternate the order so neither side always runs on a warmer cache.
          if (i % 2 === 0) { oursT.push((await timeIt(ours))[0]); baseT.push((await timeIt(baseline))[0]); }
          else { baseT.push((await timeIt(baseline))[0]); oursT.push((await timeIt(ours))[0]); }
        }
        const [textMs] = await timeIt(() => weeklyBulletinText(a, 'zh-CN'));
        const row: BulletinBenchRow = {
          kind, deals: managers * perManager, managers, seedMs: Math.round(seedMs), oursMs: best(oursT), baselineMs: best(baseT),
          ratio: Math.round((best(oursT) / best(baseT)) * 100) / 100, membersMs: Math.round(membersMs * 10) / 10, textMs: Math.round(textMs * 10) / 10, checked,
        };
        log(`${kind}: ours ${row.oursMs} ms, hand SQL ${row.baselineMs} ms, ratio ${row.ratio}× (members ${row.membersMs} ms, text ${row.textMs} ms)`);
        rows.push(row);
      } finally {
        raw?.close();
        await pgc?.end();
        await database.close();
      }
    } finally {
      await cleanup();
    }
  }
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  return { rows, peakRssMb, targetRatio: 1.5, targetRssMb: 300, pass: rows.every((r) => r.ratio <= 1.5 && r.checked) && peakRssMb < 300 };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const kinds = (process.env.BENCH_DATABASES ?? 'sqlite,postgres').split(',').map((s) => s.trim()) as ('sqlite' | 'postgres')[];
  const r = await runBulletinBench({ kinds, log: (s) => console.log(s) });
  console.log('');
  console.log('| database | deals | managers | ours (weeklyBulletinData) | hand SQL (raw driver) | ratio | target |');
  console.log('|---|---|---|---|---|---|---|');
  for (const x of r.rows) console.log(`| ${x.kind} | ${x.deals.toLocaleString('en-US')} | ${x.managers.toLocaleString('en-US')} | ${x.oursMs} ms | ${x.baselineMs} ms | ${x.ratio}× | ≤ 1.5× |`);
  console.log(`peak RSS: ${r.peakRssMb} MB (target < ${r.targetRssMb} MB)`);
  console.log(r.pass ? 'PASS' : 'FAIL');
  if (!r.pass) process.exitCode = 1;
}
