// The ledger in Slack, end to end over real HTTP: /report (ADMIN rules with
// escalations and multipliers), /waive, /fines, /points, /rank, the permission
// matrix, and the App Home. Signed requests into the running Bolt app, a local
// Slack stand-in, real databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases } from './support/db.ts';
import { startBot, SECRET, type Bot } from './support/bot.ts';
import { cst } from './support/core.ts';
import { postSigned, waitFor } from './support/slack.ts';

describe.each(databases())('ledger in Slack: /report, /waive, /fines, /points, /rank, App Home (%s)', (kind) => {
  let bot: Bot;
  const ids: Record<string, number> = {};
  const dmsTo = (user: string) => bot.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === user);
  const reply = async (user: string, cmd: string, text: string, extra?: Record<string, string>) => {
    const res = await bot.command(user, cmd, text, extra);
    expect(res.status).toBe(200);
    const body = res.json();
    expect(body.response_type).toBe('ephemeral');
    return body.text as string;
  };
  const ledgerCount = () => bot.core.db.ledgerEntry.count();

  beforeAll(async () => {
    bot = await startBot(kind, { admins: ['UA'], directors: ['UD'], now: cst('2026-11-23 10:00') });
    bot.slack.users.set('UA', { name: 'lisi', real_name: 'Li Si', display_name: '李四' });
    bot.slack.users.set('UD', { name: 'wangwu', real_name: 'Wang Wu', display_name: '王五' });
    bot.slack.users.set('U1', { name: 'zhangsan', real_name: 'Zhang San', display_name: '张三' });
    bot.slack.users.set('U2', { name: 'zhaoliu', real_name: 'Zhao Liu', display_name: '赵六' });
    for (const u of ['UA', 'UD', 'U1', 'U2']) await reply(u, '/fines', '');
    for (const [u, name] of [['UA', '李四'], ['UD', '王五'], ['U1', '张三'], ['U2', '赵六']]) {
      ids[u] = (await bot.core.db.member.findFirstOrThrow({ where: { name } })).id;
    }
  });
  afterAll(async () => bot?.stop());

  it('MEET-4: an admin reports; one ¥10 entry recorded by the admin; the member gets a DM with the rule ID and its Chinese text', async () => {
    const text = await reply('UA', '/report', 'MEET-4 <@U1|张三> 晨会接听私人电话', { trigger_id: 'trig-meet4' });
    const entries = await bot.core.db.ledgerEntry.findMany({});
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ memberId: ids.U1, ruleId: 'MEET-4', kind: 'fine', amountFen: 1000n, recordedBy: ids.UA, note: '晨会接听私人电话', day: '2026-11-23', reversesId: null });
    expect(text).toContain(`已记录 #${entries[0].id}`);
    expect(text).toContain('¥10.00');
    await bot.flush();
    const dm = dmsTo('U1');
    expect(dm).toHaveLength(1);
    expect(dm[0].args.text).toContain('MEET-4');
    expect(dm[0].args.text).toContain('会议过程中,手机必须调到振动状态');
    expect(dm[0].args.text).toContain('¥10.00');
    expect(dm[0].args.text).toContain(`#${entries[0].id}`);
    // Nothing about one person's fine goes to the channel.
    expect(bot.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C_TEAM')).toHaveLength(0);
  });

  it('a retried delivery of the same /report records once; a deliberate second report is a second entry', async () => {
    const again = await reply('UA', '/report', 'MEET-4 <@U1|张三> 晨会接听私人电话', { trigger_id: 'trig-meet4' });
    expect(again).toContain('已经处理过');
    expect(await ledgerCount()).toBe(1);
    await reply('UA', '/report', 'MEET-4 @张三 第二次', { trigger_id: 'trig-meet4-b' });
    expect(await bot.core.db.ledgerEntry.count({ where: { ruleId: 'MEET-4', memberId: ids.U1 } })).toBe(2);
  });

  it('OUT-3: the first two are ¥50 each; the third also flags dismissal review and DMs the director (not the admin)', async () => {
    for (let i = 1; i <= 2; i++) {
      const t = await reply('UA', '/report', `OUT-3 <@U2|赵六> 外出营销期间办私事 ${i}`);
      expect(t).toContain('¥50.00');
      expect(t).not.toContain('开除审查');
    }
    expect(await bot.core.db.ledgerEntry.count({ where: { memberId: ids.U2, kind: 'flag' } })).toBe(0);
    await bot.flush();
    const directorDmsBefore = dmsTo('UD').length;
    const third = await reply('UA', '/report', 'OUT-3 <@U2|赵六> 第三次');
    expect(third).toContain('开除审查');
    expect(third).toContain('王五');
    const rows = await bot.core.db.ledgerEntry.findMany({ where: { memberId: ids.U2, ruleId: 'OUT-3' }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.kind, r.amountFen, r.escalation])).toEqual([
      ['fine', 5000n, null], ['fine', 5000n, null], ['fine', 5000n, null], ['flag', 0n, 'dismissal_review'],
    ]);
    await bot.flush();
    const toDirector = dmsTo('UD').slice(directorDmsBefore);
    expect(toDirector).toHaveLength(1);
    expect(toDirector[0].args.text).toContain('赵六');
    expect(toDirector[0].args.text).toContain('开除审查');
    expect(toDirector[0].args.text).toContain('OUT-3');
    expect(dmsTo('UA')).toHaveLength(0);
    expect(dmsTo('U2').at(-1)!.args.text).toContain('开除审查');
  });

  it('ETH-5 (a disqualification item) flags disqualification with no points and DMs the director', async () => {
    const before = dmsTo('UD').length;
    const t = await reply('UA', '/report', 'ETH-5 <@U2|赵六> 泄露客户信息');
    expect(t).toContain('取消客户经理资格');
    const e = await bot.core.db.ledgerEntry.findFirstOrThrow({ where: { ruleId: 'ETH-5' } });
    expect(e).toMatchObject({ memberId: ids.U2, kind: 'flag', escalation: 'disqualification', points: 0, amountFen: 0n, recordedBy: ids.UA });
    await bot.flush();
    expect(dmsTo('UD').slice(before).map((c) => c.args.text).join('\n')).toContain('取消客户经理资格');
  });

  it('×multiplier within the bounds is applied; out of bounds or on a rule without aggravation it is refused and nothing is stored', async () => {
    const ok = await reply('UA', '/report', 'ETH-1:standard <@U1|张三> ×1.5 给我行带来不良影响');
    expect(ok).toContain('扣 15 分');
    const e = await bot.core.db.ledgerEntry.findFirstOrThrow({ where: { ruleId: 'ETH-1' } });
    expect(e).toMatchObject({ memberId: ids.U1, kind: 'points', points: 15, multiplier: '1.5', note: '给我行带来不良影响' });
    const n = await ledgerCount();
    const outbox = await bot.core.db.outboxMessage.count();
    const tooBig = await reply('UA', '/report', 'ETH-1:standard <@U1|张三> x5 太严重');
    expect(tooBig).toContain('加重倍数应在 1 到 3 之间');
    expect(tooBig).toContain('未做任何记录');
    expect(tooBig).toContain('/report ETH-1:standard');
    const notAllowed = await reply('UA', '/report', 'MEET-4 <@U1|张三> ×2');
    expect(notAllowed).toContain('不适用加重处罚');
    expect(await ledgerCount()).toBe(n);
    expect(await bot.core.db.outboxMessage.count()).toBe(outbox);
  });

  it('an unknown rule, a non-ADMIN rule, a missing case or a missing member: the rules module says why, with an example; nothing is stored', async () => {
    const n = await ledgerCount();
    expect(await reply('UA', '/report', 'XYZ-9 <@U1|张三>')).toContain('没有规则“XYZ-9”');
    const auto = await reply('UA', '/report', 'MEET-3 <@U1|张三>');
    expect(auto).toContain('不能由管理员上报');
    const variant = await reply('UA', '/report', 'ETH-1 <@U1|张三> 违规');
    expect(variant).toContain('有多种情形');
    expect(variant).toContain('/report ETH-1:standard @张三');
    expect(await reply('UA', '/report', 'MEET-4')).toContain('/report MEET-4 @张三');
    expect(await reply('UA', '/report', 'MEET-4 @没有这个人')).toContain('找不到成员');
    expect(await ledgerCount()).toBe(n);
  });

  it('/waive reverses an entry once: the fund drops, the member is told; a second waiver, a waiver of a waiver, or an unknown id is refused', async () => {
    const fundBefore = await reply('UA', '/fines', 'fund');
    expect(fundBefore).toContain('¥170.00'); // 2 × MEET-4 ¥10 + 3 × OUT-3 ¥50
    const target = await bot.core.db.ledgerEntry.findFirstOrThrow({ where: { ruleId: 'MEET-4' }, orderBy: { id: 'asc' } });
    const t = await reply('UA', '/waive', `${target.id} 经核实为紧急来电`);
    expect(t).toContain(`已免除 #${target.id}`);
    const waiver = await bot.core.db.ledgerEntry.findUniqueOrThrow({ where: { reversesId: target.id } });
    expect(waiver).toMatchObject({ memberId: ids.U1, ruleId: 'MEET-4', kind: 'fine', amountFen: -1000n, recordedBy: ids.UA, note: '经核实为紧急来电', day: target.day });
    const fundAfter = await reply('UA', '/fines', 'fund');
    expect(fundAfter).toContain('累计余额：¥160.00');
    expect(fundAfter).toContain('累计已免除：¥10.00');
    await bot.flush();
    expect(dmsTo('U1').at(-1)!.args.text).toContain(`#${target.id}`);
    expect(dmsTo('U1').at(-1)!.args.text).toContain('经核实为紧急来电');

    const n = await ledgerCount();
    expect(await reply('UA', '/waive', `${target.id} 再免一次`)).toContain('已经免除过了');
    expect(await reply('UA', '/waive', `${waiver.id} 免除免除记录`)).toContain('本身是一条免除记录');
    expect(await reply('UA', '/waive', '999999 不存在')).toContain('找不到记录 #999999');
    expect(await reply('UA', '/waive', `${target.id}`)).toContain('请写明免除原因');
    expect(await ledgerCount()).toBe(n);
  });

  it('permission matrix: a manager running /report, /waive, /fines team, /fines @x, /fines fund is refused and nothing changes', async () => {
    const n = await ledgerCount();
    const outbox = await bot.core.db.outboxMessage.count();
    const some = await bot.core.db.ledgerEntry.findFirstOrThrow({ where: { memberId: ids.U2, reversesId: null } });
    const attempts: [string, string][] = [
      ['/report', 'MEET-4 <@U2|赵六> 手机响了'],
      ['/report', 'ETH-1:standard <@U2|赵六> ×2'],
      ['/waive', `${some.id} 我说免就免`],
      ['/fines', 'team'],
      ['/fines', 'team 2026-11'],
      ['/fines', '<@U2|赵六>'],
      ['/fines', '@赵六 2026-11'],
      ['/fines', 'fund'],
    ];
    for (const [cmd, text] of attempts) {
      const t = await reply('U1', cmd, text);
      expect(t, `${cmd} ${text}`).toContain('只有管理员可以执行这个操作');
      expect(t).not.toContain('赵六：');
      expect(t).not.toContain('OUT-3');
    }
    expect(await ledgerCount()).toBe(n);
    expect(await bot.core.db.outboxMessage.count()).toBe(outbox);
    expect(await bot.core.db.ledgerEntry.findUnique({ where: { reversesId: some.id } })).toBeNull();
    // The director is an admin for these.
    expect(await reply('UD', '/fines', 'team')).toContain('赵六');
  });

  it('/fines shows only my own entries, each with id, day, rule ID, the rule text, amount and the waived mark, and the month total', async () => {
    const mine = await bot.core.db.ledgerEntry.findMany({ where: { memberId: ids.U1, reversesId: null }, orderBy: { id: 'asc' } });
    const t = await reply('U1', '/fines', '');
    expect(t).toContain('我的 2026-11 记录');
    for (const e of mine) expect(t).toContain(`#${e.id} 11-23 ${e.ruleId}`);
    expect(t).toContain('会议过程中,手机必须调到振动状态');
    expect(t).toContain('已免除');
    expect(t).toContain('本月罚款合计：¥10.00'); // two ¥10, one waived
    expect(t).toContain('扣分合计：15 分');
    expect(t).not.toContain('OUT-3');
    expect(t).not.toContain('ETH-5');
    // Same month named explicitly; another month is empty; a bad month is explained.
    expect(await reply('U1', '/fines', '2026-11')).toContain('本月罚款合计：¥10.00');
    expect(await reply('U1', '/fines', '2026-10')).toContain('没有罚款或扣分记录');
    const bad = await reply('U1', '/fines', '2026-13');
    expect(bad).toContain('YYYY-MM');
    expect(bad).toContain('/fines 2026-11');
    // Naming oneself is allowed.
    expect(await reply('U1', '/fines', '<@U1|张三>')).toContain('我的 2026-11 记录');
  });

  it('admins: /fines @member lists that member; /fines team gives per-manager totals net of waivers', async () => {
    const t = await reply('UA', '/fines', '<@U2|赵六> 2026-11');
    expect(t).toContain('赵六 的 2026-11 记录');
    expect(t).toContain('OUT-3');
    expect(t).toContain('外出营销');
    expect(t).toContain('本月罚款合计：¥150.00');
    expect(t).toContain('待处理升级：2 项');
    const team = await reply('UA', '/fines', 'team');
    expect(team).toContain('赵六：¥150.00');
    expect(team).toContain('张三：¥10.00，扣 15 分');
    expect(team).toContain('合计：¥160.00，扣分 15 分');
    expect(team.indexOf('赵六')).toBeLessThan(team.indexOf('张三'));
  });

  it('/points lists my deductions by item with the rule text, by quarter', async () => {
    const t = await reply('U1', '/points', '');
    expect(t).toContain('我的 2026-Q4 差错积分');
    expect(t).toContain('ETH-1:standard');
    expect(t).toContain('违规操作');
    expect(t).toContain('扣 15 分');
    expect(t).toContain('本季度扣分合计：15 分');
    expect(await reply('U1', '/points', '2026-q4')).toContain('本季度扣分合计：15 分');
    expect(await reply('U1', '/points', '2026-Q3')).toContain('本季度没有扣分');
    expect(await reply('U1', '/points', '2026-Q5')).toContain('/points 2026-Q4');
    const flags = await reply('U2', '/points', '');
    expect(flags).toContain('升级标记');
    expect(flags).toContain('开除审查');
    expect(flags).toContain('取消客户经理资格');
  });

  it('/rank orders managers by results summed in the database, with the distance to the monthly target', async () => {
    const deal = (member: number, day: string, yuan: number) =>
      bot.core.db.deal.create({ data: { teamId: bot.core.team.id, memberId: member, amountFen: BigInt(yuan * 100), product: '定期存款', day, occurredAt: cst(`${day} 10:00`) } });
    await deal(ids.U1, '2026-11-03', 200_000);
    await deal(ids.U1, '2026-11-23', 100_000);
    await deal(ids.U2, '2026-11-10', 500_000);
    await deal(ids.U2, '2026-10-30', 9_000_000); // last month: not counted
    await bot.core.db.monthlyTarget.create({ data: { teamId: bot.core.team.id, memberId: ids.U1, month: '2026-11', amountFen: 100_000_000n } });
    await bot.core.db.monthlyTarget.create({ data: { teamId: bot.core.team.id, memberId: ids.U2, month: '2026-11', amountFen: 40_000_000n } });
    const month = await reply('U1', '/rank', 'month');
    expect(month).toContain('本月业绩排名（2026-11）');
    expect(month).toMatch(/1\. 赵六 — 50万（1 笔） · 目标 40万 ✅ 已完成/);
    expect(month).toMatch(/2\. 张三 — 30万（2 笔） · 目标 100万，还差 70万 ⬅️/);
    expect(month.indexOf('赵六')).toBeLessThan(month.indexOf('张三'));
    expect(month).not.toContain('900万');
    // ISO week 2026-W48 is 11-23..11-29: only 张三's ¥100,000 of the 23rd.
    const week = await reply('U2', '/rank', 'week');
    expect(week).toContain('2026-W48');
    expect(week).toMatch(/1\. 张三 — 10万（1 笔）/);
    expect(week).toMatch(/2\. 赵六 — ¥0（0 笔）/);
    expect(await reply('U1', '/rank', 'year')).toContain('/rank week');
  });

  it('App Home: app_home_opened publishes today, pending leave, visits due, fines and points, and results against the target', async () => {
    await bot.core.db.leaveRequest.create({ data: { teamId: bot.core.team.id, memberId: ids.U1, startDay: '2026-11-25', endDay: '2026-11-25', reason: '家中有事', submittedAt: cst('2026-11-23 09:00') } });
    await bot.core.db.customer.create({ data: { teamId: bot.core.team.id, ownerId: ids.U1, name: '长江贸易', nameKey: '长江贸易', tier: 'A', registeredAt: cst('2026-11-02 10:00'), updatedAt: cst('2026-11-02 10:00') } });
    await bot.command('U1', '/target', '拜访3户企业客户');
    const body = {
      token: 'legacy', team_id: 'T1', api_app_id: 'A1', type: 'event_callback', event_id: 'Ev-home-1', event_time: 1_700_000_000,
      event: { type: 'app_home_opened', user: 'U1', channel: 'DU1', tab: 'home', event_ts: '1700000000.000100' },
    };
    const res = await postSigned(bot.baseUrl, SECRET, JSON.stringify(body), { contentType: 'application/json' });
    expect(res.status).toBe(200);
    await waitFor(() => bot.slack.callsTo('views.publish').length >= 1);
    const pub = bot.slack.callsTo('views.publish')[0].args;
    expect(pub.user_id).toBe('U1');
    expect(pub.view.type).toBe('home');
    expect(pub.view.blocks.length).toBeLessThanOrEqual(100);
    const text = pub.view.blocks.filter((b: any) => b.type === 'section').map((b: any) => b.text.text).join('\n');
    expect(text).toContain('张三');
    expect(text).toContain('2026-11-23 今日状态');
    expect(text).toMatch(/今日目标: ✅ 已完成/);
    expect(text).toContain('待审批 1 条');
    expect(text).toContain('2026-11-25');
    expect(text).toContain('长江贸易（A）已逾期');
    expect(text).toContain('本月（2026-11）罚款：¥10.00');
    expect(text).toContain('本季度（2026-Q4）扣分：15 分');
    expect(text).toContain('本月累计：30万（2 笔），排名第 2 / 2');
    expect(text).toContain('本月目标：100万，还差 70万');
    expect(text).not.toContain('赵六');

    // An admin's Home counts the leave waiting for them.
    await postSigned(bot.baseUrl, SECRET, JSON.stringify({ ...body, event_id: 'Ev-home-2', event: { ...body.event, user: 'UA' } }), { contentType: 'application/json' });
    await waitFor(() => bot.slack.callsTo('views.publish').length >= 2);
    const admin = bot.slack.callsTo('views.publish')[1].args.view.blocks.filter((b: any) => b.type === 'section').map((b: any) => b.text.text).join('\n');
    expect(admin).toContain('等待你审批的请假：1 条');
  });
});
