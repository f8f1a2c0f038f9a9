// Reliability 8, two replicas: two bot processes share one PostgreSQL
// database, slash commands are split between them, and both run the scheduler
// (with a catch-up of missed days at start-up). Every job runs once and no
// message is sent twice.
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/infra/db/client.ts';
import { migrate } from '../src/infra/db/migrate.ts';
import { databases, freshDatabase, type TestDatabase } from './support/db.ts';
import { startSlackStandIn, postSigned, slashBody } from './support/slack.ts';
import { freePort, startProcess, waitHttp, type Proc } from './support/process.ts';

const dbs: TestDatabase[] = [];
const procs: Proc[] = [];
afterAll(async () => {
  for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGKILL');
  for (const d of dbs) await d.drop();
});

describe.skipIf(!databases().includes('postgres'))('two replicas on one PostgreSQL', () => {
  it('every scheduled job runs once and every message is delivered once, with commands split between the replicas', async () => {
    const t = await freshDatabase('postgres');
    dbs.push(t);
    await migrate(t.url);
    const { db, close } = openDatabase(t.url);
    // A team that has been using the bot for a week: start-up catch-up has days of slots to run.
    const weekAgo = new Date(Date.now() - 7 * 86_400_000);
    const team = await db.team.create({ data: { name: '大客户中心', timezone: 'Asia/Shanghai', broadcastChannel: 'C_TEAM', createdAt: weekAgo } });
    for (let i = 0; i < 12; i++) {
      const m = await db.member.create({ data: { teamId: team.id, name: `经理${i}`, role: i === 0 ? 'admin' : i === 1 ? 'director' : 'manager', createdAt: weekAgo } });
      await db.identity.create({ data: { memberId: m.id, platform: 'slack', externalId: `UR${i}` } });
    }
    await close();

    const slack = await startSlackStandIn();
    const ports = [await freePort(), await freePort()];
    for (const port of ports) {
      procs.push(
        startProcess('src/main.ts', [], {
          DATABASE_URL: t.url,
          SLACK_BOT_TOKEN: 'xoxb-replica',
          SLACK_SIGNING_SECRET: 'replica',
          SLACK_API_URL: slack.url,
          TEAM_CHANNEL: 'C_TEAM',
          PORT: String(port),
          CATCHUP_DAYS: '7',
          OUTBOX_PER_SECOND: '0',
        }),
      );
    }
    await Promise.all(ports.map((p) => waitHttp(`http://127.0.0.1:${p}/healthz`)));

    // Slash commands alternate between the replicas; one delivery is retried on the other replica.
    for (let i = 2; i < 12; i++) {
      const body = slashBody('/target', `拜访${i}户`, `UR${i}`, { trigger_id: `trig-rep-${i}` });
      const r = await postSigned(`http://127.0.0.1:${ports[i % 2]}`, 'replica', body);
      expect(r.status).toBe(200);
      if (i === 5) expect((await postSigned(`http://127.0.0.1:${ports[(i + 1) % 2]}`, 'replica', body)).status).toBe(200);
    }

    // Wait until the catch-up has settled and the outbox is empty on both.
    const o = openDatabase(t.url);
    const settled = async () => {
      const pending = await o.db.outboxMessage.count({ where: { status: 'pending' } });
      const runs = await o.db.jobRun.count();
      return { pending, runs };
    };
    let last = { pending: -1, runs: -1 };
    for (let stable = 0, i = 0; stable < 4 && i < 120; i++) {
      await new Promise((r) => setTimeout(r, 500));
      const now = await settled();
      stable = now.pending === 0 && now.runs === last.runs && now.runs > 0 ? stable + 1 : 0;
      last = now;
    }
    const runs = await o.db.jobRun.findMany({});
    const failed = runs.filter((r) => r.status === 'failed');
    const outbox = await o.db.outboxMessage.findMany({});
    const ledger = await o.db.ledgerEntry.findMany({});
    await o.close();
    for (const p of procs) p.child.kill('SIGTERM');
    await Promise.all(procs.map((p) => p.exited));
    await slack.close();

    expect(runs.length).toBeGreaterThan(0); // a week always has slots, even around a long holiday (calendar warnings, closes)
    expect(failed).toEqual([]);
    expect(new Set(runs.map((r) => `${r.job}|${r.period}`)).size).toBe(runs.length);
    expect(new Set(ledger.map((e) => e.sourceKey)).size).toBe(ledger.length);
    expect(outbox.every((m) => m.status === 'sent')).toBe(true);
    const keys = slack.callsTo('chat.postMessage').map((c) => c.args.metadata?.event_payload?.key as string);
    expect(keys.length).toBe(outbox.length);
    expect(new Set(keys).size).toBe(keys.length);
    // The ten /target posts, once each, the retried one included.
    expect(keys.filter((k) => k.startsWith('target:')).length).toBe(10);
  }, 240_000);
});
