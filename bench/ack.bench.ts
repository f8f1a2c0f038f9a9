// B1: ack latency when 500 signed /target and /checkin commands arrive at once
// over HTTP, on SQLite — our Bolt app against a Bolt app whose handler only acks,
// measured in the same run with the same client and the same Slack stand-in.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Agent } from 'undici';
import { registry } from '../src/chat/commands/index.ts';
import { sign, slashBody } from '../test/support/slack.ts';
import { percentile } from './util.ts';

const SECRET = 'bench-secret';

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

function spawnReady(args: string[]): Promise<{ ready: string; out: () => string; stop(signal?: NodeJS.Signals): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: join(import.meta.dirname, '..'), stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, LOG_LEVEL: 'error' } });
  let buf = '';
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      buf += d;
      const m = /READY (\S+)/.exec(buf);
      if (m) resolve({ ready: m[1], out: () => buf, stop: async (signal = 'SIGKILL') => void (child.kill(signal), await exited) });
    });
    child.once('exit', (code) => reject(new Error(`${args[0]} exited ${code}`)));
  });
}

async function serve(mode: 'ours' | 'baseline', apiUrl: string, n: number) {
  const p = await spawnReady(['bench/ack-server.ts', mode, apiUrl, String(n), SECRET]);
  return { port: Number(p.ready), stop: () => p.stop() };
}

export async function runAckBench(o: { n?: number; rounds?: number } = {}) {
  const n = o.n ?? 500;
  const rounds = o.rounds ?? 3;
  const commands = registry.commands.some((c) => c.name === 'checkin') ? ['/target', '/checkin'] : ['/target'];
  // The bot, the ack-only baseline and the Slack stand-in each run in their own process, as in
  // production; this process only generates the load and measures.
  const standIn = await spawnReady(['bench/standin-server.ts']);
  const slackUrl = standIn.ready;
  const ours = await serve('ours', slackUrl, n);
  const base = await serve('baseline', slackUrl, n);
  const url = (p: number) => `http://127.0.0.1:${p}`;
  const respond = slackUrl + 'respond';

  // Warm up both, then alternate rounds so neither gets a cold or a hot machine.
  await fire(url(base.port), 50, commands, respond);
  await fire(url(ours.port), 50, commands, respond);
  await new Promise((res) => setTimeout(res, 2000));
  const oursLat: number[] = [];
  const baseLat: number[] = [];
  for (let r = 0; r < rounds; r++) {
    baseLat.push(...(await fire(url(base.port), n, commands, respond)));
    oursLat.push(...(await fire(url(ours.port), n, commands, respond)));
    await new Promise((res) => setTimeout(res, 8000)); // let the bot finish the work it acked before the next round
  }
  oursLat.sort((a, b) => a - b);
  baseLat.sort((a, b) => a - b);
  await ours.stop();
  await base.stop();
  await standIn.stop('SIGINT');
  const late = (JSON.parse(/CALLS (.*)/.exec(standIn.out())?.[1] ?? '{}') as Record<string, number>).respond ?? 0;
  const p99 = percentile(oursLat, 99);
  const p99b = percentile(baseLat, 99);
  return {
    n,
    rounds,
    commands,
    answeredLater: late,
    ours: { p50: percentile(oursLat, 50), p99, max: oursLat[oursLat.length - 1] },
    baseline: { p50: percentile(baseLat, 50), p99: p99b, max: baseLat[baseLat.length - 1] },
    ratio: p99 / p99b,
    pass: p99 / p99b <= 1.5 && oursLat[oursLat.length - 1] < 3000,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await runAckBench(), null, 2));
}
