// The console adapter: the whole bot in a terminal, with no chat service.
// You type slash commands as a member and switch who you are with /as, as in
// Hubot's shell. It reads any stream (a terminal or a pipe), one line at a
// time, and prints replies, channel posts and DMs readably.
import { createInterface } from 'node:readline';
import { readFile } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import type { Core, Role } from '../../services/core.ts';
import type { CommandResult, OutMessage } from '../types.ts';
import type { Transport } from '../../infra/outbox-sender.ts';
import { runCommand } from '../dispatch.ts';
import { getMember, resolveMember, setRole } from '../../services/members.ts';
import { localeOf } from '../dispatch.ts';
import { tr } from '../../i18n.ts';
import { ROLES } from '../../services/core.ts';
import { zonedInstant as zoned } from '../../rules/index.ts';

export type ConsoleOptions = {
  input: Readable;
  output: Writable;
  user: string;
  /** The clock; /now pins it to a moment for rehearsals and scripts. Share it with the outbox sender. */
  clock?: ConsoleClock;
  prompt?: boolean;
  /** Delivers pending outbox rows (prints them) after each line. */
  flush?: () => Promise<unknown>;
  /** Runs the scheduled jobs due at the console's clock (/tick). */
  tick?: (now: Date) => Promise<string>;
};

export function formatResult(r: CommandResult): string {
  const lines = [r.text];
  if (r.form) {
    lines.push(`📝 ${r.form.title}:`);
    for (const f of r.form.fields) lines.push(`   · ${f.label}${f.optional ? '（选填）' : ''}`);
    lines.push(`   ${r.form.inlineHelp}`);
  }
  for (const b of r.buttons ?? []) lines.push(`   [${b.label}] → ${b.command}`);
  return lines.join('\n');
}

export type ConsoleClock = { now(): Date; pin(d: Date | null): void };

export function createConsoleClock(base: () => Date = () => new Date()): ConsoleClock {
  let pinned: Date | null = null;
  return { now: () => pinned ?? base(), pin: (d) => void (pinned = d) };
}

/** Prints outbox messages: channel posts and DMs. */
export function createConsoleTransport(core: Core, write: (s: string) => void): Transport {
  return {
    channelKey: (t) => t,
    async deliver(row, message: OutMessage) {
      let header: string;
      if (row.target === 'channel') header = `📣 [#${core.team.broadcastChannel ?? '团队频道'}]`;
      else {
        const id = Number(row.target.split(':')[1]);
        const m = await getMember(core, id);
        header = `✉️  [私信 → ${m?.name ?? id}]`;
      }
      write(`${header} ${formatResult(message)}\n`);
      return {};
    },
  };
}

const HELP = `控制台命令 / console commands:
  /as <名字> [manager|admin|director]   切换身份 / switch user
  /whoami                              当前身份 / who am I
  /now <YYYY-MM-DD HH:MM> | /now real  固定或恢复时钟 / pin or release the clock
  /tick                                运行此刻到期的定时任务 / run jobs due now
  /quit                                退出 / exit
其余命令与 Slack 相同，例如 /target 拜访3户企业客户；输入 /cm help 查看全部。`;

/** In the console an "upload" is a local file path. */
const localFiles = { download: async (path: string) => readFile(path, 'utf8') };

export async function runConsole(core: Core, o: ConsoleOptions): Promise<void> {
  const write = (s: string) => void o.output.write(s);
  let user = o.user;
  const clock = o.clock ?? createConsoleClock();
  const now = () => clock.now();
  const rl = createInterface({ input: o.input, terminal: false, crlfDelay: Infinity });
  const prompt = () => o.prompt && write(`${user}> `);

  write(`客户经理助手 — 控制台模式（${core.team.name}，${core.team.timezone}）。输入 /help 查看控制台命令，/cm help 查看业务命令。\n`);
  prompt();
  for await (const raw of rl) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) {
      prompt();
      continue;
    }
    if (!o.prompt) write(`${user}> ${line}\n`);
    const [head, ...restParts] = line.split(/\s+/);
    const rest = restParts.join(' ');
    try {
      if (head === '/quit' || head === '/exit') break;
      else if (head === '/help') write(HELP + '\n');
      else if (head === '/as') {
        const [name, role] = restParts;
        if (!name) write('用法：/as 李四 [manager|admin|director]\n');
        else if (role && !ROLES.includes(role as Role)) write(`角色只能是 ${ROLES.join(' / ')}\n`);
        else {
          user = name;
          let m = await resolveMember(core, 'console', user, user);
          if (role && m.role !== role) m = await setRole(core, m.id, role as Role);
          write(tr(localeOf(core, m), `现在的身份：${m.name}（${m.role}）\n`, `You are now ${m.name} (${m.role})\n`));
        }
      } else if (head === '/whoami') {
        const m = await resolveMember(core, 'console', user, user);
        write(`${m.name}（${m.role}，#${m.id}）\n`);
      } else if (head === '/now') {
        if (rest === 'real' || rest === '') {
          clock.pin(null);
          write('时钟：真实时间\n');
        } else {
          const d = parseLocalMoment(rest, core.team.timezone);
          if (!d) write('用法：/now 2026-11-23 08:05（团队时区）或 /now real\n');
          else {
            clock.pin(d);
            write(`时钟固定为 ${rest}（${core.team.timezone}）\n`);
          }
        }
      } else if (head === '/tick') {
        write((o.tick ? await o.tick(now()) : '定时任务未启用') + '\n');
      } else if (head.startsWith('/')) {
        const r = await runCommand(core, { platform: 'console', externalId: user, displayName: user, files: localFiles }, head.slice(1), rest, now());
        write(formatResult(r) + '\n');
      } else {
        write('命令以 / 开头，例如 /target 拜访3户企业客户。输入 /help 查看控制台命令。\n');
      }
      await o.flush?.();
    } catch (e) {
      write(`⚠️ ${(e as Error).message}\n`);
    }
    prompt();
  }
  rl.close();
}

/** '2026-11-23 08:05' in the team's zone → instant. */
export function parseLocalMoment(s: string, tz: string): Date | null {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})(?::(\d{2}))?$/.exec(s.trim());
  if (!m) return null;
  return zoned(m[1], m[3] ? `${m[2]}:${m[3]}` : m[2], tz);
}
