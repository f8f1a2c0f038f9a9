// Running planned slots exactly once.
//
// A run claims (job, team, period) by inserting its JobRun row in the SAME
// transaction as its ledger entries and outbox rows. If another process (or an
// earlier run) holds the claim, the insert fails, the whole transaction rolls
// back (on PostgreSQL the failed statement aborts it anyway) and the error is
// caught outside: the slot is already done. A crash before the commit leaves
// nothing behind, so the slot simply runs again.
//
// A failed run leaves a JobRun row with status 'failed' (written outside the
// failed transaction) so operators can see it; the next run takes that row
// over with a conditional update, which two processes cannot both win.
import { inChunks } from '../infra/db/chunks.ts';
import type { Core } from '../services/core.ts';
import type { Tx } from '../infra/db/client.ts';
import { enqueue } from '../services/outbox.ts';
import { recordDrafts } from '../services/ledger.ts';
import { isUniqueViolation } from '../services/errors.ts';
import { addDays, localDay } from '../rules/index.ts';
import { people, escalationTargets, type Person } from './facts.ts';
import { JOBS } from './definitions.ts';
import { planSlots, type Slot, type TrainingRef } from './planner.ts';
import { ledgerNotices } from './text.ts';

export type RunStatus = 'done' | 'skipped' | 'already' | 'failed';
export type RunResult = { job: string; period: string; at: Date; status: RunStatus; detail: string; ledger: number; messages: number };

/** Test hook: called inside the transaction after every write, before the commit (throw to "crash"). */
export type FaultHook = (slot: Slot) => void | Promise<void>;

export type RunOptions = {
  /** The moment the run happens (the scheduler's tick, the catch-up time). Only decides whether a reminder is stale. */
  now: Date;
  fault?: FaultHook;
};

const TX = { timeout: 120_000, maxWait: 30_000 };

async function claim(tx: Tx, core: Core, slot: Slot, status: 'done' | 'skipped', detail: string, now: Date): Promise<void> {
  const where = { job: slot.job, teamId: core.team.id, period: slot.period, status: 'failed' };
  const took = await tx.jobRun.updateMany({ where, data: { status, detail, scheduledAt: slot.at, createdAt: now } });
  if (took.count === 1) return;
  await tx.jobRun.create({ data: { job: slot.job, teamId: core.team.id, period: slot.period, scheduledAt: slot.at, status, detail, createdAt: now } });
}

async function alreadyClaimed(core: Core, slot: Slot): Promise<boolean> {
  const row = await core.db.jobRun.findUnique({ where: { job_teamId_period: { job: slot.job, teamId: core.team.id, period: slot.period } } });
  return !!row && row.status !== 'failed';
}

async function recordFailure(core: Core, slot: Slot, error: Error, now: Date): Promise<void> {
  const detail = `failed: ${error.message}`.slice(0, 500);
  try {
    await core.db.jobRun.create({ data: { job: slot.job, teamId: core.team.id, period: slot.period, scheduledAt: slot.at, status: 'failed', detail, createdAt: now } });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    await core.db.jobRun.updateMany({ where: { job: slot.job, teamId: core.team.id, period: slot.period, status: 'failed' }, data: { detail, createdAt: now } });
  }
}

