// Operator CLI.
//   npm run cli -- migrate                                apply database migrations
//   npm run cli -- jobs                                   every job, its next run, its last runs
//   npm run cli -- job run <name> --at <ISO time>         run one job's slot at that moment (idempotent)
// Configuration comes from the same environment as the bot (DATABASE_URL, TEAM_TIMEZONE, POLICY_FILE…).
import { loadConfig } from './config/env.ts';
import { loadPolicyFile } from './config/policy.ts';
import { createLogger } from './log.ts';
import { createCore, settingsFromConfig } from './bootstrap.ts';
import { migrate } from './infra/db/migrate.ts';
import type { Core } from './services/core.ts';
import { localDateTime } from './rules/index.ts';
import { JOB_INFO, JOB_NAMES, isJobName, planSlots } from './jobs/planner.ts';
import { runSlot, trainingsAround } from './jobs/run.ts';

const USAGE = [
  '用法 / usage:',
  '  npm run cli -- migrate',
  '  npm run cli -- jobs',
  '  npm run cli -- job run <name> --at <ISO time>     e.g. job run meeting-close --at 2026-11-23T08:30:00+08:00',
  `  jobs: ${JOB_NAMES.join(', ')}`,
].join('\n');

const DAY_MS = 86_400_000;

function local(core: Core, d: Date): string {
  const l = localDateTime(d, core.team.timezone);
  return `${l.day} ${l.time.slice(0, 5)}`;
}

async function withCore<T>(fn: (core: Core) => Promise<T>): Promise<T> {
  const loaded = loadConfig(process.env);
  if (!loaded.ok) throw new Error(loaded.message);
  const policy = loadPolicyFile(loaded.config.POLICY_FILE);
  if (!policy.ok) throw new Error(policy.message);
  const log = createLogger((loaded.config.LOG_LEVEL ?? 'warn') as 'warn');
  const { core, database } = await createCore(settingsFromConfig(loaded.config, policy.policy, log));
  try {
    return await fn(core);
  } finally {
    await database.close();
  }
}

async function listJobs(core: Core, now: Date): Promise<string> {
  const horizon = new Date(now.getTime() + 40 * DAY_MS);
  const slots = planSlots(core.policy, core.calendar, core.team.timezone, now, horizon, await trainingsAround(core, now, horizon));
  const out = [`团队 / team: ${core.team.name} (${core.team.timezone}), ${local(core, now)}`];
  for (const job of JOB_NAMES) {
    const info = JOB_INFO[job];
    const next = slots.find((s) => s.job === job);
    const last = await core.db.jobRun.findMany({ where: { job, teamId: core.team.id }, orderBy: { scheduledAt: 'desc' }, take: 3 });
    out.push('');
    out.push(`${job} — ${info.zh} / ${info.en}${info.rules ? ` (${info.rules})` : ''}`);
    out.push(`  next: ${next ? `${local(core, next.at)} [${next.period}]` : '—'}`);
    if (last.length === 0) out.push('  last: —');
    for (const r of last) out.push(`  last: ${local(core, r.scheduledAt)} [${r.period}] ${r.status}${r.detail ? ` — ${r.detail}` : ''} (ran ${local(core, r.createdAt)})`);
  }
  return out.join('\n');
}

async function runJob(core: Core, name: string, at: Date): Promise<{ text: string; ok: boolean }> {
  if (!isJobName(name)) return { ok: false, text: `未知任务 / unknown job "${name}"\n${USAGE}` };
  const trainings = await trainingsAround(core, new Date(at.getTime() - 3 * DAY_MS), new Date(at.getTime() + 3 * DAY_MS));
  const slot = planSlots(core.policy, core.calendar, core.team.timezone, new Date(at.getTime() - 1), at, trainings).find((s) => s.job === name);
  if (!slot) {
    const near = planSlots(core.policy, core.calendar, core.team.timezone, new Date(at.getTime() - 7 * DAY_MS), new Date(at.getTime() + 7 * DAY_MS), trainings)
      .filter((s) => s.job === name).map((s) => `  ${s.at.toISOString()}  (${local(core, s.at)} [${s.period}])`);
    return { ok: false, text: [`${name} 在 ${local(core, at)} 没有计划 / ${name} has no slot at ${at.toISOString()}. Planned within ±7 days:`, ...(near.length ? near : ['  —'])].join('\n') };
  }
  const r = await runSlot(core, slot, { now: at });
  const status = { done: '完成 done', skipped: '跳过 skipped', already: '已运行过,未重复 / already done, nothing repeated', failed: '失败 failed' }[r.status];
  return { ok: r.status !== 'failed', text: `${name} [${slot.period}] ${local(core, slot.at)}: ${status}${r.detail ? ` — ${r.detail}` : ''}; ${r.ledger} ledger entries, ${r.messages} messages queued` };
}

async function main(argv: string[]): Promise<number> {
  const [cmd, sub, ...rest] = argv;
  if (cmd === 'migrate') {
    const loaded = loadConfig(process.env);
    if (!loaded.ok) { process.stderr.write(loaded.message + '\n'); return 2; }
    const applied = await migrate(loaded.config.DATABASE_URL);
    process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : '数据库已是最新 / the database is up to date\n');
    return 0;
  }
  if (cmd === 'jobs') {
    process.stdout.write((await withCore((core) => listJobs(core, new Date()))) + '\n');
    return 0;
  }
  if (cmd === 'job' && sub === 'run') {
    const name = rest[0];
    const i = rest.indexOf('--at');
    const atText = i >= 0 ? rest[i + 1] : undefined;
    const at = atText ? new Date(atText) : null;
    if (!name || !at || Number.isNaN(at.getTime())) {
      process.stderr.write(`需要任务名和 --at <ISO 时间> / a job name and --at <ISO time> are needed\n${USAGE}\n`);
      return 2;
    }
    const r = await withCore((core) => runJob(core, name, at));
    (r.ok ? process.stdout : process.stderr).write(r.text + '\n');
    return r.ok ? 0 : 1;
  }
  process.stderr.write(USAGE + '\n');
  return cmd ? 2 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`失败 / failed: ${(e as Error).message}\n`);
    process.exit(1);
  },
);
