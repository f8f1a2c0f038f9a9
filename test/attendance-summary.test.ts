// DAY-2 weekly and monthly summaries in Slack, end to end over real HTTP: the
// inline syntax, the modal, editing until the deadline (Monday 12:00 / the
// 3rd 23:59 from the policy) and a clear refusal after it; and the bridge to
// the rules module's evaluateSummaries (period = the period summarised).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases } from './support/db.ts';
import { startBot, type Bot } from './support/bot.ts';
import { cst } from './support/core.ts';
import { waitFor } from './support/slack.ts';
import { currentPeriod, dueKeyOf, dueOf, periodOfDueKey, summaryFacts } from '../src/services/summaries.ts';
import { evaluateSummaries } from '../src/rules/index.ts';

describe.each(databases())('Slack /summary (%s)', (kind) => {
  let bot: Bot;
  const ids: Record<string, number> = {};
  let n = 0;
  const reply = async (user: string, text: string, at?: string, extra?: Record<string, string>) => {
    if (at) bot.clock.now = cst(at);
    const res = await bot.command(user, '/summary', text, extra);
    expect(res.status).toBe(200);
    expect(res.json().response_type).toBe('ephemeral');
    return res.json().text as string;
  };
  const submit = (user: string, viewId: string, meta: string, content: string | null, plan: string | null) =>
    bot.interact({
      type: 'view_submission',
      team: { id: 'T1' },
      user: { id: user, name: user.toLowerCase() },
      api_app_id: 'A1',
      trigger_id: `trig-s-${++n}`,
      view: {
        id: viewId, type: 'modal', callback_id: 'summary', private_metadata: meta, hash: 'h',
        state: { values: { content: { content: { type: 'plain_text_input', value: content } }, plan: { plan: { type: 'plain_text_input', value: plan } } } },
      },
    });

  beforeAll(async () => {
    bot = await startBot(kind, { admins: ['UA'], now: cst('2026-11-23 09:00') });
    bot.slack.users.set('U1', { name: 'zhangsan', real_name: 'Zhang San', display_name: '张三' });
    bot.slack.users.set('U2', { name: 'zhaoliu', real_name: 'Zhao Liu', display_name: '赵六' });
    for (const u of ['U1', 'U2']) await reply(u, '');
    ids.U1 = (await bot.core.db.member.findFirstOrThrow({ where: { name: '张三' } })).id;
    ids.U2 = (await bot.core.db.member.findFirstOrThrow({ where: { name: '赵六' } })).id;
  });
  afterAll(async () => bot?.stop());

  it('the period is the one summarised: on Monday morning the weekly summary is last week (due today 12:00), the monthly one this month', () => {
    const at = cst('2026-11-23 09:00');
    expect(currentPeriod(bot.core, 'week', at)).toBe('2026-W47');
    expect(dueOf(bot.core, 'week', '2026-W47').at.toISOString()).toBe(cst('2026-11-23 12:00').toISOString());
    expect(currentPeriod(bot.core, 'week', cst('2026-11-23 12:00:01'))).toBe('2026-W48');
    expect(currentPeriod(bot.core, 'month', at)).toBe('2026-11');
    expect(currentPeriod(bot.core, 'month', cst('2026-12-03 23:59'))).toBe('2026-11');
    expect(currentPeriod(bot.core, 'month', cst('2026-12-04 00:00'))).toBe('2026-12');
    expect(dueKeyOf('week', '2026-W47')).toBe('2026-W48');
    expect(dueKeyOf('week', '2026-W53')).toBe('2027-W01');
    expect(dueKeyOf('month', '2026-12')).toBe('2027-01');
    expect(periodOfDueKey('week', '2027-W01')).toBe('2026-W53');
    expect(periodOfDueKey('month', '2026-12')).toBe('2026-11');
  });

  it('/summary week inline stores last week\'s summary and plan, and says until when it can be edited', async () => {
    const t = await reply('U1', 'week 本周完成：拜访8户，新增存款120万 下周计划：拜访10户');
    expect(t).toContain('已提交2026-W47');
    expect(t).toContain('截止 2026-11-23 12:00 前可修改');
    const rows = await bot.core.db.summary.findMany({});
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ memberId: ids.U1, kind: 'week', period: '2026-W47', content: '本周完成：拜访8户，新增存款120万', plan: '拜访10户' });
  });

  it('editing before the deadline updates the same row', async () => {
    const t = await reply('U1', 'week 本周完成：拜访9户 下周计划：拜访12户', '2026-11-23 11:59');
    expect(t).toContain('已更新');
    const rows = await bot.core.db.summary.findMany({});
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ content: '本周完成：拜访9户', plan: '拜访12户' });
    expect(rows[0].createdAt.toISOString()).toBe(cst('2026-11-23 09:00').toISOString());
  });

  it('/summary week with no text opens the modal with what was filed; a modal submission stores once', async () => {
    bot.slack.calls.length = 0;
    bot.clock.now = cst('2026-11-23 11:59:30');
    const ack = await bot.command('U1', '/summary', 'week', { trigger_id: 'trig-sum-1' });
    expect(ack.status).toBe(200);
    expect(ack.body).toBe('');
    const open = bot.slack.callsTo('views.open');
    expect(open).toHaveLength(1);
    expect(open[0].args.view.callback_id).toBe('summary');
    expect(open[0].args.view.private_metadata).toBe('week|2026-W47');
    expect(open[0].args.view.blocks[0].element.initial_value).toBe('本周完成：拜访9户');
    expect(open[0].args.view.blocks[0].hint.text).toContain('截止 2026-11-23 12:00');
    const empty = await submit('U1', 'V-s-0', 'week|2026-W47', '   ', null);
    expect(empty.json()).toMatchObject({ response_action: 'errors', errors: { content: expect.stringContaining('请填写工作总结') } });
    const a = await submit('U1', 'V-s-1', 'week|2026-W47', '拜访10户，新增存款150万', '拜访12户');
    const b = await submit('U1', 'V-s-1', 'week|2026-W47', '拜访10户，新增存款150万', '拜访12户');
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    const rows = await bot.core.db.summary.findMany({});
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ content: '拜访10户，新增存款150万', plan: '拜访12户' });
    await waitFor(() => bot.slack.callsTo('chat.postMessage').some((c) => c.args.channel === 'U1'));
    expect(bot.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'U1').map((c) => c.args.text)).toEqual([
      '✅ 已更新2026-W47（11-16 至 11-22） 周总结与计划。截止 2026-11-23 12:00 前可修改。',
    ]);
  });

  it('after the deadline: the open modal and an explicit period are refused clearly and nothing changes; a plain /summary week writes this week', async () => {
    bot.clock.now = cst('2026-11-23 12:00:01');
    const late = await submit('U1', 'V-s-2', 'week|2026-W47', '改一下', '');
    expect(late.json()).toMatchObject({ response_action: 'errors', errors: { content: expect.stringContaining('已于 2026-11-23 12:00 截止') } });
    expect(await reply('U1', 'week 2026-W47 再改一下')).toContain('不能再提交或修改');
    expect(await reply('U2', 'week 2026-W47 补交')).toContain('已于 2026-11-23 12:00 截止');
    expect((await bot.core.db.summary.findFirstOrThrow({ where: { memberId: ids.U1 } })).content).toBe('拜访10户，新增存款150万');
    expect(await bot.core.db.summary.count({ where: { memberId: ids.U2 } })).toBe(0);
    const t = await reply('U2', 'week 本周完成：拜访3户');
    expect(t).toContain('2026-W48');
    expect(t).toContain('截止 2026-11-30 12:00');
    expect(await reply('U2', 'week 2026-W49 提前写')).toContain('还没开始');
  });

  it('the DAY-2 evaluator sees the submissions through summaryFacts: the one who filed on time has no fine, the other one does', async () => {
    const dueKey = dueKeyOf('week', '2026-W47');
    const facts = await summaryFacts(bot.core, 'week', dueKey);
    expect(facts).toEqual([{ memberId: ids.U1, at: cst('2026-11-23 09:00') }]);
    const drafts = evaluateSummaries(bot.core.policy, bot.core.calendar, { tz: 'Asia/Shanghai', kind: 'week', period: dueKey, managers: [ids.U1, ids.U2], submissions: facts, leaves: [], now: cst('2026-11-23 12:00:01') });
    expect(drafts.map((d) => [d.memberId, d.ruleId, d.amountFen])).toEqual([[ids.U2, 'DAY-2', 5000n]]);
  });

  it('/summary month stores this month until the 3rd of next month; /summary shows both; bad input shows an example', async () => {
    const t = await reply('U1', 'month 本月完成：新增存款500万 下月计划：新增存款600万', '2026-11-30 17:00');
    expect(t).toContain('2026-11 月 月总结与计划');
    expect(t).toContain('截止 2026-12-03 23:59');
    expect(await bot.core.db.summary.findFirstOrThrow({ where: { kind: 'month' } })).toMatchObject({ period: '2026-11', content: '本月完成：新增存款500万', plan: '新增存款600万' });
    expect(await reply('U1', 'month 本月完成：新增存款520万', '2026-12-03 23:59')).toContain('已更新');
    expect(await reply('U1', 'month 2026-11 又改', '2026-12-04 00:00:01')).toContain('已于 2026-12-03 23:59 截止');
    const status = await reply('U1', '', '2026-12-01 09:00');
    expect(status).toContain('周总结与计划 2026-W49（11-30 至 12-06）: ⬜ 未提交，截止 2026-12-07 12:00');
    expect(status).toContain('月总结与计划 2026-11 月: ✅ 已提交');
    const bad = await reply('U1', 'year 总结');
    expect(bad).toContain('请先写 week 或 month');
    expect(bad).toContain('/summary week 本周完成');
    expect(await reply('U1', 'week 2026-W60 xx')).toContain('期间「2026-W60」不对');
    expect(await bot.core.db.summary.count()).toBe(3);
  });
});
