// The Slack adapter: a Bolt app whose listeners only translate Slack requests
// into the platform-neutral dispatch (chat/dispatch.ts) and render answers as
// Block Kit (render.ts). HTTP on PORT at /slack/events with signature
// verification, or Socket Mode when an app token is set.
import { App, HTTPReceiver, LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WebClient } from '@slack/web-api';
import type { Core, Role } from '../../services/core.ts';
import type { Locale } from '../../i18n.ts';
import type { Logger } from '../../log.ts';
import { runCommand, runAction, submitForm, failureReply, type Who } from '../dispatch.ts';
import type { CommandResult } from '../types.ts';
import { createWorkQueue } from './queue.ts';
import { registry } from '../commands/index.ts';
import { modalView, replyPayload, formValues, homeView, messageBlocks, fallbackText } from './render.ts';
import { resolveMember } from '../../services/members.ts';
import { homeSections } from '../../services/home.ts';
import { ping } from '../../infra/db/client.ts';
import { localeOf } from '../dispatch.ts';
import { isUniqueViolation } from '../../services/errors.ts';

export type SlackOptions = {
  botToken: string;
  signingSecret?: string;
  appToken?: string;
  apiUrl?: string;
  clock?: () => Date;
  /** Longest wait before acking a slash command without its answer (default 200 ms). */
  ackBudgetMs?: number;
  /** Slash commands processed at once (default 4). */
  workConcurrency?: number;
  /** Called after a request may have written outbox rows. */
  onEnqueued?: () => void;
};

function boltLogger(log: Logger): BoltLogger {
  let level = LogLevel.WARN;
  return {
    debug: (...m: unknown[]) => level === LogLevel.DEBUG && log.debug('bolt', { m: m.map(String) }),
    info: (...m: unknown[]) => (level === LogLevel.DEBUG || level === LogLevel.INFO) && log.info('bolt', { m: m.map(String) }),
    warn: (...m: unknown[]) => log.warn('bolt', { m: m.map(String) }),
    error: (...m: unknown[]) => log.error('bolt', { m: m.map(String) }),
    setLevel: (l: LogLevel) => void (level = l),
    getLevel: () => level,
    setName: () => {},
  };
}

/** Opens a command's modal; if Slack refuses (e.g. the trigger expired), answers with the inline syntax. */
async function openForm(client: WebClient, triggerId: string, result: CommandResult, answer: (p: ReturnType<typeof replyPayload>) => Promise<unknown>) {
  try {
    await client.views.open({ trigger_id: triggerId, view: modalView(result.form!) as never });
  } catch {
    await answer(replyPayload({ text: `${result.text}\n${result.form!.inlineHelp}` }));
  }
}

/** The slash commands the registry serves: '/target', '/diary', …, '/cm'. */
export function slashCommands(): string[] {
  return [...new Set(registry.commands.map((c) => '/' + c.name.split(' ')[0]))];
}

/** The member behind a Slack user id, registered on first contact with the display name from users.info. */
async function who(core: Core, client: WebClient, userId: string, files?: Who['files']): Promise<Who> {
  const known = await core.db.identity.findUnique({ where: { platform_externalId: { platform: 'slack', externalId: userId } }, include: { member: true } });
  if (known) return { platform: 'slack', externalId: userId, displayName: '', files, member: { ...known.member, role: known.member.role as Role, locale: known.member.locale as Locale | null } };
  let name = userId;
  try {
    const info = await client.users.info({ user: userId });
    const p = info.user?.profile;
    name = p?.display_name || p?.real_name || info.user?.real_name || info.user?.name || userId;
  } catch (e) {
    core.log.warn('users.info failed; registering with the user id as name', { error: (e as Error).message });
  }
  const member = await resolveMember(core, 'slack', userId, name);
  return { platform: 'slack', externalId: userId, displayName: name, files, member };
}

