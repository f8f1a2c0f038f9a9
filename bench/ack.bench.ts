// B1: ack latency when 500 signed /target and /checkin commands arrive at once
// over HTTP, on SQLite — our Bolt app against a Bolt app whose handler only acks,
// measured in the same run with the same client and the same Slack stand-in.
import { App, HTTPReceiver } from '@slack/bolt';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { createSlackApp } from '../src/chat/slack/app.ts';
import { registry } from '../src/chat/commands/index.ts';
import { testCore } from '../test/support/core.ts';
import { startSlackStandIn, sign, slashBody } from '../test/support/slack.ts';
import { percentile } from './util.ts';

const SECRET = 'bench-secret';
const TOKEN = 'xoxb-bench';

async function fire(baseUrl: string, n: number, commands: string[], respondUrl: string): Promise<number[]> {
  const agent = new Agent({ connections: n, pipelining: 1 });
  const bodies = Array.from({ length: n }, (_, i) => slashBody(commands[i % commands.length], commands[i % commands.length] === '/target' ? `拜访${i}户` : '', `UB${i}`, { response_url: respondUrl }));
  const lat: number[] = [];
  await Promise.all(
    bodies.map(async (body) => {
      const t0 = performance.now();
      const res = await fetch(`${baseUrl}/slack/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...sign(SECRET, body) },
        body,
        // @ts-expect-error undici dispatcher option
        dispatcher: agent,
      });
      await res.text();
      if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
      lat.push(performance.now() - t0);
    }),
  );
  await agent.close();
  return lat.sort((a, b) => a - b);
}

export async function runAckBench(o: { n?: number; rounds?: number } = {}) {
  const n = o.n ?? 500;
  const rounds = o.rounds ?? 3;
  const commands = registry.commands.some((c) => c.name === 'checkin') ? ['/target', '/checkin'] : ['/target'];
  const slack = await startSlackStandIn();
  const tc = await testCore('sqlite');
  // Members exist already (steady state): no users.info on the hot path.
  for (let i = 0; i < n; i += 250) {
    await tc.core.db.$transaction(async (tx) => {
      for (let j = i; j < Math.min(n, i + 250); j++) {
        const m = await tx.member.create({ data: { teamId: tc.core.team.id, name: `经理${j}` } });
        await tx.identity.create({ data: { memberId: m.id, platform: 'slack', externalId: `UB${j}` } });
      }
    });
  }
  const ours = createSlackApp(tc.core, { botToken: TOKEN, signingSecret: SECRET, apiUrl: slack.url });
  const oursServer = (await ours.start(0)) as unknown as Server;
  const base = new App({ token: TOKEN, receiver: new HTTPReceiver({ signingSecret: SECRET }), clientOptions: { slackApiUrl: slack.url } });
  base.command(/.*/, async ({ ack }) => ack());
  const baseServer = (await base.start(0)) as unknown as Server;
  const url = (s: Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;

  // Warm up both, then alternate rounds so neither gets a cold or hot machine.
  await fire(url(baseServer), 50, commands, slack.url + 'respond');
  await fire(url(oursServer), 50, commands, slack.url + 'respond');
  const oursLat: number[] = [];
  const baseLat: number[] = [];
  for (let r = 0; r < rounds; r++) {
    baseLat.push(...(await fire(url(baseServer), n, commands, slack.url + 'respond')));
    oursLat.push(...(await fire(url(oursServer), n, commands, slack.url + 'respond')));
    await new Promise((r) => setTimeout(r, 3000)); // let late answers drain before the next round
  }
  oursLat.sort((a, b) => a - b);
  baseLat.sort((a, b) => a - b);
  await ours.stop();
  await base.stop();
  await slack.close();
  await tc.close();
  const p99 = percentile(oursLat, 99);
  const p99b = percentile(baseLat, 99);
  return {
    n,
    rounds,
    commands,
    ours: { p50: percentile(oursLat, 50), p99, max: oursLat[oursLat.length - 1] },
    baseline: { p50: percentile(baseLat, 50), p99: p99b, max: baseLat[baseLat.length - 1] },
    ratio: p99 / p99b,
    pass: p99 / p99b <= 1.5 && oursLat[oursLat.length - 1] < 3000,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await runAckBench(), null, 2));
}
