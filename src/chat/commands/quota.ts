// /quota: report achieved units for the policy's quotas (QUOTA-W, QUOTA-D, QUOTA-N, THREE-ONE) and see progress.
import type { CommandSpec } from '../types.ts';
import type { Group } from './group.ts';
import { msg, tr } from '../../i18n.ts';
import { activeQuotaItems, findItem, quotaProgress, reportQuota } from '../../services/quotas.ts';
import { formatFen } from '../../rules/index.ts';

type Args = { mode: 'show' } | { mode: 'report'; item: string; count: number; note: string };

const PERIOD = { day: ['今日', 'today'], week: ['本周', 'this week'], month: ['本月', 'this month'] } as const;

const quota: CommandSpec<Args> = {
  name: 'quota',
  summary: msg('上报工作量指标完成数（如拓展单位、上门批数），不带参数查看进度', 'Report units toward your quotas; no arguments shows progress'),
  usage: ['/quota', '/quota organisations 2 万科物业', '/quota 诚意客户号码 15', '/quota visitorGroups -1 更正'],
  parse(text) {
    const t = text.trim();
    if (!t) return { ok: true, args: { mode: 'show' } };
    const m = /^(\S+)\s+([+-]?\d+)(?:\s+([\s\S]*))?$/.exec(t);
    if (!m) return { ok: false, error: msg('请写指标和数量，例如：/quota organisations 2', 'Give the item and a number, e.g. /quota organisations 2') };
    return { ok: true, args: { mode: 'report', item: m[1], count: Number(m[2]), note: (m[3] ?? '').trim() } };
  },
  async run(ctx, args) {
    const l = ctx.actor.locale;
    const items = activeQuotaItems(ctx.core);
    if (items.length === 0) {
      return { text: tr(l, '当前策略没有工作量指标（例如 policies/real-estate.yaml 的 QUOTA-W）。', 'The running policy has no quotas (see QUOTA-W in policies/real-estate.yaml).') };
    }
    const list = items.map((i) => `${i.key}（${i.label['zh-CN']}）`).join('、');
    if (args.mode === 'report') {
      const item = findItem(items, args.item);
      if (!item) return { text: `⚠️ ${tr(l, `没有指标「${args.item}」。可用：${list}`, `No quota item "${args.item}". Items: ${list}`)}` };
      const r = await reportQuota(ctx.core, ctx.actor, item, args.count, args.note, ctx.now, ctx.requestKey);
      const [zh, en] = PERIOD[item.period];
      return { text: tr(l, `✅ 已记录 ${item.label['zh-CN']} ${args.count > 0 ? '+' : ''}${args.count}，${zh}（${r.periodKey}）合计 ${r.total}/${item.target}（${item.ruleId}）。`, `✅ Recorded ${item.label.en} ${args.count > 0 ? '+' : ''}${args.count}; ${en} (${r.periodKey}) ${r.total} of ${item.target} (${item.ruleId}).`) };
    }
    const lines = await quotaProgress(ctx.core, ctx.actor.member.id, ctx.now);
    const byKey = new Map(items.map((i) => [i.key, i]));
    const out = lines.map((ln) => {
      const item = byKey.get(ln.key)!;
      const [zh, en] = PERIOD[item.period];
      const fine = ln.finePerUnitFen !== undefined && ln.shortfall > 0 ? tr(l, `，按现在差额期末罚 ${formatFen(ln.fineFen)}`, `; if it stays short: ${formatFen(ln.fineFen)}`) : '';
      const mark = ln.shortfall === 0 ? '✅' : '⬜';
      return tr(l, `${mark} ${zh}${ln.label['zh-CN']}：${ln.actual}/${ln.target}${ln.shortfall ? `，还差 ${ln.shortfall}` : ''}${fine}（${ln.ruleId}）`, `${mark} ${en} ${ln.label.en}: ${ln.actual} of ${ln.target}${ln.shortfall ? `, ${ln.shortfall} to go` : ''}${fine} (${ln.ruleId})`);
    });
    return { text: [tr(l, '📊 我的工作量指标', '📊 My quotas'), ...out, tr(l, `上报：/quota <指标> <数量>，指标：${list}`, `Report: /quota <item> <number>; items: ${list}`)].join('\n') };
  },
};

export const quotas: Group = { commands: [quota], forms: [], actions: [] };
