// The clock (issue 5): reminders, deadlines and bulletins, exactly once, on the
// Chinese working-day calendar in the team's time zone.
//
// - planner.ts: which job runs when — a pure function of (policy, calendar, instant).
// - definitions.ts: what each job does for one slot (reads facts, calls the rules module).
// - run.ts: the exactly-once runner (claim + ledger + outbox in one transaction).
// - here: node-cron drives a one-minute tick; at start-up, and on every tick, every slot of the last
//   `catchupDays` days not claimed yet runs once, in order. Reminders that lost their point are
//   recorded as skipped; deadlines and fines always run.
import cron from 'node-cron';
import type { Core } from '../services/core.ts';
import type { Logger } from '../log.ts';
import { localDateTime } from '../rules/index.ts';
import { runWindow, type RunResult } from './run.ts';

export { planSlots, slotsForDay, JOB_NAMES, JOB_INFO, type Slot, type JobName } from './planner.ts';
export { runSlot, runWindow, type RunResult } from './run.ts';

export type JobsOptions = { log: Logger; catchupDays: number; onEnqueued?: () => void; now?: () => Date };

const DAY_MS = 86_400_000;
const MINUTE = 60_000;

/** Slots before the team existed never run (a fresh install does not fine last week). */
async function floorOf(core: Core): Promise<Date> {
  const t = await core.db.team.findUnique({ where: { id: core.team.id }, select: { createdAt: true } });
  return t?.createdAt ?? new Date(0);
}

function windowStart(now: Date, catchupDays: number, floor: Date): Date {
  return new Date(Math.max(now.getTime() - catchupDays * DAY_MS, floor.getTime()));
}

function summarize(results: RunResult[]): { ran: number; skipped: number; failed: number; ledger: number; messages: number } {
  const s = { ran: 0, skipped: 0, failed: 0, ledger: 0, messages: 0 };
  for (const r of results) {
    if (r.status === 'done') s.ran++;
    if (r.status === 'skipped') s.skipped++;
    if (r.status === 'failed') s.failed++;
    s.ledger += r.ledger;
    s.messages += r.messages;
  }
  return s;
}

export async function startJobs(core: Core, o: JobsOptions): Promise<() => Promise<void>> {
  const clock = o.now ?? (() => new Date());
  const floor = await floorOf(core);
  let inFlight: Promise<unknown> = Promise.resolve();

  const runUpTo = async (at: Date, why: string) => {
    const results = await runWindow(core, windowStart(at, o.catchupDays, floor), at, { now: clock() });
    const s = summarize(results);
    if (results.length) o.log.info('jobs ran', { why, ...s });
    for (const r of results) if (r.status === 'failed') o.log.error('job failed', { job: r.job, period: r.period, error: r.detail });
    if (s.messages > 0) o.onEnqueued?.();
  };

  // Catch-up: every missed slot of the window, in order, before the first tick. It runs in the
  // background, so the bot is serving requests while it catches up.
  inFlight = new Promise((r) => setImmediate(r))
    .then(() => runUpTo(clock(), 'catch-up'))
    .catch((e) => o.log.error('catch-up failed', { error: (e as Error).message }));

  const task = cron.schedule(
    '* * * * *',
    async (ctx) => {
      const at = new Date(Math.floor((o.now ? o.now() : ctx.date).getTime() / MINUTE) * MINUTE);
      await inFlight; // never overlap the catch-up
      const p = runUpTo(at, 'tick').catch((e) => o.log.error('tick failed', { error: (e as Error).message }));
      inFlight = p;
      await p;
    },
    { name: `cm-jobs-team-${core.team.id}`, timezone: core.team.timezone, noOverlap: true },
  );
  o.log.info('scheduler started', { timezone: core.team.timezone, catchupDays: o.catchupDays });

  return async () => {
    await task.stop();
    await task.destroy();
    await inFlight;
  };
}

/** The console's /tick: runs everything due up to `now` (within the last 7 days) and says what happened. */
export async function runDueJobs(core: Core, now: Date, catchupDays = 7): Promise<string> {
  const floor = await floorOf(core);
  const results = await runWindow(core, windowStart(now, catchupDays, floor), now, { now });
  if (results.length === 0) return '没有到期的定时任务 / nothing due';
  const tz = core.team.timezone;
  const lines = results.map((r) => {
    const t = localDateTime(r.at, tz);
    const status = { done: '完成 done', skipped: '跳过 skipped', already: '已运行 already done', failed: '失败 failed' }[r.status];
    return `${t.day} ${t.time.slice(0, 5)} ${r.job} [${r.period}] ${status}${r.detail ? ` — ${r.detail}` : ''}`;
  });
  const s = summarize(results);
  lines.push(`合计 / total: ${s.ran} ran, ${s.skipped} skipped, ${s.failed} failed; ${s.ledger} ledger entries, ${s.messages} messages`);
  return lines.join('\n');
}
