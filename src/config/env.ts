// The environment, checked by zod. A bad configuration is reported as one
// message listing every problem in plain words (see formatConfigErrors).
import { z } from 'zod';

const optionalText = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s))
  .optional();

function validTimeZone(tz: string) {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const envSchema = z
  .object({
    SLACK_BOT_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith('xoxb-'), {
      message: 'must be a bot token starting with xoxb- (Slack app → OAuth & Permissions → Bot User OAuth Token)',
    }),
    SLACK_SIGNING_SECRET: optionalText,
    SLACK_APP_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith('xapp-'), {
      message: 'must be an app-level token starting with xapp- (Slack app → Basic Information → App-Level Tokens, scope connections:write)',
    }),
    SLACK_API_URL: optionalText.refine((v) => v === undefined || /^https?:\/\/.+\/$/.test(v), {
      message: 'must be an http(s) URL ending in /, e.g. https://slack.com/api/',
    }),
    PORT: z.coerce.number({ message: 'must be a port number, e.g. 3000' }).int().min(1).max(65535).default(3000),
    DATABASE_URL: optionalText.refine((v) => v === undefined || /^(file:|postgres(ql)?:\/\/)/.test(v), {
      message: 'must start with file: (SQLite, e.g. file:./data/bot.db) or postgres:// (e.g. postgresql://user@host:5432/db)',
    }),
    TEAM_NAME: optionalText.default('大客户中心'),
    TEAM_TIMEZONE: optionalText.default('Asia/Shanghai').refine((v) => validTimeZone(v!), {
      message: 'must be an IANA time zone such as Asia/Shanghai',
    }),
    TEAM_CHANNEL: optionalText,
    LOCALE: z.enum(['zh-CN', 'en'], { message: 'must be zh-CN or en' }).default('zh-CN'),
    POLICY_FILE: optionalText,
    INITIAL_ADMINS: optionalText,
    INITIAL_DIRECTORS: optionalText,
    CONSOLE_USER: optionalText.default('张三'),
    CATCHUP_DAYS: z.coerce.number({ message: 'must be a whole number of days' }).int().min(0).max(60).default(7),
    OUTBOX_PER_SECOND: z.coerce.number({ message: 'must be a number of messages per second, e.g. 20 (0 = no cap)' }).min(0).max(1000).default(20),
    OUTBOX_LEASE_SECONDS: z.coerce.number({ message: 'must be a number of seconds, e.g. 60' }).int().min(1).max(3600).default(60),
    SCHEDULER: z.enum(['on', 'off'], { message: 'must be on or off' }).default('on'),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent'], { message: 'must be debug, info, warn, error or silent' }).optional(),
  });

/** Rules across settings. Checked on the raw values, so they are reported together with every other problem. */
function crossFieldProblems(raw: Record<string, string | undefined>): string[] {
  const has = (k: string) => (raw[k] ?? '').trim() !== '';
  if (!has('SLACK_BOT_TOKEN') && !has('SLACK_SIGNING_SECRET') && !has('SLACK_APP_TOKEN')) return [];
  const out: string[] = [];
  if (!has('SLACK_BOT_TOKEN')) out.push('  - SLACK_BOT_TOKEN: is required when any other SLACK_ setting is given');
  if (!has('SLACK_APP_TOKEN') && !has('SLACK_SIGNING_SECRET')) {
    out.push('  - SLACK_SIGNING_SECRET: is required for HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)');
  }
  if (!has('TEAM_CHANNEL')) out.push('  - TEAM_CHANNEL: is required with Slack: the channel id (C…) where targets, big deals and bulletins are posted');
  return out;
}

const HEADER = '配置有误，机器人未启动 / The configuration has problems, the bot did not start:';

export type Env = z.infer<typeof envSchema>;

export type Config = Env & { mode: 'slack' | 'console' };

export type ConfigResult = { ok: true; config: Config } | { ok: false; message: string };

/** Reads only the variables we know; an unknown variable is never an error. */
export function loadConfig(source: Record<string, string | undefined>): ConfigResult {
  const picked: Record<string, string | undefined> = {};
  for (const key of Object.keys(envSchema.shape)) if (source[key] !== undefined) picked[key] = source[key];
  const parsed = envSchema.safeParse(picked);
  const cross = crossFieldProblems(picked);
  if (!parsed.success || cross.length) {
    const lines = [...(parsed.success ? [] : formatConfigErrors(parsed.error).split('\n').slice(1)), ...cross];
    return { ok: false, message: [HEADER, ...lines].join('\n') };
  }
  const env = parsed.data;
  return { ok: true, config: { ...env, mode: env.SLACK_BOT_TOKEN ? 'slack' : 'console' } };
}

export function formatConfigErrors(error: z.ZodError): string {
  const lines = error.issues.map((i) => `  - ${i.path.join('.') || '(environment)'}: ${i.message}`);
  return [HEADER, ...lines].join('\n');
}

/** Comma- or space-separated lists such as INITIAL_ADMINS="U123,U456" or "张三 李四". */
export function splitList(v: string | undefined): string[] {
  return (v ?? '').split(/[,，\s]+/).map((s) => s.trim()).filter(Boolean);
}
