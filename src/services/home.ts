// What a member sees on opening the bot (the Slack App Home tab; /diary in
// the console): today, and their own numbers. Sections are plain text.
import type { Core } from './core.ts';
import type { MemberRow } from './members.ts';
import type { Locale } from '../i18n.ts';
import { tr } from '../i18n.ts';
import { dayStatus, describeStatus } from './daily.ts';

export async function homeSections(core: Core, member: MemberRow, locale: Locale, now: Date): Promise<string[]> {
  const status = await dayStatus(core, member.id, now);
  return [
    tr(locale, `*客户经理助手* — ${member.name}`, `*Customer-manager assistant* — ${member.name}`),
    describeStatus(status, core.team.timezone, locale),
    tr(locale, '输入 /cm help 查看全部命令。', 'Type /cm help for every command.'),
  ];
}
