// The clock's messages through the outbox to a Slack stand-in that answers a share of calls with
// 429 Retry-After: every message (fine DMs, bulletins, statements) reaches Slack exactly once, to the
// right conversation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/log.ts';
import { createOutboxSender } from '../src/infra/outbox-sender.ts';
import { createSlackTransport } from '../src/chat/slack/transport.ts';
import { startJobs } from '../src/jobs/index.ts';
import { databases } from './support/db.ts';
import { testCore, cst, type TestCore } from './support/core.ts';
import { startSlackStandIn, type StandIn } from './support/slack.ts';

describe.each(databases())('clock messages to Slack under rate limiting (%s)', (kind) => {
  let tc: TestCore;
  let slack: StandIn;
  const slackIdOf = new Map<number, string>();
  beforeAll(async () => {
    tc = await testCore(kind, { channel: 'C_TEAM' });
    slack = await startSlackStandIn();
    const { core } = tc;
    await core.db.team.update({ where: { id: core.team.id }, data: { createdAt: cst('2026-09-01 00:00') } });
    for (const [i, [name, role]] of ([['张三', 'manager'], ['李四', 'manager'], ['王五', 'manager'], ['周管理', 'admin']] as const).entries()) {
      const m = await core.db.member.create({ data: { teamId: core.team.id, name, role, createdAt: cst('2026-09-01 09:00') } });
      await core.db.identity.create({ data: { memberId: m.id, platform: 'slack', externalId: `U${i + 1}` } });
      slackIdOf.set(m.id, `U${i + 1}`);
    }
    // Nobody used the bot for the week: catch-up records the fines and queues their DMs and the bulletins.
    const stop = await startJobs(core, { log: silentLogger, catchupDays: 7, now: () => cst('2026-10-12 12:00') });
    await stop();
  });
  afterAll(async () => {
    await slack?.close();
    await tc?.close();
  });

  it('every queued message is posted once, to the channel or the member’s DM, despite 429s', async () => {
    const { core } = tc;
    const rows = await core.db.outboxMessage.findMany({ orderBy: { id: 'asc' } });
    expect(rows.length).toBeGreaterThan(25);
    let calls = 0, throttled = 0;
    slack.override((method) => {
      if (method !== 'chat.postMessage') return null;
      calls++;
      if (calls % 4 === 0 && throttled < 5) {
        throttled++;
        return { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } };
      }
      return null;
    });
    const sender = createOutboxSender({
      db: core.db, log: silentLogger, workerId: 'jobs-slack', perChannelIntervalMs: 20,
      transport: createSlackTransport(core, { botToken: 'xoxb-test', apiUrl: slack.url }),
    });
    for (let i = 0; i < 20 && (await core.db.outboxMessage.count({ where: { status: 'pending' } })) > 0; i++) await sender.drain();
    await sender.stop();

    expect(throttled).toBe(5);
    const posts = slack.callsTo('chat.postMessage');
    const keys = posts.map((p) => p.args.metadata?.event_payload?.key as string);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.sort()).toEqual(rows.map((r) => r.dedupeKey).sort());
    const after = await core.db.outboxMessage.findMany();
    expect(after.every((r) => r.status === 'sent')).toBe(true);
    for (const p of posts) {
      const row = rows.find((r) => r.dedupeKey === p.args.metadata.event_payload.key)!;
      const want = row.target === 'channel' ? 'C_TEAM' : slackIdOf.get(Number(row.target.slice('member:'.length)));
      expect(p.args.channel, row.dedupeKey).toBe(want);
    }
    // Fines went by DM only; the channel got the bulletins.
    const channelTexts = posts.filter((p) => p.args.channel === 'C_TEAM').map((p) => String(p.args.text));
    expect(channelTexts.some((t) => t.includes('每周业绩通报'))).toBe(true);
    expect(channelTexts.some((t) => t.includes('MEET-3') || t.includes('罚款'))).toBe(false);
  }, 60_000);
});
