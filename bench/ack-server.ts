// The server side of B1, in its own process (as a real bot is): `ours` is the
// real Slack app on a fresh SQLite file with N members; `baseline` is a Bolt
// app whose handler only acks. Prints "READY <port>" when listening.
import { App, HTTPReceiver } from '@slack/bolt';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSlackApp } from '../src/chat/slack/app.ts';
import { testCore } from '../test/support/core.ts';
import { cst } from '../test/support/core.ts';

const [mode, apiUrl, n, secret] = process.argv.slice(2);
let server: Server;
if (mode === 'baseline') {
  const base = new App({ token: 'xoxb-bench', receiver: new HTTPReceiver({ signingSecret: secret }), clientOptions: { slackApiUrl: apiUrl } });
  base.command(/.*/, async ({ ack }) => ack());
  server = (await base.start(0)) as unknown as Server;
} else {
  const tc = await testCore('sqlite');
  for (let i = 0; i < Number(n); i += 250) {
    await tc.core.db.$transaction(async (tx) => {
      for (let j = i; j < Math.min(Number(n), i + 250); j++) {
        const m = await tx.member.create({ data: { teamId: tc.core.team.id, name: `经理${j}` } });
        await tx.identity.create({ data: { memberId: m.id, platform: 'slack', externalId: `UB${j}` } });
      }
    });
  }
  // 07:55 on a working day: /checkin is on time, /target before its deadline.
  const ours = createSlackApp(tc.core, { botToken: 'xoxb-bench', signingSecret: secret, apiUrl, clock: () => cst('2026-11-23 07:55') });
  server = (await ours.start(0)) as unknown as Server;
}
process.stdout.write(`READY ${(server.address() as AddressInfo).port}\n`);
import { monitorEventLoopDelay } from 'node:perf_hooks';
const lag = monitorEventLoopDelay({ resolution: 5 });
lag.enable();
process.on('SIGINT', () => {
  if (process.env.ACK_LAG) process.stderr.write(`event-loop delay: p50 ${(lag.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(lag.percentile(99) / 1e6).toFixed(1)} ms, max ${(lag.max / 1e6).toFixed(1)} ms\n`);
  process.exit(0);
});
