// Reliability 7, crash: the bot process is killed (SIGKILL) during the 08:30
// meeting close and while it sends the weekly bulletin's messages. After a
// restart the ledger and the messages are exactly as if nothing had happened.
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { openDatabase } from '../src/infra/db/client.ts';
import { migrate } from '../src/infra/db/migrate.ts';
import { enqueue } from '../src/services/outbox.ts';
import { databases, freshDatabase, type TestDatabase } from './support/db.ts';
import { startSlackStandIn } from './support/slack.ts';
import { freePort, kill9, root, startProcess, waitHttp } from './support/process.ts';

const MANAGERS = process.env.CI_HEAVY ? 1500 : 600;
const dbs: TestDatabase[] = [];
afterAll(async () => {
  for (const d of dbs) await d.drop();
});

/** A team of managers created a week before the meeting, with Slack identities, an admin and a director. */
async function seedTeam(url: string) {
  await migrate(url);
  const { db, close } = openDatabase(url);
  const team = await db.team.create({ data: { name: '大客户中心', timezone: 'Asia/Shanghai', broadcastChannel: 'C_TEAM', createdAt: new Date('2026-11-16T00:00:00Z') } });
  for (let i = 0; i < MANAGERS; i += 200) {
    await db.$transaction(async (tx) => {
      for (let j = i; j < Math.min(MANAGERS, i + 200); j++) {
        const m = await tx.member.create({ data: { teamId: team.id, name: `经理${j}`, role: j === 0 ? 'admin' : j === 1 ? 'director' : 'manager', createdAt: new Date('2026-11-16T00:00:00Z') } });
        await tx.identity.create({ data: { memberId: m.id, platform: 'slack', externalId: `UC${j}` } });
      }
    });
  }
  await close();
  return team.id;
}

async function ledgerAndOutbox(url: string) {
  const { db, close } = openDatabase(url);
  const ledger = (await db.ledgerEntry.findMany({ orderBy: { sourceKey: 'asc' } })).map((e) => `${e.sourceKey}|${e.ruleId}|${e.amountFen}|${e.memberId}|${e.day}`);
  const outbox = (await db.outboxMessage.findMany({ orderBy: { dedupeKey: 'asc' } })).map((m) => `${m.dedupeKey}|${m.target}|${m.text}`);
  const runs = (await db.jobRun.findMany({})).map((r) => `${r.job}|${r.period}|${r.status}`);
  await close();
  return { ledger, outbox, runs };
}

const AT = '2026-11-23T08:30:00+08:00';
const cli = (url: string) => ['job', 'run', 'meeting-close', '--at', AT];
const env = (url: string) => ({ DATABASE_URL: url, TEAM_TIMEZONE: 'Asia/Shanghai', TEAM_NAME: '大客户中心' });

describe.each(databases())('crash (%s)', (kind) => {
  it('SIGKILL during the 08:30 meeting close, again and again: after a restart the ledger is exactly the uninterrupted one', async () => {
    const reference = await freshDatabase(kind);
    const crashed = await freshDatabase(kind);
    dbs.push(reference, crashed);
    await seedTeam(reference.url);
    await seedTeam(crashed.url);
    execFileSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...cli(reference.url)], { cwd: root, env: { PATH: process.env.PATH!, ...env(reference.url) }, stdio: 'pipe' });
    const want = await ledgerAndOutbox(reference.url);
    expect(want.ledger.length).toBe(MANAGERS - 2); // every manager absent: one MEET-3 each

    let killed = 0;
    for (const delay of [400, 900, 1400, 1900, 2600]) {
      const p = startProcess('src/cli.ts', cli(crashed.url), env(crashed.url));
      const done = await Promise.race([p.exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), delay))]);
      if (!done) {
        await kill9(p);
        killed++;
        const partial = await ledgerAndOutbox(crashed.url);
        // All or nothing: never a half-written close.
        expect([0, want.ledger.length]).toContain(partial.ledger.length);
      }
    }
    const last = startProcess('src/cli.ts', cli(crashed.url), env(crashed.url));
    expect(await last.exited).toBe(0);
    expect(killed).toBeGreaterThan(0);
    const got = await ledgerAndOutbox(crashed.url);
    expect(got.ledger).toEqual(want.ledger);
    expect(got.outbox).toEqual(want.outbox);
    expect(got.runs).toEqual(want.runs);
  }, 300_000);

  it('SIGKILL while the bot sends the weekly bulletin and its DMs: after restarts every message arrived exactly once', async () => {
    const t = await freshDatabase(kind);
    dbs.push(t);
    const teamId = await seedTeam(t.url);
    const { db, close } = openDatabase(t.url);
    const members = await db.member.findMany({ where: { role: 'manager' }, take: 80, orderBy: { id: 'asc' } });
    await db.$transaction((tx) =>
      enqueue(tx, teamId, new Date(), [
        { dedupeKey: 'weekly-bulletin:2026-W47:1', target: 'channel', message: { text: '📊 周报 2026-W47（1/2）' } },
        { dedupeKey: 'weekly-bulletin:2026-W47:2', target: 'channel', message: { text: '📊 周报 2026-W47（2/2）' } },
        ...members.map((m) => ({ dedupeKey: `statement:${m.id}`, target: `member:${m.id}` as const, message: { text: `💰 ${m.name} 的月度结算单` } })),
      ]),
    );
    await close();
    const slack = await startSlackStandIn();
    slack.delayMs = 25;
    const port = await freePort();
    const botEnv = {
      ...env(t.url),
      SLACK_BOT_TOKEN: 'xoxb-crash',
      SLACK_SIGNING_SECRET: 'crash',
      SLACK_API_URL: slack.url,
      TEAM_CHANNEL: 'C_TEAM',
      PORT: String(port),
      SCHEDULER: 'off',
      OUTBOX_LEASE_SECONDS: '1',
      OUTBOX_PER_SECOND: '0',
    };
    const posts = () => slack.callsTo('chat.postMessage');
    let kills = 0;
    for (let round = 0; round < 4; round++) {
      const p = startProcess('src/main.ts', [], botEnv);
      await waitHttp(`http://127.0.0.1:${port}/healthz`);
      const before = posts().length;
      const start = Date.now();
      while (posts().length === before && Date.now() - start < 10_000) await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setTimeout(r, 100 + round * 150));
      await kill9(p);
      kills++;
      await new Promise((r) => setTimeout(r, 1100)); // let the leases of the dead process expire
    }
    const p = startProcess('src/main.ts', [], botEnv);
    await waitHttp(`http://127.0.0.1:${port}/healthz`);
    const total = members.length + 2;
    const until = Date.now() + 60_000;
    const sentRows = async () => {
      const o = openDatabase(t.url);
      const n = await o.db.outboxMessage.count({ where: { status: 'sent' } });
      await o.close();
      return n;
    };
    while ((await sentRows()) < total && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    p.child.kill('SIGTERM');
    await p.exited;
    await slack.close();
    expect(kills).toBe(4);
    const keys = posts().map((c) => c.args.metadata?.event_payload?.key as string);
    expect(keys.length).toBe(total);
    expect(new Set(keys).size).toBe(total);
  }, 300_000);
});
