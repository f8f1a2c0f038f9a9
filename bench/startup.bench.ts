// B5: start-up to ready (GET /healthz answers 200) and resident memory when
// idle, for the real bot process in Slack HTTP mode, on a SQLite database with
// 10,000 members and a year of data. Targets: ready < 3 s, idle RSS < 200 MB.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import Database from 'better-sqlite3';
import { migrate } from '../src/infra/db/migrate.ts';
import { startSlackStandIn } from '../test/support/slack.ts';

const root = join(import.meta.dirname, '..');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

/** 10,000 managers; a year of deals (~2.5 M rows), targets and logs for the last month, 40 customers each. */
export async function seedYear(path: string, o: { managers?: number; dealDays?: number } = {}) {
  const managers = o.managers ?? 10_000;
  const dealDays = o.dealDays ?? 250;
  await migrate(`file:${path}`);
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const now = new Date('2026-11-20T00:00:00Z').toISOString();
  db.prepare(`INSERT INTO "Team" (name, timezone, broadcastChannel, createdAt) VALUES ('大客户中心', 'Asia/Shanghai', 'C_TEAM', ?)`).run(now);
  const member = db.prepare(`INSERT INTO "Member" (teamId, name, role, active, createdAt) VALUES (1, ?, 'manager', 1, ?)`);
  const identity = db.prepare(`INSERT INTO "Identity" (memberId, platform, externalId) VALUES (?, 'slack', ?)`);
  const deal = db.prepare(`INSERT INTO "Deal" (teamId, memberId, amountFen, product, day, occurredAt) VALUES (1, ?, ?, '定期存款', ?, ?)`);
  const customer = db.prepare(`INSERT INTO "Customer" (teamId, ownerId, name, nameKey, tier, registeredAt, updatedAt) VALUES (1, ?, ?, ?, ?, ?, ?)`);
  const days: string[] = [];
  for (let d = new Date('2025-11-20T00:00:00Z'); days.length < dealDays; d = new Date(d.getTime() + 86400000)) {
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) days.push(d.toISOString().slice(0, 10));
  }
  let rows = 0;
  db.transaction(() => {
    for (let m = 1; m <= managers; m++) {
      member.run(`经理${m}`, now);
      identity.run(m, `US${m}`);
      for (let c = 0; c < 40; c++) customer.run(m, `客户${m}-${c}`, `客户${m}-${c}`, 'ABC'[c % 3], now, now);
    }
  })();
  for (let m = 1; m <= managers; m += 500) {
    db.transaction(() => {
      for (let k = m; k < Math.min(managers + 1, m + 500); k++) {
        for (const day of days) {
          deal.run(k, BigInt(1000000 + ((k * 7919 + day.charCodeAt(9)) % 9000000)), day, `${day}T02:00:00.000Z`);
          rows++;
        }
      }
    })();
  }
  db.close();
  return { managers, deals: rows, customers: managers * 40 };
}

export async function runStartupBench(o: { managers?: number; env?: Record<string, string> } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'cm-startup-'));
  const path = join(dir, 'bot.db');
  const seeded = await seedYear(path, { managers: o.managers });
  const slack = await startSlackStandIn();
  const port = await freePort();
  // The production start: `npm start` builds dist/ and runs it with plain node.
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root });
  const t0 = performance.now();
  const child = spawn(process.execPath, ['dist/main.mjs'], {
    cwd: root,
    env: {
      PATH: process.env.PATH!,
      DATABASE_URL: `file:${path}`,
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_SIGNING_SECRET: 'bench',
      SLACK_API_URL: slack.url,
      TEAM_CHANNEL: 'C_TEAM',
      PORT: String(port),
      LOG_LEVEL: 'info',
      ...(o.env ?? {}),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  let readyMs = NaN;
  while (performance.now() - t0 < 60_000) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (r.status === 200) {
        readyMs = performance.now() - t0;
        break;
      }
    } catch {
      /* not listening yet */
    }
    if (child.exitCode !== null) throw new Error(`bot exited: ${stderr}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  // Idle: let start-up work (catch-up, outbox) settle, then read the resident set.
  await new Promise((r) => setTimeout(r, 10_000));
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const rssMb = Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  await slack.close();
  // Start-up work that failed would make the figures meaningless: count logged errors.
  const errors = stderr.split('\n').filter((l) => l.includes('"level":"error"'));
  if (errors.length) console.error(errors.slice(0, 3).join('\n'));
  return { ...seeded, readyMs, rssMb, loggedErrors: errors.length, pass: readyMs < 3000 && rssMb < 200 && errors.length === 0 };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await runStartupBench(), null, 2));
}
