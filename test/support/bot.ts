// The whole Slack bot on a real database, listening on a real port, talking
// to a local Slack stand-in. Tests send signed requests and read what the bot
// stored (database) and sent (stand-in calls).
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSlackApp } from '../../src/chat/slack/app.ts';
import { createSlackTransport } from '../../src/chat/slack/transport.ts';
import { createOutboxSender, type OutboxSender } from '../../src/infra/outbox-sender.ts';
import type { Policy } from '../../src/rules/index.ts';
import { testCore, type TestCore } from './core.ts';
import { startSlackStandIn, postSigned, slashBody, payloadBody, waitFor, type StandIn, type Sent } from './slack.ts';
import type { DbKind } from './db.ts';

export const SECRET = 'test-signing-secret';
export const BOT_TOKEN = 'xoxb-test-token';

export type Bot = TestCore & {
  slack: StandIn;
  baseUrl: string;
  sender: OutboxSender;
  clock: { now: Date };
  /** Sends a slash command as `user`; returns the HTTP reply. */
  command(user: string, command: string, text: string, extra?: Record<string, string>): Promise<Sent>;
  /**
   * Sends a slash command and returns the answer the user sees: in the ack, or — when the bot acked
   * first because it was busy (a burst) — the one it posts to the command's response_url later.
   */
  answer(user: string, command: string, text: string): Promise<string>;
  /** Sends an interactive payload (block_actions / view_submission). */
  interact(payload: unknown): Promise<Sent>;
  /** Delivers the outbox to the stand-in. */
  flush(): Promise<number>;
  stop(): Promise<void>;
};

export async function startBot(kind: DbKind, o: { admins?: string[]; directors?: string[]; policy?: Policy; now?: Date } = {}): Promise<Bot> {
  const tc = await testCore(kind, { admins: o.admins, directors: o.directors, policy: o.policy });
  const slack = await startSlackStandIn();
  const clock = { now: o.now ?? new Date() };
  const sender = createOutboxSender({
    db: tc.core.db,
    transport: createSlackTransport(tc.core, { botToken: BOT_TOKEN, apiUrl: slack.url }),
    log: tc.core.log,
    workerId: 'test',
    now: () => clock.now,
    perChannelIntervalMs: 0,
  });
  const app = createSlackApp(tc.core, { botToken: BOT_TOKEN, signingSecret: SECRET, apiUrl: slack.url, clock: () => clock.now });
  const server = (await app.start(0)) as unknown as Server;
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let answers = 0;
  return {
    ...tc,
    slack,
    baseUrl,
    sender,
    clock,
    command: (user, command, text, extra) => postSigned(baseUrl, SECRET, slashBody(command, text, user, extra)),
    answer: async (user, command, text) => {
      const path = `respond/${user}-${++answers}`;
      const res = await postSigned(baseUrl, SECRET, slashBody(command, text, user, { response_url: `${slack.url}${path}` }));
      if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
      if (res.body) return res.json().text as string;
      await waitFor(() => slack.callsTo(path).length > 0, 20_000);
      return slack.callsTo(path)[0].args.text as string;
    },
    interact: (payload) => postSigned(baseUrl, SECRET, payloadBody(payload)),
    flush: () => sender.drain(),
    stop: async () => {
      await sender.stop();
      await app.stop();
      await slack.close();
      await tc.close();
    },
  };
}
