// One entry for every platform: who is asking → permission → parse → run →
// one clear answer. Adapters only translate their requests into these calls.
import type { Core } from '../services/core.ts';
import type { ActionHandler, CommandResult, CommandSpec, Ctx, FormHandler, FormSubmit, Platform } from './types.ts';
import { resolveMember, type MemberRow } from '../services/members.ts';
import { UserError, isTransientDbError } from '../services/errors.ts';
import { DuplicateRequest } from '../services/requests.ts';
import { say, tr, type Locale } from '../i18n.ts';
import { registry } from './commands/index.ts';

/** Who is asking. An adapter that already looked the member up passes `member` to save a query. */
export type Who = { platform: Platform; externalId: string; displayName: string; files?: Ctx['files']; member?: MemberRow };

export type Registry = { commands: CommandSpec<any>[]; forms: FormHandler[]; actions: ActionHandler[] };

export function isAdmin(m: MemberRow): boolean {
  return m.role === 'admin' || m.role === 'director';
}

export function localeOf(core: Core, m: MemberRow): Locale {
  return m.locale ?? core.defaultLocale;
}

async function context(core: Core, who: Who, now: Date, requestKey?: string): Promise<Ctx> {
  const member = who.member ?? (await resolveMember(core, who.platform, who.externalId, who.displayName));
  return { core, actor: { member, locale: localeOf(core, member) }, now, platform: who.platform, requestKey, files: who.files };
}

/** Finds the spec for `/name text`: /cm routes on its first word ('cm role', 'cm help'…). */
export function findCommand(reg: Registry, name: string, text: string): { spec: CommandSpec<any> | undefined; rest: string } {
  const n = name.replace(/^\//, '').toLowerCase();
  if (n === 'cm') {
    const [sub = 'help', ...rest] = text.trim().split(/\s+/);
    const spec = reg.commands.find((c) => c.name === `cm ${sub.toLowerCase()}`) ?? reg.commands.find((c) => c.name === 'cm help');
    return { spec, rest: rest.join(' ') };
  }
  return { spec: reg.commands.find((c) => c.name === n), rest: text.trim() };
}

export function refusal(locale: Locale): CommandResult {
  return { text: tr(locale, '⛔ 只有管理员可以执行这个操作，未做任何更改。', '⛔ Only an admin can do this. Nothing was changed.') };
}

/** Turns any failure into one answer the person can act on. */
export function failureReply(core: Core, locale: Locale, e: unknown, what: string): CommandResult {
  if (e instanceof UserError) return { text: `⚠️ ${say(locale, e.userMessage)}` };
  if (e instanceof DuplicateRequest) return { text: tr(locale, '这条请求已经处理过了，没有重复记录。', 'This request was already handled; nothing was recorded twice.'), duplicate: true };
  if (isTransientDbError(e)) {
    core.log.warn('database unavailable', { what, error: e });
    return { text: tr(locale, '⚠️ 数据库暂时连不上，这次没有保存任何内容。请稍后再试一次。', '⚠️ The database is unavailable right now, so nothing was saved. Please try again in a moment.') };
  }
  core.log.error('command failed', { what, error: e });
  return { text: tr(locale, '⚠️ 出了点问题，这次没有保存任何内容。请稍后再试；如果一直这样，请联系管理员。', '⚠️ Something went wrong and nothing was saved. Please try again; tell an admin if it keeps happening.') };
}

/**
 * Who is asking → `fn` → one answer. Any failure, even in finding the member,
 * becomes the clear reply of failureReply (wrapped by `fail` for forms).
 */
async function handle<T>(core: Core, who: Who, now: Date, requestKey: string | undefined, what: string, fail: (r: CommandResult) => T, fn: (ctx: Ctx) => Promise<T>): Promise<T> {
  let locale = core.defaultLocale;
  try {
    const ctx = await context(core, who, now, requestKey);
    locale = ctx.actor.locale;
    return await fn(ctx);
  } catch (e) {
    return fail(failureReply(core, locale, e, what));
  }
}

const asIs = (r: CommandResult) => r;

export function runCommand(
  core: Core,
  who: Who,
  name: string,
  text: string,
  now: Date,
  requestKey?: string,
  reg: Registry = registry,
): Promise<CommandResult> {
  return handle(core, who, now, requestKey, `/${name}`, asIs, async (ctx) => {
    const locale = ctx.actor.locale;
    const { spec, rest } = findCommand(reg, name, text);
    if (!spec) {
      return { text: tr(locale, `不认识的命令 /${name}。输入 /cm help 查看全部命令。`, `Unknown command /${name}. Type /cm help for every command.`) };
    }
    if (spec.adminOnly && !isAdmin(ctx.actor.member)) return refusal(locale);
    const parsed = spec.parse(rest, ctx);
    if (!parsed.ok) {
      return { text: `⚠️ ${say(locale, parsed.error)}\n${tr(locale, '用法', 'Usage')}:\n${spec.usage.map((u) => `  ${u}`).join('\n')}` };
    }
    return spec.run(ctx, parsed.args);
  });
}

export function submitForm(
  core: Core,
  who: Who,
  formId: string,
  values: Record<string, string | undefined>,
  meta: string | undefined,
  now: Date,
  requestKey?: string,
  reg: Registry = registry,
): Promise<FormSubmit> {
  return handle(core, who, now, requestKey, `form:${formId}`, (result): FormSubmit => ({ ok: true, result }), async (ctx) => {
    const form = reg.forms.find((f) => f.id === formId);
    if (!form) return { ok: true, result: { text: tr(ctx.actor.locale, '这个表单已失效，请重新打开。', 'This form is no longer valid; please open it again.') } };
    return form.submit(ctx, values, meta);
  });
}

export function runAction(
  core: Core,
  who: Who,
  actionId: string,
  value: string,
  now: Date,
  requestKey?: string,
  reg: Registry = registry,
): Promise<CommandResult> {
  return handle(core, who, now, requestKey, `action:${actionId}`, asIs, async (ctx) => {
    const action = reg.actions.find((a) => a.id === actionId);
    if (!action) return { text: tr(ctx.actor.locale, '这个按钮已失效。', 'This button is no longer valid.') };
    if (action.adminOnly && !isAdmin(ctx.actor.member)) return refusal(ctx.actor.locale);
    return action.run(ctx, value);
  });
}
