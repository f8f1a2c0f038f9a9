// Wiring only: configuration → database → core → adapter (Slack or console)
// → outbox sender → scheduled jobs. Exits non-zero with one clear message
// when the configuration is wrong.
import { loadConfig, type Config } from './config/env.ts';
import { loadPolicyFile } from './config/policy.ts';
import { createLogger, type Level } from './log.ts';
import { createCore, settingsFromConfig } from './bootstrap.ts';
import { createOutboxSender } from './infra/outbox-sender.ts';
import { createSlackApp } from './chat/slack/app.ts';
import { createSlackTransport } from './chat/slack/transport.ts';
import { createConsoleClock, createConsoleTransport, runConsole } from './chat/console/adapter.ts';
import { startHealthServer } from './infra/health.ts';
import { startJobs } from './jobs/index.ts';

async function main(): Promise<number> {
  const loaded = loadConfig(process.env);
  if (!loaded.ok) {
    process.stderr.write(loaded.message + '\n');
    return 2;
  }
  const config: Config = loaded.config;
  const log = createLogger((config.LOG_LEVEL ?? (config.mode === 'console' ? 'warn' : 'info')) as Level);
  const policy = loadPolicyFile(config.POLICY_FILE);
  if (!policy.ok) {
    process.stderr.write(policy.message + '\n');
    return 2;
  }
  const { core, database } = await createCore(settingsFromConfig(config, policy.policy, log));
  log.info('core ready', { mode: config.mode, database: database.target.kind, team: core.team.name, policy: policy.source });

  const stops: (() => Promise<unknown>)[] = [];
  const shutdown = async () => {
    for (const s of stops.reverse()) await s().catch(() => {});
    await database.close();
  };

  if (config.mode === 'slack') {
    const sender = createOutboxSender({
      db: core.db,
      transport: createSlackTransport(core, { botToken: config.SLACK_BOT_TOKEN!, apiUrl: config.SLACK_API_URL }),
      log,
      workerId: `slack-${process.pid}`,
      globalPerSecond: config.OUTBOX_PER_SECOND,
      leaseMs: config.OUTBOX_LEASE_SECONDS * 1000,
    });
    sender.start(1000);
    stops.push(() => sender.stop());
    const app = createSlackApp(core, {
      botToken: config.SLACK_BOT_TOKEN!,
      signingSecret: config.SLACK_SIGNING_SECRET,
      appToken: config.SLACK_APP_TOKEN,
      apiUrl: config.SLACK_API_URL,
      onEnqueued: () => sender.kick(),
    });
    if (config.SLACK_APP_TOKEN) {
      await app.start();
      // Socket Mode has no HTTP receiver: serve /healthz ourselves.
      const health = await startHealthServer(core.db, config.PORT);
      stops.push(() => health.close());
      log.info('slack socket mode started', { healthPort: config.PORT });
    } else {
      await app.start(config.PORT);
      log.info('slack http started', { port: config.PORT, path: '/slack/events' });
    }
    stops.push(() => app.stop());
    if (config.SCHEDULER === 'on') stops.push(await startJobs(core, { log, catchupDays: config.CATCHUP_DAYS, onEnqueued: () => sender.kick() }));
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await shutdown();
    return 0;
  }

  // Console mode: the terminal is the chat service. /now pins this clock for rehearsals.
  const clock = createConsoleClock();
  const sender = createOutboxSender({
    now: () => clock.now(),
    db: core.db,
    transport: createConsoleTransport(core, (s) => process.stdout.write(s)),
    log,
    workerId: `console-${process.pid}`,
    perChannelIntervalMs: 0,
  });
  if (process.env.PORT) {
    const health = await startHealthServer(core.db, config.PORT);
    stops.push(() => health.close());
  }
  let jobs: Awaited<ReturnType<typeof startJobs>> | null = null;
  if (config.SCHEDULER === 'on' && process.stdin.isTTY) {
    jobs = await startJobs(core, { log, catchupDays: config.CATCHUP_DAYS, onEnqueued: () => sender.kick() });
    stops.push(jobs);
  }
  process.once('SIGINT', () => void shutdown().then(() => process.exit(0)));
  await runConsole(core, {
    input: process.stdin,
    output: process.stdout,
    user: config.CONSOLE_USER!,
    clock,
    prompt: !!process.stdin.isTTY,
    flush: () => sender.drain(),
    tick: async (now) => {
      const { runDueJobs } = await import('./jobs/index.ts');
      const r = await runDueJobs(core, now);
      await sender.drain();
      return r;
    },
  });
  await sender.drain();
  await shutdown();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`启动失败 / start-up failed: ${(e as Error).message}\n`);
    process.exit(1);
  },
);
