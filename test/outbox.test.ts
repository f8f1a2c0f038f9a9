// The outbox sender against a Slack stand-in that rate-limits and drops
// connections: every message is delivered exactly once, in order per channel.
import { afterEach, describe, expect, it } from 'vitest';
import { databases } from './support/db.ts';
import { testCore, type TestCore } from './support/core.ts';
import { startSlackStandIn, type StandIn } from './support/slack.ts';
import { createOutboxSender } from '../src/infra/outbox-sender.ts';
import { createSlackTransport } from '../src/chat/slack/transport.ts';
import { enqueue, type Outgoing } from '../src/services/outbox.ts';

describe.each(databases())('outbox (%s)', (kind) => {
  let tc: TestCore | undefined;
  let slack: StandIn | undefined;
  afterEach(async () => {
    await slack?.close();
    await tc?.close();
  });

  async function setup(n: number, memberCount = 5) {
    tc = await testCore(kind);
    slack = await startSlackStandIn();
    const core = tc.core;
    const members: { id: number }[] = [];
    for (let i = 0; i < memberCount; i++) {
      const m = await core.db.member.create({ data: { teamId: core.team.id, name: `经理${i}` } });
      await core.db.identity.create({ data: { memberId: m.id, platform: 'slack', externalId: `U${i}` } });
      members.push(m);
    }
    const items: Outgoing[] = Array.from({ length: n }, (_, i) => ({
      dedupeKey: `msg-${i}`,
      target: i % 3 === 0 ? 'channel' : `member:${members[i % memberCount].id}`,
      message: { text: `消息 ${i}` },
    }));
    const now = new Date();
    await core.db.$transaction((tx) => enqueue(tx, core.team.id, now, items));
    // Writing the same messages again is a no-op.
    await core.db.$transaction((tx) => enqueue(tx, core.team.id, now, items));
    return { core, items };
  }

  function sender(core: TestCore['core'], worker: string) {
    return createOutboxSender({
      db: core.db,
      transport: createSlackTransport(core, { botToken: 'xoxb-t', apiUrl: slack!.url }),
      log: core.log,
      workerId: worker,
      perChannelIntervalMs: 0,
      concurrency: 4,
    });
  }

  it('429 with Retry-After on 30% of calls and dropped connections: every message delivered exactly once', async () => {
    const { core, items } = await setup(30);
    let n = 0;
    slack!.override((method) => {
      if (method !== 'chat.postMessage') return null;
      n++;
      if (n % 10 === 3 || n % 10 === 6 || n % 10 === 9) return { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } };
      if (n % 17 === 0) return 'drop';
      return null;
    });
    const s = sender(core, 'w1');
    const deadline = Date.now() + 60_000;
    while ((await core.db.outboxMessage.count({ where: { status: 'sent' } })) < items.length && Date.now() < deadline) {
      await s.drain();
      await new Promise((r) => setTimeout(r, 200));
    }
    const texts = slack!.callsTo('chat.postMessage').map((c) => c.args.text);
    expect(texts.sort()).toEqual(items.map((i) => i.message.text).sort());
    expect(await core.db.outboxMessage.count({ where: { status: { not: 'sent' } } })).toBe(0);
    expect(n).toBeGreaterThan(items.length); // the stand-in really did refuse some
  }, 90_000);

  it('two senders on one database (two processes) never send a message twice', async () => {
    const { core, items } = await setup(40);
    const a = sender(core, 'a');
    const b = sender(core, 'b');
    await Promise.all([a.drain(), b.drain(), a.drain(), b.drain()]);
    const texts = slack!.callsTo('chat.postMessage').map((c) => c.args.text);
    expect(texts).toHaveLength(items.length);
    expect(new Set(texts).size).toBe(items.length);
  });

  it('a permanent failure (no Slack identity) is marked failed and not retried forever', async () => {
    tc = await testCore(kind);
    slack = await startSlackStandIn();
    const core = tc.core;
    const m = await core.db.member.create({ data: { teamId: core.team.id, name: '控制台用户' } });
    await core.db.$transaction((tx) => enqueue(tx, core.team.id, new Date(), [{ dedupeKey: 'x', target: `member:${m.id}`, message: { text: 'hi' } }]));
    await sender(core, 'w').drain();
    const row = await core.db.outboxMessage.findUniqueOrThrow({ where: { dedupeKey: 'x' } });
    expect(row.status).toBe('failed');
    expect(row.lastError).toContain('no Slack identity');
    expect(slack.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('a crash after Slack got the message but before it was marked sent: the next sender finds it and does not send it again', async () => {
    const { core, items } = await setup(6);
    // Sender A leases everything, delivers, and "crashes" before marking any row sent.
    const transport = createSlackTransport(core, { botToken: 'xoxb-t', apiUrl: slack!.url });
    const leased = await core.db.outboxMessage.findMany({ orderBy: { id: 'asc' } });
    await core.db.outboxMessage.updateMany({ data: { lockedBy: 'crashed', lockedUntil: new Date(Date.now() - 1000), attempts: 1 } });
    for (const row of leased.slice(0, 4)) await transport.deliver(row, { text: row.text });
    // Sender B takes over the expired leases.
    const b = createOutboxSender({ db: core.db, transport, log: core.log, workerId: 'b', perChannelIntervalMs: 0 });
    expect(await b.drain()).toBe(items.length);
    const texts = slack!.callsTo('chat.postMessage').map((c) => c.args.text);
    expect(texts.sort()).toEqual(items.map((i) => i.message.text).sort());
    expect(slack!.callsTo('conversations.history').length).toBeGreaterThanOrEqual(items.length);
  });

  it('messages to one channel keep their order', async () => {
    const { core } = await setup(12, 1);
    await sender(core, 'w').drain();
    const toU0 = slack!.callsTo('chat.postMessage').filter((c) => c.args.channel === 'U0').map((c) => Number(String(c.args.text).split(' ')[1]));
    expect(toU0).toEqual([...toU0].sort((x, y) => x - y));
  });
});
