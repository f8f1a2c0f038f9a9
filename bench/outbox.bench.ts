// B3: 2,000 reminder DMs through the outbox to a Slack stand-in that allows N
// requests a second and answers 429 (Retry-After) beyond that. Baseline: the
// floor of 2,000 / N seconds. Target ≤ 1.2× the floor, 0 lost, 0 duplicates.
import { createOutboxSender } from '../src/infra/outbox-sender.ts';
import { createSlackTransport } from '../src/chat/slack/transport.ts';
import { enqueue } from '../src/services/outbox.ts';
import { testCore } from '../test/support/core.ts';
import { startSlackStandIn } from '../test/support/slack.ts';

export async function runOutboxBench(o: { messages?: number; perSecond?: number } = {}) {
  const total = o.messages ?? 2000;
  const perSecond = o.perSecond ?? 200;
  const tc = await testCore('sqlite');
  const slack = await startSlackStandIn();
  const core = tc.core;
  const ids: number[] = [];
  await core.db.$transaction(async (tx) => {
    for (let i = 0; i < total; i++) {
      const m = await tx.member.create({ data: { teamId: core.team.id, name: `经理${i}` } });
      await tx.identity.create({ data: { memberId: m.id, platform: 'slack', externalId: `UO${i}` } });
      ids.push(m.id);
    }
  });
  await core.db.$transaction((tx) =>
    enqueue(tx, core.team.id, new Date(), ids.map((id, i) => ({ dedupeKey: `bench:${i}`, target: `member:${id}` as const, message: { text: `⏰ 提醒 ${i}：07:45 晨会` } }))),
  );
  // The stand-in's limit: N calls per rolling second, 429 + Retry-After: 1 beyond.
  const window: number[] = [];
  let refused = 0;
  slack.override((method) => {
    if (method !== 'chat.postMessage') return null;
    const now = Date.now();
    while (window.length && window[0] <= now - 1000) window.shift();
    if (window.length >= perSecond) {
      refused++;
      return { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } };
    }
    window.push(now);
    return null;
  });
  const sender = createOutboxSender({
    db: core.db,
    transport: createSlackTransport(core, { botToken: 'xoxb-bench', apiUrl: slack.url }),
    log: core.log,
    workerId: 'bench',
    concurrency: 8,
    globalPerSecond: perSecond,
  });
  const t0 = performance.now();
  while ((await core.db.outboxMessage.count({ where: { status: 'sent' } })) < total) await sender.drain();
  const seconds = (performance.now() - t0) / 1000;
  const texts = slack.callsTo('chat.postMessage').map((c) => c.args.text as string);
  const unique = new Set(texts).size;
  const floor = total / perSecond;
  await slack.close();
  await tc.close();
  const lost = total - unique;
  const duplicates = texts.length - unique;
  return { total, perSecond, seconds, floor, ratio: seconds / floor, lost, duplicates, refused429: refused, pass: seconds / floor <= 1.2 && lost === 0 && duplicates === 0 };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await runOutboxBench(), null, 2));
}