export function createSlackApp(core: Core, o: SlackOptions) {
  const clock = o.clock ?? (() => new Date());
  // Uploaded files (url_private) are read with the bot token.
  const files: Who['files'] = {
    async download(url: string) {
      const res = await fetch(url, { headers: { authorization: `Bearer ${o.botToken}` } });
      if (!res.ok) throw new Error(`file download failed: HTTP ${res.status}`);
      return res.text();
    },
  };
  const kick = () => o.onEnqueued?.();
  const socket = !!o.appToken;
  const healthRoute = {
    path: '/healthz',
    method: ['GET'],
    handler: async (_req: IncomingMessage, res: ServerResponse) => {
      const ok = await ping(core.db);
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok, database: ok ? 'reachable' : 'unreachable' }));
    },
  };
  let receiver: HTTPReceiver | undefined;
  if (!socket) {
    receiver = new HTTPReceiver({ signingSecret: o.signingSecret!, customRoutes: [healthRoute], logger: boltLogger(core.log) });
    // Bolt rejects timestamps more than 5 minutes old; we also reject ones more
    // than 5 minutes in the future, so a signed request is valid only near its time.
    const inner = receiver.requestListener;
    receiver.requestListener = (req, res) => {
      if (req.method === 'POST') {
        const ts = Number(req.headers['x-slack-request-timestamp']);
        if (!Number.isFinite(ts) || Math.abs(Date.now() / 1000 - ts) > 300) {
          res.writeHead(401).end();
          return;
        }
      }
      return inner(req, res);
    };
  }
  const app = new App({
    token: o.botToken,
    ...(socket ? { socketMode: true, appToken: o.appToken } : { receiver }),
    clientOptions: o.apiUrl ? { slackApiUrl: o.apiUrl } : undefined,
    logger: boltLogger(core.log),
  });

  // Events API retries (X-Slack-Retry-Num) carry the same event_id: handle each event once.
  app.use(async ({ body, next, context }) => {
    const b = body as { type?: string; event_id?: string };
    if (b.type !== 'event_callback' || !b.event_id) return next();
    const key = `slack:event:${b.event_id}`;
    try {
      await core.db.processedRequest.create({ data: { key } });
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      core.log.info('repeated event delivery ignored', { eventId: b.event_id, retryNum: context.retryNum });
      return;
    }
    try {
      await next();
    } catch (e) {
      // Not handled after all: let Slack's retry try again.
      await core.db.processedRequest.delete({ where: { key } }).catch(() => {});
      throw e;
    }
  });

  // Slack wants an ack within 3 s. Usually the command is done in milliseconds and the
  // ack carries the answer; under a burst, we ack after `ackBudgetMs` and send the
  // answer through the command's response_url when it is ready.
  const budget = o.ackBudgetMs ?? 200;
  // SQLite runs one statement at a time anyway; PostgreSQL gains from overlapping round trips.
  const concurrency = o.workConcurrency ?? (core.dbKind === 'postgres' ? 4 : 1);
  const queue = createWorkQueue(concurrency);
  const waitingForAnswer = new Set<() => void>();
  for (const slash of slashCommands()) {
    app.command(slash, async ({ command, ack, client, respond }) => {
      // Under a burst (the queue is already full) ack at once and answer through
      // response_url; otherwise wait up to the budget to put the answer in the ack.
      queue.touch();
      // A second request while earlier ones wait for their answers: a burst has begun, so those
      // ack now too instead of holding their connection for the whole budget.
      for (const hurry of waitingForAnswer) hurry();
      waitingForAnswer.clear();
      const busy = queue.size() >= concurrency;
      if (busy) await ack();
      const work = queue.run(async () => {
        try {
          const w = await who(core, client, command.user_id);
          return await runCommand(core, w, slash.slice(1), command.text ?? '', clock(), `slack:cmd:${command.trigger_id}`);
        } catch (e) {
          // Even finding who is asking failed (the database is down): still one clear answer.
          return failureReply(core, core.defaultLocale, e, slash);
        }
      });
      let timer: NodeJS.Timeout | undefined;
      let hurry = () => {};
      const late = new Promise<'late'>((r) => {
        timer = setTimeout(() => r('late'), busy ? 0 : budget);
        hurry = () => r('late');
      });
      if (!busy) waitingForAnswer.add(hurry);
      const first = busy ? 'late' : await Promise.race([work, late]);
      clearTimeout(timer);
      waitingForAnswer.delete(hurry);
      if (first === 'late') {
        if (!busy) await ack();
        const result = await work;
        if (result.form) await openForm(client, command.trigger_id, result, (p) => respond(p));
        else await respond(replyPayload(result));
      } else if (first.form) {
        await openForm(client, command.trigger_id, first, async (p) => void (await ack(p)));
        await ack().catch(() => {});
      } else {
        await ack(replyPayload(first));
      }
      kick();
    });
  }

  for (const form of registry.forms) {
    app.view(form.id, async ({ ack, body, view, client }) => {
      const values = formValues(view.state.values as never);
      let r: Awaited<ReturnType<typeof submitForm>>;
      try {
        const w = await who(core, client, body.user.id, files);
        r = await submitForm(core, w, form.id, values, view.private_metadata || undefined, clock(), `slack:view:${view.id}`);
      } catch (e) {
        // Could not even tell who is asking: keep the modal open with the reason on its first field.
        const first = Object.keys(values)[0];
        const text = failureReply(core, core.defaultLocale, e, `form:${form.id}`).text;
        r = first ? { ok: false, errors: { [first]: text } } : { ok: true, result: { text } };
      }
      if (!r.ok) {
        await ack({ response_action: 'errors', errors: r.errors });
        return;
      }
      await ack();
      if (r.result.duplicate) return;
      // The submitter's confirmation, privately in the app's DM.
      await client.chat.postMessage({ channel: body.user.id, text: fallbackText(r.result.text), blocks: messageBlocks(r.result) as never });
      kick();
    });
  }

  // A submission of a form we no longer have (an old modal, another app's id): close it and say so,
  // instead of leaving Slack waiting for an answer that never comes.
  const known = registry.forms.map((f) => f.id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  app.view({ callback_id: new RegExp(`^(?!(?:${known.join('|')})$)`) }, async ({ ack, body }) => {
    await ack();
    core.log.warn('submission of an unknown form', { callbackId: body.view.callback_id });
  });

  app.action(/.+/, async ({ ack, body, action, respond, client }) => {
    await ack();
    const a = action as { action_id: string; value?: string; action_ts?: string };
    let result: CommandResult;
    try {
      const w = await who(core, client, body.user.id);
      result = await runAction(core, w, a.action_id, a.value ?? '', clock(), `slack:action:${a.action_id}:${a.action_ts ?? ''}`);
    } catch (e) {
      result = failureReply(core, core.defaultLocale, e, `action:${a.action_id}`);
    }
    if (result.form && 'trigger_id' in body) {
      await client.views.open({ trigger_id: (body as { trigger_id: string }).trigger_id, view: modalView(result.form) as never });
    } else {
      if (result.update) await respond({ replace_original: true, text: fallbackText(result.update.text), blocks: messageBlocks(result.update) as never });
      if (!result.duplicate || !result.update) await respond({ ...replyPayload(result), replace_original: false });
    }
    kick();
  });

  app.event('app_home_opened', async ({ event, client }) => {
    if ((event as { tab?: string }).tab && (event as { tab?: string }).tab !== 'home') return;
    const member = (await who(core, client, event.user)).member!;
    const sections = await homeSections(core, member, localeOf(core, member), clock());
    await client.views.publish({ user_id: event.user, view: homeView(sections) as never });
  });

  app.error(async (error) => {
    core.log.error('slack listener failed', { error });
  });

  return app;
}
