// Delivers outbox rows through a platform transport, exactly once per row:
//  - a row is leased (lockedBy/lockedUntil) with a conditional update, so two
//    processes never send the same row at the same time;
//  - it is marked sent right after delivery; a crash in between leaves the
//    lease to expire and the transport is asked (if it can tell) whether the
//    message already arrived before it is sent again;
//  - Slack's 429 Retry-After pauses all sending; other failures back off
//    exponentially; each channel gets at most one message per interval.
import type { Db } from './db/client.ts';
import type { Logger } from '../log.ts';
import type { OutMessage } from '../chat/types.ts';
import { decodeMessage } from '../services/outbox.ts';

export type OutboxRow = { id: number; teamId: number; dedupeKey: string; target: string; attempts: number };

export class RateLimited extends Error {
  constructor(public readonly retryAfterMs: number) {
    super(`rate limited for ${retryAfterMs} ms`);
  }
}
/** A failure that will not get better by trying again (unknown user, channel not found…). */
export class PermanentFailure extends Error {}

export type Transport = {
  /** Where a target goes, for pacing: the same key is the same Slack channel. */
  channelKey(target: string): string;
  deliver(row: OutboxRow, message: OutMessage): Promise<{ externalId?: string }>;
  /** Optional: load what a batch of rows needs (e.g. platform ids) in one go. */
  prepare?(rows: OutboxRow[]): Promise<void>;
  /** Optional: after a crash, tells whether a leased row's message was in fact delivered. */
  wasDelivered?(row: OutboxRow): Promise<{ externalId?: string } | null>;
};

export type SenderOptions = {
  db: Db;
  transport: Transport;
  log: Logger;
  workerId: string;
  now?: () => Date;
  perChannelIntervalMs?: number;
  concurrency?: number;
  maxAttempts?: number;
  leaseMs?: number;
  /** Messages per second across all channels (the workspace's chat.postMessage budget); 0 = no cap. */
  globalPerSecond?: number;
  sleep?: (ms: number) => Promise<void>;
};

