// Reliability over real HTTP: duplicates have one effect, forgeries none.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { databases } from './support/db.ts';
import { startBot, SECRET, type Bot } from './support/bot.ts';
import { cst } from './support/core.ts';
import { postSigned, slashBody, payloadBody, waitFor } from './support/slack.ts';

async function tableCounts(bot: Bot): Promise<Record<string, number>> {
  const db = bot.core.db as unknown as Record<string, { count(): Promise<number> }>;
  const names = ['member', 'identity', 'dailyTarget', 'dayLog', 'ledgerEntry', 'outboxMessage', 'processedRequest', 'leaveRequest', 'checkIn', 'deal', 'customer', 'visit', 'booking', 'projectApplication'];
  const out: Record<string, number> = {};
  for (const n of names) out[n] = await db[n].count();
  return out;
}

describe.each(databases())('reliability over HTTP (%s)', (kind) => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await startBot(kind, { now: cst('2026-11-23 08:40') });
  });
  afterAll(async () => bot?.stop());

  it('duplicates: the same Events API delivery arriving 4 times (X-Slack-Retry-Num 1–3) has one effect', async () => {
    const body = JSON.stringify({
      token: 'x',
      team_id: 'T1',
      api_app_id: 'A1',
      type: 'event_callback',
      event_id: 'Ev-home-1',
      event_time: 1,
      event: { type: 'app_home_opened', user: 'U1', channel: 'D1', tab: 'home' },
    });
    const statuses = [];
    for (let retry = 0; retry <= 3; retry++) {
      const headers: Record<string, string> = retry ? { 'x-slack-retry-num': String(retry), 'x-slack-retry-reason': 'http_timeout' } : {};
      statuses.push((await postSigned(bot.baseUrl, SECRET, body, { contentType: 'application/json', headers })).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200]);
    await waitFor(() => bot.slack.callsTo('views.publish').length >= 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(bot.slack.callsTo('views.publish')).toHaveLength(1);
  });

  it('duplicates: a retried delivery of one typed /target (same trigger_id) posts once; typing it again is a new request', async () => {
    const before = bot.slack.callsTo('chat.postMessage').length;
    const first = await bot.command('U1', '/target', '拜访3户', { trigger_id: 'same-trigger' });
    const again = await bot.command('U1', '/target', '拜访3户', { trigger_id: 'same-trigger' });
    expect(first.json().text).toContain('已记录今日目标');
    expect(again.json().text).toContain('已经处理过');
    await bot.flush();
    expect(bot.slack.callsTo('chat.postMessage').length - before).toBe(1);
    const typedAgain = await bot.command('U1', '/target', '拜访4户');
    expect(typedAgain.json().text).toContain('已更新今日目标');
  });

  it('duplicates: the same modal submission arriving twice stores one log', async () => {
    const payload = {
      type: 'view_submission',
      team: { id: 'T1' },
      user: { id: 'U7', name: 'u7' },
      api_app_id: 'A1',
      view: { id: 'V-dup', type: 'modal', callback_id: 'diary', private_metadata: '', state: { values: { workDone: { workDone: { type: 'plain_text_input', value: '拜访' } } } } },
    };
    const [a, b] = await Promise.all([bot.interact(payload), bot.interact(payload)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(await bot.core.db.dayLog.count({ where: { workDone: '拜访' } })).toBe(1);
  });

  it('a burst of 60 commands at once: every ack well under Slack\'s 3 s, every command answered exactly once (in the ack or via response_url), all stored', async () => {
    const started = Date.now();
    const texts = await Promise.all(Array.from({ length: 60 }, (_, i) => bot.answer(`UBURST${i}`, '/target', `拜访${i}户`)));
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(texts.every((t) => t.includes('已记录今日目标'))).toBe(true);
    const late = bot.slack.calls.filter((c) => c.method.startsWith('respond/UBURST'));
    expect(new Set(late.map((c) => c.method)).size).toBe(late.length); // never answered twice
    expect(await bot.core.db.dailyTarget.count({ where: { text: { startsWith: '拜访' } } })).toBeGreaterThanOrEqual(60);
  });

  it('forgery: 1,000 requests with wrong signatures, stale timestamps or tampered bodies all get 401, and nothing is stored or sent', async () => {
    await bot.flush();
    await new Promise((r) => setTimeout(r, 300)); // let earlier tests' after-ack DMs land
    const countsBefore = await tableCounts(bot);
    const sentCalls = () => bot.slack.calls.filter((c) => c.method !== 'auth.test').length; // Bolt's own start-up check
    const callsBefore = sentCalls();
    const now = Math.floor(Date.now() / 1000);
    const statuses: number[] = [];
    const kinds = ['wrong-secret', 'stale', 'tampered', 'garbage-signature', 'future']; // future: over 5 minutes ahead
    const jobs = Array.from({ length: 1000 }, (_, i) => async () => {
      const body = i % 2 ? slashBody('/target', `伪造 ${i}`, 'U1') : payloadBody({ type: 'view_submission', user: { id: 'U1' }, view: { id: `V-f${i}`, callback_id: 'diary', state: { values: { workDone: { workDone: { value: 'x' } } } } } });
      const kind = kinds[i % kinds.length];
      let res;
      if (kind === 'wrong-secret') res = await postSigned(bot.baseUrl, `not-${SECRET}`, body);
      else if (kind === 'stale') res = await postSigned(bot.baseUrl, SECRET, body, { timestamp: now - 301 - i });
      else if (kind === 'future') res = await postSigned(bot.baseUrl, SECRET, body, { timestamp: now + 600 + i });
      else if (kind === 'garbage-signature') res = await postSigned(bot.baseUrl, SECRET, body, { signature: `v0=${'0'.repeat(64)}` });
      else {
        // Signed correctly, then one character of the body changed in transit.
        const ts = now;
        const sig = 'v0=' + createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex');
        res = await postSigned(bot.baseUrl, SECRET, body.replace('U1', 'U2'), { timestamp: ts, signature: sig });
      }
      statuses.push(res.status);
    });
    for (let i = 0; i < jobs.length; i += 25) await Promise.all(jobs.slice(i, i + 25).map((j) => j()));
    expect(statuses).toHaveLength(1000);
    expect(statuses.map((s, i) => `${kinds[i % kinds.length]}:${s}`).filter((s) => !s.endsWith(":401"))).toEqual([]);
    await bot.flush();
    expect(await tableCounts(bot)).toEqual(countsBefore);
    expect(sentCalls()).toBe(callsBefore);
  }, 120_000);
});
