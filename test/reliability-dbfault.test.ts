// Reliability 6, database faults: PostgreSQL connections are killed
// (pg_terminate_backend) in the middle of commands and of a job. The person
// gets a clear "try again", no partial rows remain, the bot recovers without a
// restart, and the job completes once when the database is back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { databases, PG_ADMIN_URL } from './support/db.ts';
import { startBot, type Bot } from './support/bot.ts';
import { cst } from './support/core.ts';
import { waitFor } from './support/slack.ts';
import { runSlot } from '../src/jobs/run.ts';
import { planSlots } from '../src/jobs/planner.ts';

const TRY_AGAIN = /数据库暂时连不上/;

function killer(dbName: string) {
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  let on = true;
  let kills = 0;
  const loop = (async () => {
    await admin.connect();
    while (on) {
      const r = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [dbName]);
      kills += r.rowCount ?? 0;
      await new Promise((res) => setTimeout(res, 5 + Math.random() * 20));
    }
    await admin.end();
  })();
  return { stop: async () => ((on = false), await loop, kills) };
}

describe.skipIf(!databases().includes('postgres'))('database faults (postgres)', () => {
  let bot: Bot;
  let dbName: string;
  beforeAll(async () => {
    bot = await startBot('postgres', { admins: ['UA'], now: cst('2026-11-23 08:40') });
    dbName = new URL(bot.testDb.url).pathname.slice(1);
  });
  afterAll(async () => bot?.stop());

  it('connections killed during 120 commands: each answer is success or a clear "try again", no partial rows, and it recovers without a restart', async () => {
    const k = killer(dbName);
    const replies: { user: string; text: string }[] = [];
    for (let batch = 0; batch < 6; batch++) {
      await Promise.all(
        Array.from({ length: 20 }, async (_, i) => {
          const user = `UF${batch * 20 + i}`;
          // A slow answer comes through the command's response_url after an empty ack.
          const res = await bot.command(user, '/target', `拜访${i}户企业客户`, { response_url: `${bot.slack.url}respond/${user}` });
          if (res.status === 200 && res.body) replies.push({ user, text: res.json().text as string });
          else if (res.status === 200) {
            await waitFor(() => bot.slack.callsTo(`respond/${user}`).length > 0, 20_000);
            replies.push({ user, text: bot.slack.callsTo(`respond/${user}`)[0].args.text as string });
          } else replies.push({ user, text: `HTTP ${res.status}` });
        }),
      );
    }
    const kills = await k.stop();
    expect(kills).toBeGreaterThan(0);
    for (const r of replies) expect(r.text, r.user).toMatch(/已记录今日目标|数据库暂时连不上/);
    const failed = replies.filter((r) => TRY_AGAIN.test(r.text));
    const ok = replies.filter((r) => !TRY_AGAIN.test(r.text));
    expect(failed.length, 'some commands should have hit a killed connection').toBeGreaterThan(0);
    // No partial rows: every stored target has its channel post, and only successes were stored.
    const targets = await bot.core.db.dailyTarget.findMany({});
    const posts = await bot.core.db.outboxMessage.count({ where: { dedupeKey: { startsWith: 'target:' } } });
    expect(targets.length).toBe(ok.length);
    expect(posts).toBe(ok.length);
    // Recovered, with no restart: the ones who were told to try again can.
    for (const f of failed) expect((await bot.command(f.user, '/target', '再试一次')).json().text).toMatch(/已记录今日目标/);
    expect(await bot.core.db.dailyTarget.count()).toBe(replies.length);
  }, 180_000);

  it('connections killed during the 08:30 meeting close: the job fails cleanly, then completes once when the database is back', async () => {
    const managers = await bot.core.db.member.count({ where: { role: 'manager' } });
    const slot = planSlots(bot.core.policy, bot.core.calendar, bot.core.team.timezone, cst('2026-11-23 08:29'), cst('2026-11-23 08:31')).find((s) => s.job === 'meeting-close')!;
    expect(slot).toBeTruthy();
    const k = killer(dbName);
    let failures = 0;
    for (let i = 0; i < 5; i++) {
      try {
        await runSlot(bot.core, slot, { now: cst('2026-11-23 08:30') });
      } catch {
        failures++;
      }
      const n = await bot.core.db.ledgerEntry.count({ where: { ruleId: 'MEET-3' } }).catch(() => -1);
      if (n >= 0) expect([0, managers]).toContain(n); // all or nothing
    }
    await k.stop();
    const r = await runSlot(bot.core, slot, { now: cst('2026-11-23 08:31') });
    expect(['done', 'already']).toContain(r.status);
    expect(await bot.core.db.ledgerEntry.count({ where: { ruleId: 'MEET-3' } })).toBe(managers);
    expect(await bot.core.db.jobRun.count({ where: { job: 'meeting-close' } })).toBe(1);
    const again = await runSlot(bot.core, slot, { now: cst('2026-11-23 08:32') });
    expect(again.status).toBe('already');
    expect(failures + 1).toBeGreaterThan(0);
  }, 180_000);
});
