// MEET-1/2/3 and TRN-1/2 check-in in Slack, end to end over real HTTP: the
// window (opens 07:30, closes 08:30), on time at 07:59:59, late at 08:00:01
// with exactly one MEET-3 entry computed by the rules module, recorded once,
// the reminder's check-in button, holidays and 调休 Saturdays, approved leave
// excusing a late arrival, and training sessions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases } from './support/db.ts';
import { startBot, type Bot } from './support/bot.ts';
import { cst } from './support/core.ts';
import { waitFor } from './support/slack.ts';
import { checkinButton } from '../src/chat/commands/attendance.ts';

describe.each(databases())('Slack /checkin (%s)', (kind) => {
  let bot: Bot;
  const ids: Record<string, number> = {};
  let ts = 1_900_000_000;
  const responses = () => bot.slack.callsTo('/respond');
  const checkin = async (user: string, at: string, text = '') => {
    bot.clock.now = cst(at);
    const res = await bot.command(user, '/checkin', text);
    expect(res.status).toBe(200);
    expect(res.json().response_type).toBe('ephemeral');
    return res.json().text as string;
  };
  const press = (user: string, value: string) =>
    bot.interact({
      type: 'block_actions',
      team: { id: 'T1' },
      user: { id: user, name: user.toLowerCase() },
      api_app_id: 'A1',
      trigger_id: `trig-${++ts}`,
      response_url: bot.slack.url.replace('/api/', '/respond'),
      container: { type: 'message', message_ts: '1700000000.000100', channel_id: `D${user}` },
      channel: { id: `D${user}` },
      message: { type: 'message', ts: '1700000000.000100', text: 'reminder' },
      actions: [{ type: 'button', action_id: 'checkin', block_id: 'b', value, action_ts: `${++ts}.000300` }],
    });
  const entries = (where: Record<string, unknown> = {}) => bot.core.db.ledgerEntry.findMany({ where, orderBy: { id: 'asc' } });
  const checkIns = () => bot.core.db.checkIn.findMany({ orderBy: { id: 'asc' } });

  beforeAll(async () => {
    bot = await startBot(kind, { admins: ['UA'], now: cst('2026-11-23 07:00') });
    const names: [string, string][] = [['UA', '李四'], ['U1', '张三'], ['U2', '赵六'], ['U3', '钱七'], ['U4', '孙八']];
    for (const [u, n] of names) bot.slack.users.set(u, { name: u.toLowerCase(), real_name: n, display_name: n });
    for (const [u] of names) await bot.command(u, '/leave', 'list');
    for (const [u, n] of names) ids[u] = (await bot.core.db.member.findFirstOrThrow({ where: { name: n } })).id;
  });
  afterAll(async () => bot?.stop());

  it('before check-in opens (07:30) the answer says when it opens, and nothing is recorded', async () => {
    const t = await checkin('U1', '2026-11-23 07:29');
    expect(t).toContain('签到 07:30 开放');
    expect(await checkIns()).toHaveLength(0);
  });

  it('on time at 07:59:59: the check-in is recorded with its time and there is no ledger entry', async () => {
    const t = await checkin('U1', '2026-11-23 07:59:59');
    expect(t).toContain('签到成功 07:59:59');
    expect(t).toContain('准时');
    const rows = await checkIns();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ memberId: ids.U1, sessionKey: 'meeting:2026-11-23', day: '2026-11-23' });
    expect(rows[0].at.toISOString()).toBe(cst('2026-11-23 07:59:59').toISOString());
    expect(await entries()).toHaveLength(0);
  });

  it('late at 08:00:01: exactly one MEET-3 ¥20 entry, with the rule ID and text in the reply', async () => {
    const t = await checkin('U2', '2026-11-23 08:00:01');
    expect(t).toContain('迟到');
    expect(t).toContain('MEET-3');
    expect(t).toContain('¥20.00');
    const e = await entries();
    expect(e).toHaveLength(1);
    expect(e[0]).toMatchObject({ memberId: ids.U2, ruleId: 'MEET-3', variant: 'late', kind: 'fine', amountFen: 2000n, day: '2026-11-23', sourceKey: `MEET-3:meeting:2026-11-23:m${ids.U2}`, recordedBy: null });
    expect(e[0].occurredAt.toISOString()).toBe(cst('2026-11-23 08:00:01').toISOString());
  });

  it('the check-in time is recorded once: a second /checkin says "已签到 <time>" and changes nothing', async () => {
    expect(await checkin('U2', '2026-11-23 08:05')).toContain('已签到 08:00:01');
    expect(await checkin('U1', '2026-11-23 08:06')).toContain('已签到 07:59:59');
    expect(await checkIns()).toHaveLength(2);
    expect(await entries()).toHaveLength(1);
  });

  it('the reminder button (action "checkin", value meeting:<day>) checks in, replaces the reminder, and a double click records once', async () => {
    const b = checkinButton('meeting:2026-11-23', 'zh-CN');
    expect(b).toMatchObject({ actionId: 'checkin', value: 'meeting:2026-11-23', command: '/checkin' });
    expect(checkinButton('training:3', 'en')).toMatchObject({ label: 'Check in', command: '/checkin training' });
    bot.slack.calls.length = 0;
    bot.clock.now = cst('2026-11-23 08:10');
    await Promise.all([press('U3', b.value), press('U3', b.value)]);
    await waitFor(() => responses().length >= 4);
    const replaced = responses().filter((r) => r.args.replace_original === true);
    expect(replaced.map((r) => r.args.text)).toEqual(['✅ 已签到 08:10（2026-11-23）', '✅ 已签到 08:10（2026-11-23）']);
    expect(responses().filter((r) => r.args.replace_original === false).map((r) => r.args.text).join('\n')).toContain('已签到 08:10');
    expect((await checkIns()).filter((c) => c.memberId === ids.U3)).toHaveLength(1);
    expect(await entries({ memberId: ids.U3 })).toHaveLength(1);
    // Yesterday's button has expired.
    bot.slack.calls.length = 0;
    await press('U4', 'meeting:2026-11-20');
    await waitFor(() => responses().length >= 1);
    expect(responses()[0].args.text).toContain('已经失效');
    expect((await checkIns()).filter((c) => c.memberId === ids.U4)).toHaveLength(0);
  });

  it('after the meeting ends (08:30) check-in is closed and nothing is recorded', async () => {
    const t = await checkin('U4', '2026-11-23 08:30:01');
    expect(t).toContain('已于 08:30 结束');
    expect((await checkIns()).filter((c) => c.memberId === ids.U4)).toHaveLength(0);
  });

  it('MEET-2: leave requested the day before and approved excuses a late arrival; no fine', async () => {
    bot.clock.now = cst('2026-11-23 16:00');
    expect((await bot.command('U4', '/leave', '2026-11-24 07:00-09:00 事假 送孩子')).json().text).toContain('已提交');
    const lv = await bot.core.db.leaveRequest.findFirstOrThrow({ where: { memberId: ids.U4 } });
    expect((await bot.command('UA', '/leave', `approve ${lv.id}`)).json().text).toContain('已批准');
    const t = await checkin('U4', '2026-11-24 08:20');
    expect(t).toContain('迟到');
    expect(t).toContain('已批准的请假');
    expect(await entries({ memberId: ids.U4 })).toHaveLength(0);
    // A pending request does not excuse.
    bot.clock.now = cst('2026-11-24 07:00');
    await bot.command('U1', '/leave', '2026-11-24 07:00-09:00 事假 堵车');
    const t2 = await checkin('U1', '2026-11-24 08:15');
    expect(t2).toContain('MEET-3');
    expect(await entries({ memberId: ids.U1 })).toHaveLength(1);
  });

  it('MEET-2: when that pending request is approved later, the late fine is reversed by a waiver (once), and the requester is told', async () => {
    const lv = await bot.core.db.leaveRequest.findFirstOrThrow({ where: { memberId: ids.U1, startDay: '2026-11-24' } });
    const [fine] = await entries({ memberId: ids.U1 });
    bot.clock.now = cst('2026-11-24 09:00');
    const t = (await bot.command('UA', '/leave', `approve ${lv.id}`)).json().text;
    expect(t).toContain(`已免除：MEET-3 ¥20.00（#${fine.id}）`);
    const all = await entries({ memberId: ids.U1 });
    expect(all).toHaveLength(2);
    expect(all[1]).toMatchObject({ ruleId: 'MEET-3', amountFen: -2000n, reversesId: fine.id, recordedBy: ids.UA, sourceKey: `waive:${fine.id}`, day: '2026-11-24' });
    expect((await bot.command('UA', '/leave', `approve ${lv.id}`)).json().text).toContain('已处理');
    expect(await entries({ memberId: ids.U1 })).toHaveLength(2);
    await bot.flush();
    const dm = bot.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'U1').map((c) => c.args.text).join('\n');
    expect(dm).toContain('你的请假已批准');
    expect(dm).toContain('已免除：MEET-3 ¥20.00');
    // A request submitted after the meeting started does not excuse, approved or not.
    bot.clock.now = cst('2026-11-24 08:20');
    expect(await checkin('U3', '2026-11-24 08:20')).toContain('MEET-3');
    bot.clock.now = cst('2026-11-24 08:25');
    await bot.command('U3', '/leave', '2026-11-24 07:00-09:00 事假 补请');
    const late = await bot.core.db.leaveRequest.findFirstOrThrow({ where: { memberId: ids.U3 } });
    expect((await bot.command('UA', '/leave', `approve ${late.id}`)).json().text).not.toContain('已免除');
    expect((await entries({ memberId: ids.U3, day: '2026-11-24' })).map((e) => e.amountFen)).toEqual([2000n]);
  });

  it('no meeting on a weekend or a statutory holiday; a 调休 Saturday is a meeting day', async () => {
    expect(await checkin('U1', '2026-11-28 07:50')).toContain('不开晨会');
    expect(await checkin('U1', '2026-10-01 07:50')).toContain('国庆节');
    expect(await bot.core.db.checkIn.count({ where: { day: { in: ['2026-11-28', '2026-10-01'] } } })).toBe(0);
    expect(await checkin('U1', '2026-10-10 07:50')).toContain('签到成功');
    expect(await bot.core.db.checkIn.count({ where: { sessionKey: 'meeting:2026-10-10' } })).toBe(1);
  });

  it('bad input says how to check in', async () => {
    const t = await checkin('U1', '2026-11-25 07:50', '明天');
    expect(t).toContain('/checkin training');
    expect(await bot.core.db.checkIn.count({ where: { day: '2026-11-25' } })).toBe(0);
  });

  it('training: /checkin training opens 30 minutes before; late is one TRN-2 ¥50 entry; a plain /checkin during the training checks in to it', async () => {
    bot.clock.now = cst('2026-11-25 09:00');
    expect((await bot.command('UA', '/cm', 'training 2026-11-25 14:00-16:00 理财产品培训')).json().text).toContain('已安排培训');
    const tr = await bot.core.db.trainingSession.findFirstOrThrow({});
    expect(await checkin('U1', '2026-11-25 13:20', 'training')).toContain('开始前 30 分钟开放签到');
    expect(await checkin('U1', '2026-11-25 13:25')).toContain('已于 08:30 结束');
    expect(await checkin('U2', '2026-11-25 13:50')).toContain('培训「理财产品培训」 14:00 开始），准时');
    const late = await checkin('U1', '2026-11-25 14:05', 'training');
    expect(late).toContain('TRN-2');
    expect(late).toContain('¥50.00');
    const e = await entries({ ruleId: 'TRN-2' });
    expect(e).toHaveLength(1);
    expect(e[0]).toMatchObject({ memberId: ids.U1, amountFen: 5000n, sourceKey: `TRN:training:${tr.id}:m${ids.U1}` });
    expect(await checkin('U1', '2026-11-25 14:06', 'training')).toContain('已签到 14:05');
    expect(await bot.core.db.checkIn.findMany({ where: { sessionKey: `training:${tr.id}` } })).toHaveLength(2);
    expect(await checkin('U3', '2026-11-25 16:01', 'training')).toContain('现在没有可以签到的培训');
    expect(await entries({ ruleId: 'TRN-2' })).toHaveLength(1);
  });

  it('an admin checking in late is recorded but not fined (the rules hold customer managers)', async () => {
    const t = await checkin('UA', '2026-11-26 08:10');
    expect(t).toContain('迟到');
    expect(await bot.core.db.checkIn.count({ where: { memberId: ids.UA } })).toBe(1);
    expect(await entries({ memberId: ids.UA })).toHaveLength(0);
  });

  it('the channel never shows a check-in or a fine', async () => {
    await bot.flush();
    const channel = bot.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C_TEAM').map((c) => c.args.text).join('\n');
    expect(channel).toContain('培训通知：理财产品培训');
    expect(channel).toContain('迟到 ¥50.00（TRN-2）');
    expect(channel).not.toContain('MEET-3');
    for (const name of ['张三', '赵六', '钱七', '孙八']) expect(channel).not.toContain(name);
  });
});