/** Runs one slot once. Never throws for a job failure: the result says 'failed'. */
export async function runSlot(core: Core, slot: Slot, o: RunOptions): Promise<RunResult> {
  const base = { job: slot.job, period: slot.period, at: slot.at };
  if (await alreadyClaimed(core, slot)) return { ...base, status: 'already', detail: '', ledger: 0, messages: 0 };

  // A reminder found after it lost its point (a morning reminder at noon) is recorded as skipped.
  if (slot.kind === 'reminder' && slot.expiresAt && o.now.getTime() >= slot.expiresAt.getTime()) {
    const detail = `skipped: found at ${o.now.toISOString()}, after ${slot.expiresAt.toISOString()}`;
    try {
      await core.db.$transaction(async (tx) => claim(tx, core, slot, 'skipped', detail, o.now), TX);
      return { ...base, status: 'skipped', detail, ledger: 0, messages: 0 };
    } catch (e) {
      if (isUniqueViolation(e) && (await alreadyClaimed(core, slot))) return { ...base, status: 'already', detail: '', ledger: 0, messages: 0 };
      throw e;
    }
  }

  let lastError: Error | null = null;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const out = await JOBS[slot.job](core, slot);
      let members = new Map<number, Person>();
      let escalateTo: Person[] = [];
      if (out.drafts.length) {
        const [managers, others, esc] = await Promise.all([people(core, 'manager', slot.at), inChunks(out.drafts.map((d) => d.memberId), (ids) => core.db.member.findMany({ where: { teamId: core.team.id, id: { in: ids } } })), escalationTargets(core, slot.at)]);
        members = new Map(managers.map((m) => [m.id, m]));
        for (const m of others) if (!members.has(m.id)) members.set(m.id, { id: m.id, name: m.name, role: m.role as Person['role'], locale: (m.locale as Person['locale'] | null) ?? core.defaultLocale });
        escalateTo = esc;
      }
      const r = await core.db.$transaction(async (tx) => {
        await claim(tx, core, slot, 'done', out.detail, o.now);
        const fresh = await recordDrafts(tx, core.team.id, out.drafts, { now: o.now });
        const messages = [...out.messages, ...ledgerNotices(core, fresh, members, escalateTo)];
        const queued = await enqueue(tx, core.team.id, o.now, messages);
        if (o.fault) await o.fault(slot);
        return { ledger: fresh.length, messages: queued };
      }, TX);
      return { ...base, status: 'done', detail: out.detail, ...r };
    } catch (e) {
      if (isUniqueViolation(e)) {
        // Someone else claimed the slot — or stored one of our ledger entries (e.g. a late check-in's
        // MEET-3 draft) a moment ago: then evaluate again, the entry is now seen as stored.
        if (await alreadyClaimed(core, slot)) return { ...base, status: 'already', detail: '', ledger: 0, messages: 0 };
        lastError = e as Error;
        continue;
      }
      lastError = e as Error;
      break;
    }
  }
  core.log.error('job failed', { job: slot.job, period: slot.period, error: lastError?.message });
  await recordFailure(core, slot, lastError!, o.now).catch(() => {});
  return { ...base, status: 'failed', detail: lastError!.message, ledger: 0, messages: 0 };
}

/** Training sessions that may have slots in the window (loaded fresh each time: admins add them any time). */
export async function trainingsAround(core: Core, from: Date, to: Date): Promise<TrainingRef[]> {
  const tz = core.team.timezone;
  const rows = await core.db.trainingSession.findMany({
    where: { teamId: core.team.id, day: { gte: addDays(localDay(from, tz), -1), lte: addDays(localDay(to, tz), 1) } },
    orderBy: { id: 'asc' },
  });
  return rows.map((r) => ({ id: r.id, day: r.day, startTime: r.startTime, endTime: r.endTime, title: r.title }));
}

export type WindowOptions = RunOptions & {
  only?: (s: Slot) => boolean;
  /** When each slot runs, if not `now` (a simulated clock stepping through the slots: `(s) => s.at`). */
  nowFor?: (s: Slot) => Date;
};

/**
 * Runs, in order, every slot with `from < at ≤ to` that is not claimed yet. Each slot's logic sees its own
 * instant; `o.now` is when the run happens (equal to `to` for a live tick, later for catch-up).
 */
export async function runWindow(core: Core, from: Date, to: Date, o: WindowOptions): Promise<RunResult[]> {
  const slots = planSlots(core.policy, core.calendar, core.team.timezone, from, to, await trainingsAround(core, from, to)).filter((s) => !o.only || o.only(s));
  if (slots.length === 0) return [];
  const claimed = await core.db.jobRun.findMany({
    where: { teamId: core.team.id, job: { in: [...new Set(slots.map((s) => s.job))] }, period: { in: [...new Set(slots.map((s) => s.period))] }, status: { not: 'failed' } },
    select: { job: true, period: true },
  });
  const done = new Set(claimed.map((c) => `${c.job}|${c.period}`));
  const results: RunResult[] = [];
  for (const s of slots) {
    if (done.has(`${s.job}|${s.period}`)) continue;
    results.push(await runSlot(core, s, o.nowFor ? { ...o, now: o.nowFor(s) } : o));
    await new Promise((r) => setImmediate(r)); // requests get a turn between slots
  }
  return results;
}