const WINDOW_MS = 1100;
const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function createOutboxSender(o: SenderOptions) {
  const now = o.now ?? (() => new Date());
  const sleep = o.sleep ?? realSleep;
  const interval = o.perChannelIntervalMs ?? 1000;
  const concurrency = o.concurrency ?? 4;
  const maxAttempts = o.maxAttempts ?? 8;
  const leaseMs = o.leaseMs ?? 60_000;
  const lastSent = new Map<string, number>();
  let pausedUntil = 0;
  let leaseSeq = 0;
  // Global pacing: at most globalPerSecond messages in any rolling second (the
  // same rule a per-second rate limit enforces), so a stall can be caught up
  // without overrunning it.
  const rate = o.globalPerSecond ?? 0;
  const recent: number[] = [];
  function reserveGlobal(): number {
    if (!rate) return 0;
    const t = Date.now();
    // A 1.1 s window leaves room for jitter between our clock and the limiter's.
    while (recent.length && recent[0] <= t - WINDOW_MS) recent.shift();
    // The slot this message takes: now, or one window after the message `rate` places back.
    const at = recent.length < rate ? t : recent[recent.length - rate] + WINDOW_MS;
    recent.push(at);
    recent.sort((a, b) => a - b);
    return Math.max(0, at - t);
  }
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;
  let stopped = false;

  /** Leases up to `limit` due rows with one conditional update; returns the rows this worker got. */
  async function lease(limit: number): Promise<(OutboxRow & { text: string; blocks: string | null; leased: boolean })[]> {
    const t = now();
    const free = { status: 'pending', OR: [{ lockedUntil: null }, { lockedUntil: { lt: t } }] };
    const candidates = await o.db.outboxMessage.findMany({
      where: { ...free, nextAttemptAt: { lte: t } },
      orderBy: { id: 'asc' },
      take: limit,
      select: { id: true, lockedUntil: true },
    });
    if (candidates.length === 0) return [];
    const until = new Date(t.getTime() + leaseMs);
    const token = `${o.workerId}:${t.getTime()}:${++leaseSeq}`;
    await o.db.outboxMessage.updateMany({
      where: { id: { in: candidates.map((c) => c.id) }, ...free },
      data: { lockedBy: token, lockedUntil: until, attempts: { increment: 1 } },
    });
    const mine = await o.db.outboxMessage.findMany({ where: { lockedBy: token, status: 'pending' }, orderBy: { id: 'asc' } });
    const wasLeased = new Map(candidates.map((c) => [c.id, c.lockedUntil !== null]));
    // attempts was incremented by the lease; report the count before this attempt.
    return mine.map((r) => ({ ...r, attempts: r.attempts - 1, leased: wasLeased.get(r.id) ?? false }));
  }

  async function markSent(id: number, externalId?: string) {
    await o.db.outboxMessage.update({ where: { id }, data: { status: 'sent', sentAt: now(), externalId: externalId ?? null, lockedUntil: null } });
  }

  async function sendOne(row: Awaited<ReturnType<typeof lease>>[number]): Promise<boolean> {
    const key = o.transport.channelKey(row.target);
    try {
      if (row.leased && o.transport.wasDelivered) {
        // A lease that expired: an earlier attempt may have delivered it before a crash.
        const seen = await o.transport.wasDelivered(row);
        if (seen) {
          await markSent(row.id, seen.externalId);
          return true;
        }
      }
      const wait = Math.max((lastSent.get(key) ?? 0) + interval, pausedUntil) - Date.now();
      if (wait > 0) await sleep(wait);
      const pace = reserveGlobal();
      if (pace > 0) await sleep(pace);
      lastSent.set(key, Date.now());
      const res = await o.transport.deliver(row, decodeMessage(row));
      await markSent(row.id, res.externalId);
      return true;
    } catch (e) {
      const attempts = row.attempts + 1;
      if (e instanceof RateLimited) {
        pausedUntil = Math.max(pausedUntil, Date.now() + e.retryAfterMs);
        await o.db.outboxMessage.update({
          where: { id: row.id },
          data: { lockedUntil: null, attempts: row.attempts, nextAttemptAt: new Date(now().getTime() + e.retryAfterMs), lastError: 'rate limited' },
        });
        return false;
      }
      const permanent = e instanceof PermanentFailure || attempts >= maxAttempts;
      const backoff = Math.min(5 * 60_000, 1000 * 2 ** (attempts - 1));
      o.log.warn('outbox delivery failed', { id: row.id, attempts, permanent, error: (e as Error).message });
      await o.db.outboxMessage.update({
        where: { id: row.id },
        data: {
          status: permanent ? 'failed' : 'pending',
          lockedUntil: null,
          nextAttemptAt: new Date(now().getTime() + backoff),
          lastError: String((e as Error).message).slice(0, 500),
        },
      });
      return false;
    }
  }

  /** Sends everything due now; returns how many were sent. Safe to call concurrently (it joins the run). */
  async function drainOnce(): Promise<number> {
    let sent = 0;
    for (;;) {
      if (stopped) return sent;
      const rows = await lease(concurrency * 8);
      if (rows.length === 0) return sent;
      await o.transport.prepare?.(rows);
      // Rows for different channels go in parallel; one channel's rows in order.
      const byChannel = new Map<string, typeof rows>();
      for (const r of rows) {
        const k = o.transport.channelKey(r.target);
        byChannel.set(k, [...(byChannel.get(k) ?? []), r]);
      }
      const queues = [...byChannel.values()];
      let progressed = 0;
      await Promise.all(
        Array.from({ length: Math.min(concurrency, queues.length) }, async () => {
          for (let q = queues.shift(); q; q = queues.shift()) {
            for (const r of q) if (await sendOne(r)) { sent++; progressed++; }
          }
        }),
      );
      if (progressed === 0) {
        // Everything was rate limited or failed: wait for the earliest retry.
        const wait = Math.max(0, pausedUntil - Date.now());
        if (wait > 0) await sleep(Math.min(wait, 5_000));
        else return sent;
      }
    }
  }

  function drain(): Promise<number> {
    if (!running) running = drainOnce().finally(() => (running = null));
    return running;
  }

  return {
    drain,
    /** Polls every `pollMs` until stop(). */
    start(pollMs = 1000) {
      stopped = false;
      const tick = async () => {
        try {
          await drain();
        } catch (e) {
          o.log.warn('outbox poll failed', { error: (e as Error).message });
        }
        if (!stopped) timer = setTimeout(tick, pollMs);
      };
      timer = setTimeout(tick, 0);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (running) await running.catch(() => {});
    },
    /** Wake up now (after a command enqueued something). */
    kick() {
      void drain().catch((e) => o.log.warn('outbox drain failed', { error: (e as Error).message }));
    },
  };
}

export type OutboxSender = ReturnType<typeof createOutboxSender>;
