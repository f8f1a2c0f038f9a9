// Slack without Slack: a local HTTP server that answers Web API calls
// (/api/<method>) and records them, and requests signed exactly as Slack
// signs them, sent into the running Bolt app over real HTTP.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';

export type ApiCall = { method: string; args: Record<string, any>; at: number };

export type StandIn = {
  url: string; // ends with /api/
  calls: ApiCall[];
  callsTo(method: string): ApiCall[];
  /** Answers the next calls of a method with a custom reply (status, body, headers). */
  override(fn: ((method: string, args: Record<string, any>) => { status: number; body?: unknown; headers?: Record<string, string> } | 'drop' | null) | null): void;
  users: Map<string, { name: string; real_name: string; display_name: string }>;
  /** Milliseconds every answer waits (a slow Slack). */
  delayMs: number;
  close(): Promise<void>;
};

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseArgs(body: string, contentType: string | undefined): Record<string, any> {
  if (!body) return {};
  if (contentType?.includes('application/json')) return JSON.parse(body);
  const out: Record<string, any> = {};
  for (const [k, v] of new URLSearchParams(body)) {
    try {
      out[k] = /^[[{]/.test(v) ? JSON.parse(v) : v;
    } catch {
      out[k] = v;
    }
  }
  return out;
}

export async function startSlackStandIn(): Promise<StandIn> {
  const calls: ApiCall[] = [];
  let custom: Parameters<StandIn['override']>[0] = null;
  let ts = 1_700_000_000;
  const users = new Map<string, { name: string; real_name: string; display_name: string }>();
  const standIn = { delayMs: 0 } as StandIn;
  const history = new Map<string, { type: string; text: unknown; ts: string; metadata: unknown }[]>();
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    if (standIn.delayMs > 0) await new Promise((r) => setTimeout(r, standIn.delayMs));
    const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0];
    const args = parseArgs(body, req.headers['content-type']);
    const special = custom?.(method, args) ?? null;
    if (special === 'drop') {
      req.socket.destroy();
      return;
    }
    if (special) {
      res.writeHead(special.status, { 'content-type': 'application/json', ...(special.headers ?? {}) });
      res.end(JSON.stringify(special.body ?? { ok: false }));
      return;
    }
    calls.push({ method, args, at: Date.now() });
    let reply: Record<string, unknown> = { ok: true };
    switch (method) {
      case 'auth.test':
        reply = { ok: true, url: 'https://test.slack.com/', team: 'Test', user: 'bot', team_id: 'T1', user_id: 'UBOT', bot_id: 'BBOT' };
        break;
      case 'users.info': {
        const u = users.get(args.user) ?? { name: String(args.user).toLowerCase(), real_name: `User ${args.user}`, display_name: '' };
        reply = { ok: true, user: { id: args.user, name: u.name, real_name: u.real_name, profile: { display_name: u.display_name, real_name: u.real_name } } };
        break;
      }
      case 'chat.postMessage': {
        const channel = String(args.channel).startsWith('U') ? `D${args.channel}` : args.channel;
        const message = { type: 'message', text: args.text, ts: `${ts++}.000100`, metadata: args.metadata };
        history.set(channel, [message, ...(history.get(channel) ?? [])]);
        reply = { ok: true, channel, ts: message.ts, message };
        break;
      }
      case 'conversations.open':
        reply = { ok: true, channel: { id: `D${String(args.users).split(',')[0]}` } };
        break;
      case 'conversations.history':
        reply = { ok: true, messages: (history.get(args.channel) ?? []).slice(0, Number(args.limit ?? 100)), has_more: false };
        break;
      case 'views.open':
      case 'views.publish':
      case 'views.update':
        reply = { ok: true, view: { id: `V${ts++}` } };
        break;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(reply));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  Object.assign(standIn, {
    url: `http://127.0.0.1:${port}/api/`,
    calls,
    callsTo: (m: string) => calls.filter((c) => c.method === m),
    override: (fn: Parameters<StandIn['override']>[0]) => void (custom = fn),
    users,
    close: () => new Promise<void>((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
  });
  return standIn;
}

export function sign(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)) {
  const sig = 'v0=' + createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
  return { 'x-slack-signature': sig, 'x-slack-request-timestamp': String(timestamp) };
}

export type Sent = { status: number; body: string; json(): any };

export async function postSigned(
  baseUrl: string,
  secret: string,
  body: string,
  opts: { contentType?: string; timestamp?: number; headers?: Record<string, string>; signature?: string } = {},
): Promise<Sent> {
  const headers: Record<string, string> = {
    'content-type': opts.contentType ?? 'application/x-www-form-urlencoded',
    ...sign(secret, body, opts.timestamp),
    ...(opts.headers ?? {}),
  };
  if (opts.signature) headers['x-slack-signature'] = opts.signature;
  const res = await fetch(`${baseUrl}/slack/events`, { method: 'POST', headers, body });
  const text = await res.text();
  return { status: res.status, body: text, json: () => JSON.parse(text) };
}

let trigger = 0;
/** A slash command as Slack sends it (form-encoded). */
export function slashBody(command: string, text: string, user: string, extra: Record<string, string> = {}): string {
  return new URLSearchParams({
    token: 'legacy',
    team_id: 'T1',
    team_domain: 'test',
    channel_id: 'C_TEAM',
    channel_name: 'team',
    user_id: user,
    user_name: user.toLowerCase(),
    command,
    text,
    api_app_id: 'A1',
    response_url: extra.response_url ?? 'http://127.0.0.1:9/commands/unused',
    trigger_id: extra.trigger_id ?? `trig.${Date.now()}.${++trigger}`,
    ...extra,
  }).toString();
}

/** An interactive payload (block_actions or view_submission) as Slack sends it. */
export function payloadBody(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** Polls until `cond` holds (for effects that follow an ack, such as a DM after a modal closes). */
export async function waitFor(cond: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error('waitFor: condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
