// Platform-neutral shapes of what the bot says and asks. Slack renders them
// as Block Kit (chat/slack/render.ts), the console as text; WeCom/DingTalk
// adapters would render the same shapes.
import type { Core } from '../services/core.ts';
import type { MemberRow } from '../services/members.ts';
import type { Locale, Msg } from '../i18n.ts';

export type Platform = 'slack' | 'console' | 'wecom' | 'dingtalk';

/** A button. `command` is what a user types to do the same in a text-only adapter. */
export type Button = { label: string; actionId: string; value: string; style?: 'primary' | 'danger'; command: string };

/** A message to a person or a channel. */
export type OutMessage = { text: string; buttons?: Button[] };

export type FormField = {
  id: string;
  label: string;
  /** 'file': an upload (Slack file_input); its value is JSON [{ name, url }] to pass to ctx.files.download. */
  kind: 'text' | 'multiline' | 'date' | 'time' | 'select' | 'number' | 'file';
  optional?: boolean;
  initial?: string;
  placeholder?: string;
  hint?: string;
  options?: { value: string; label: string }[];
  maxLength?: number;
};

/** A form: a Slack modal; in the console, a description of the inline syntax. */
export type FormSpec = {
  id: string;
  title: string;
  submitLabel: string;
  fields: FormField[];
  /** Opaque state carried to the submission (e.g. the id being edited). */
  meta?: string;
  /** How to do the same inline, shown where forms cannot open. */
  inlineHelp: string;
};

/** What the requester sees. Always private (ephemeral / DM / console) unless said otherwise. */
export type CommandResult = {
  text: string;
  buttons?: Button[];
  form?: FormSpec;
  /** For a button: replace the message that held the button (e.g. "已批准 by 李四", without buttons). */
  update?: OutMessage;
  /** A repeated delivery: say nothing more where nobody is waiting for an answer. */
  duplicate?: boolean;
};

export type Actor = { member: MemberRow; locale: Locale };

export type Ctx = {
  core: Core;
  actor: Actor;
  now: Date;
  platform: Platform;
  /** Identifies one delivery of a request (Slack trigger_id, event_id…): a retry has the same key. */
  requestKey?: string;
  /** Reads an uploaded file (Slack: url_private with the bot token; console: a local path). */
  files?: { download(url: string): Promise<string> };
};

export type ParseResult<A> = { ok: true; args: A } | { ok: false; error: Msg };

export type CommandSpec<A = unknown> = {
  /** Slash command without the slash, e.g. 'target'. Sub-commands of /cm use 'cm <sub>'. */
  name: string;
  adminOnly?: boolean;
  summary: Msg;
  /** Usage lines with a Chinese example, shown by /cm help and on bad input. */
  usage: string[];
  parse(text: string, ctx: Ctx): ParseResult<A>;
  run(ctx: Ctx, args: A): Promise<CommandResult>;
};

export type FormSubmit =
  | { ok: true; result: CommandResult }
  | { ok: false; errors: Record<string, string> };

export type FormHandler = {
  id: string;
  submit(ctx: Ctx, values: Record<string, string | undefined>, meta: string | undefined): Promise<FormSubmit>;
};

export type ActionHandler = {
  /** Exact action id, e.g. 'leave.approve'. */
  id: string;
  adminOnly?: boolean;
  run(ctx: Ctx, value: string): Promise<CommandResult>;
};
