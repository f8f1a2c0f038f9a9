// /cm help and /cm lang: for everyone.
import type { CommandSpec } from '../types.ts';
import type { Group } from './group.ts';
import { msg, say, tr, type Locale } from '../../i18n.ts';
import { setLocale } from '../../services/members.ts';
import { registry } from './index.ts';

const help: CommandSpec<{ topic?: string }> = {
  name: 'cm help',
  summary: msg('查看全部命令和示例', 'Every command with an example'),
  usage: ['/cm help', '/cm help leave'],
  parse(text) {
    return { ok: true, args: { topic: text.trim().replace(/^\//, '') || undefined } };
  },
  async run(ctx, { topic }) {
    const l = ctx.actor.locale;
    const admin = ctx.actor.member.role !== 'manager';
    const all = registry.commands.filter((c) => (topic ? c.name === topic || c.name === `cm ${topic}` : true));
    if (topic && all.length === 0) return { text: tr(l, `没有命令 ${topic}。输入 /cm help 查看全部。`, `No command ${topic}. Type /cm help for all.`) };
    const lines = (cmds: CommandSpec<any>[]) => cmds.map((c) => `• /${c.name} — ${say(l, c.summary)}\n${c.usage.map((u) => `    ${u}`).join('\n')}`);
    const mine = all.filter((c) => !c.adminOnly);
    const adminCmds = all.filter((c) => c.adminOnly);
    const parts = [tr(l, '客户经理助手 — 命令一览', 'Customer-manager assistant — commands'), ...lines(mine)];
    if (adminCmds.length && (admin || topic)) parts.push(tr(l, '\n管理员命令：', '\nAdmin commands:'), ...lines(adminCmds));
    return { text: parts.join('\n') };
  },
};

const lang: CommandSpec<{ locale: Locale }> = {
  name: 'cm lang',
  summary: msg('切换语言（zh / en）', 'Switch language (zh / en)'),
  usage: ['/cm lang en', '/cm lang zh'],
  parse(text) {
    const t = text.trim().toLowerCase();
    if (['zh', 'zh-cn', 'cn', '中文'].includes(t)) return { ok: true, args: { locale: 'zh-CN' } };
    if (['en', 'english', '英文'].includes(t)) return { ok: true, args: { locale: 'en' } };
    return { ok: false, error: msg('请选择 zh 或 en，例如 /cm lang en', 'Choose zh or en, e.g. /cm lang en') };
  },
  async run(ctx, { locale }) {
    await setLocale(ctx.core, ctx.actor.member.id, locale);
    return { text: tr(locale, '✅ 已切换为中文。', '✅ Language set to English.') };
  },
};

export const general: Group = { commands: [help, lang], forms: [], actions: [] };
