// MEET-2 leave in Slack, end to end over real HTTP: inline requests and the
// modal, the admins' Approve / Reject buttons (block_actions with a
// response_url on the stand-in), the reject-reason modal, double clicks, a
// manager pressing Approve, overlaps, /leave list and /leave cancel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases } from './support/db.ts';
import { startBot, type Bot } from './support/bot.ts';
import { cst } from './support/core.ts';
import { waitFor } from './support/slack.ts';

describe.each(databases())('Slack /leave (%s)', (kind) => {
  let bot: Bot;
  const ids: Record<string, number> = {};
  let ts = 1_800_000_000;
  const posts = () => bot.slack.callsTo('chat.postMessage');
  const dmsTo = (user: string) => posts().filter((c) => c.args.channel === user);
  const responses = () => bot.slack.callsTo('/respond');
  const reply = async (user: string, text: string, extra?: Record<string, string>) => {
    const res = await bot.command(user, '/leave', text, extra);
    expect(res.status).toBe(200);
    const body = res.json();
    expect(body.response_type).toBe('ephemeral');
    return body.text as string;
  };
  const press = (user: string, actionId: string, value: string, trigger = `trig-${++ts}`) =>
    bot.interact({
      type: 'block_actions',
      team: { id: 'T1' },
      user: { id: user, name: user.toLowerCase() },
      api_app_id: 'A1',
      trigger_id: trigger,
      response_url: bot.slack.url.replace('/api/', '/respond'),
      container: { type: 'message', message_ts: '1700000000.000100', channel_id: `D${user}`, is_ephemeral: false },
      channel: { id: `D${user}` },
      message: { type: 'message', ts: '1700000000.000100', text: 'leave' },
      actions: [{ type: 'button', action_id: actionId, block_id: 'b', value, action_ts: `${++ts}.000200` }],
    });
  const submission = (user: string, viewId: string, callbackId: string, meta: string, values: Record<string, any>) =>
    bot.interact({
      type: 'view_submission',
      team: { id: 'T1' },
      user: { id: user, name: user.toLowerCase() },
      api_app_id: 'A1',
      trigger_id: `trig-${++ts}`,
      view: { id: viewId, type: 'modal', callback_id: callbackId, private_metadata: meta, hash: 'h', state: { values } },
    });
  const text = (v: string | null) => ({ type: 'plain_text_input', value: v });
  const date = (d: string | null) => ({ type: 'datepicker', selected_date: d });
  const time = (t: string | null) => ({ type: 'timepicker', selected_time: t });
  const select = (v: string | null) => ({ type: 'static_select', selected_option: v ? { value: v } : null });

  beforeAll(async () => {
    bot = await startBot(kind, { admins: ['UA'], now: cst('2026-11-23 10:00') });
    bot.slack.users.set('UA', { name: 'lisi', real_name: 'Li Si', display_name: '李四' });
    bot.slack.users.set('U1', { name: 'zhangsan', real_name: 'Zhang San', display_name: '张三' });
    bot.slack.users.set('U2', { name: 'zhaoliu', real_name: 'Zhao Liu', display_name: '赵六' });
    for (const u of ['UA', 'U1', 'U2']) await reply(u, 'list');
    for (const [u, name] of [['UA', '李四'], ['U1', '张三'], ['U2', '赵六']]) ids[u] = (await bot.core.db.member.findFirstOrThrow({ where: { name } })).id;
  });
  afterAll(async () => bot?.stop());

  it('an inline request is stored as pending with submittedAt = now; each admin gets a DM with Approve / Reject; nothing goes to the channel', async () => {
    const t = await reply('U1', '2026-11-25 事假 家中有事');
    const row = await bot.core.db.leaveRequest.findFirstOrThrow({});
    expect(row).toMatchObject({ memberId: ids.U1, kind: 'personal', startDay: '2026-11-25', endDay: '2026-11-25', halfDay: null, startTime: null, reason: '家中有事', status: 'pending', decidedAt: null, decidedBy: null });
    expect(row.submittedAt.toISOString()).toBe(cst('2026-11-23 10:00').toISOString());
    expect(t).toContain(`已提交请假申请 #${row.id}`);
    expect(t).toContain('2026-11-25（周三）');
    expect(t).toContain('已通知 1 位管理员');
    expect(await bot.flush()).toBe(1);
    const dm = dmsTo('UA');
    expect(dm).toHaveLength(1);
    expect(dm[0].args.text).toContain('张三 申请请假');
    expect(dm[0].args.text).toContain('事假');
    expect(dm[0].args.text).toContain('家中有事');
    const actions = dm[0].args.blocks.find((b: any) => b.type === 'actions');
    expect(actions.elements.map((e: any) => [e.action_id, e.value])).toEqual([['leave.approve', String(row.id)], ['leave.reject', String(row.id)]]);
    expect(posts().filter((c) => c.args.channel === 'C_TEAM')).toHaveLength(0);
  });

  it('an overlapping request (pending or approved) is refused and stores nothing; a non-overlapping half day is accepted', async () => {
    const before = await bot.core.db.leaveRequest.count();
    const t = await reply('U1', '11-25 上午 病假 看医生');
    expect(t).toContain('时间重叠');
    expect(t).toContain('/leave cancel');
    expect(await bot.core.db.leaveRequest.count()).toBe(before);
    expect(await reply('U1', '11-24 11-26 年假 回老家')).toContain('时间重叠');
    // Half days on the same day do not overlap.
    expect(await reply('U1', '2026-11-27 上午 病假 看医生')).toContain('已提交');
    expect(await reply('U1', '2026-11-27 下午 事假 办证')).toContain('已提交');
    expect(await reply('U1', '2026-11-27 11:00-15:00 事假 再办')).toContain('时间重叠');
    const rows = await bot.core.db.leaveRequest.findMany({ where: { startDay: '2026-11-27' }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.halfDay, r.kind])).toEqual([['am', 'sick'], ['pm', 'personal']]);
  });

  it('bad input says what is wrong with an example, and stores nothing', async () => {
    const before = await bot.core.db.leaveRequest.count();
    const t1 = await reply('U1', '下周 事假');
    expect(t1).toContain('不是日期');
    expect(t1).toContain('/leave 2026-11-25 事假 家中有事');
    expect(await reply('U1', '11-30 事假')).toContain('请写上请假事由');
    expect(await reply('U1', '2026-11-20 事假 补请')).toContain('已经过去的日期');
    expect(await reply('U1', '11-30 11-28 事假 倒过来')).toContain('早于开始日期');
    expect(await reply('U1', '11-30 11:00-09:00 事假 倒过来')).toContain('应晚于开始时间');
    expect(await reply('U1', 'cancel')).toContain('请写上请假编号');
    expect(await bot.core.db.leaveRequest.count()).toBe(before);
  });

  it('a manager pressing Approve is refused and nothing changes', async () => {
    const row = await bot.core.db.leaveRequest.findFirstOrThrow({ where: { startDay: '2026-11-25' } });
    const res = await press('U2', 'leave.approve', String(row.id));
    expect(res.status).toBe(200);
    await waitFor(() => responses().length >= 1);
    expect(responses()[0].args.text).toContain('只有管理员');
    expect(await bot.core.db.leaveRequest.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: 'pending', decidedAt: null, decidedBy: null });
    // Typed, too.
    expect(await reply('U2', `approve ${row.id}`)).toContain('只有管理员');
    expect(await reply('U1', `approve ${row.id}`)).toContain('只有管理员');
    expect(await bot.core.db.leaveRequest.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: 'pending' });
  });

  it('the admin approves with the button: the message is replaced, the row records who and when, the requester gets a DM', async () => {
    await bot.flush();
    bot.slack.calls.length = 0;
    bot.clock.now = cst('2026-11-23 10:30');
    const row = await bot.core.db.leaveRequest.findFirstOrThrow({ where: { startDay: '2026-11-25' } });
    await press('UA', 'leave.approve', String(row.id));
    await waitFor(() => responses().length >= 2);
    const [replace, eph] = responses();
    expect(replace.args.replace_original).toBe(true);
    expect(replace.args.text).toContain('已批准（李四）');
    expect(replace.args.blocks.some((b: any) => b.type === 'actions')).toBe(false);
    expect(eph.args.replace_original).toBe(false);
    expect(eph.args.text).toContain(`已批准 张三 的请假 #${row.id}`);
    const after = await bot.core.db.leaveRequest.findUniqueOrThrow({ where: { id: row.id } });
    expect(after).toMatchObject({ status: 'approved', decidedBy: ids.UA });
    expect(after.decidedAt?.toISOString()).toBe(cst('2026-11-23 10:30').toISOString());
    expect(await bot.flush()).toBe(1);
    const dm = dmsTo('U1');
    expect(dm).toHaveLength(1);
    expect(dm[0].args.text).toContain('你的请假已批准（李四）');
    expect(dm[0].args.text).toContain('2026-11-25');
  });

  it('a double click on Approve changes nothing twice: same decidedAt, no second DM, the answer says it was handled', async () => {
    bot.slack.calls.length = 0;
    bot.clock.now = cst('2026-11-23 10:31');
    const row = await bot.core.db.leaveRequest.findFirstOrThrow({ where: { startDay: '2026-11-25' } });
    await Promise.all([press('UA', 'leave.approve', String(row.id)), press('UA', 'leave.approve', String(row.id))]);
    await waitFor(() => responses().length >= 4);
    expect(responses().filter((r) => r.args.replace_original === false).map((r) => r.args.text).join('\n')).toContain('已处理');
    const after = await bot.core.db.leaveRequest.findUniqueOrThrow({ where: { id: row.id } });
    expect(after.decidedAt?.toISOString()).toBe(cst('2026-11-23 10:30').toISOString());
    expect(await bot.flush()).toBe(0);
    expect(await bot.core.db.outboxMessage.count({ where: { dedupeKey: `leave:${row.id}:decided` } })).toBe(1);
    // Reject on an approved request: no modal, nothing changes.
    await press('UA', 'leave.reject', String(row.id), 'trig-reject-approved');
    await waitFor(() => responses().length >= 6);
    expect(bot.slack.callsTo('views.open')).toHaveLength(0);
    expect((await bot.core.db.leaveRequest.findUniqueOrThrow({ where: { id: row.id } })).status).toBe('approved');
  });

  it('Reject opens a modal asking the reason; an empty reason is an error next to the field; the reason reaches the requester by DM', async () => {
    bot.slack.calls.length = 0;
    expect(await reply('U2', '明天 下午 事假 接孩子')).toContain('已提交');
    const row = await bot.core.db.leaveRequest.findFirstOrThrow({ where: { memberId: ids.U2 } });
    expect(row).toMatchObject({ startDay: '2026-11-24', halfDay: 'pm' });
    await press('UA', 'leave.reject', String(row.id), 'trig-reject-1');
    await waitFor(() => bot.slack.callsTo('views.open').length >= 1);
    const open = bot.slack.callsTo('views.open')[0];
    expect(open.args.trigger_id).toBe('trig-reject-1');
    expect(open.args.view.callback_id).toBe('leave.reject');
    expect(open.args.view.private_metadata).toBe(String(row.id));
    const empty = await submission('UA', 'V-rej-0', 'leave.reject', String(row.id), { reason: { reason: text('  ') } });
    expect(empty.json()).toMatchObject({ response_action: 'errors', errors: { reason: expect.stringContaining('请写上拒绝原因') } });
    expect((await bot.core.db.leaveRequest.findUniqueOrThrow({ where: { id: row.id } })).status).toBe('pending');
    // A manager cannot submit the reject form either.
    await submission('U2', 'V-rej-m', 'leave.reject', String(row.id), { reason: { reason: text('我自己拒绝') } });
    await waitFor(() => dmsTo('U2').length >= 1);
    expect(dmsTo('U2')[0].args.text).toContain('只有管理员');
    expect((await bot.core.db.leaveRequest.findUniqueOrThrow({ where: { id: row.id } })).status).toBe('pending');

    const ok = await submission('UA', 'V-rej-1', 'leave.reject', String(row.id), { reason: { reason: text('当天有客户活动') } });
    expect(ok.status).toBe(200);
    expect(ok.body).toBe('');
    const after = await bot.core.db.leaveRequest.findUniqueOrThrow({ where: { id: row.id } });
    expect(after).toMatchObject({ status: 'rejected', decidedBy: ids.UA, decisionReason: '当天有客户活动' });
    await waitFor(() => dmsTo('UA').length >= 1);
    expect(dmsTo('UA').at(-1)!.args.text).toContain(`已拒绝 赵六 的请假 #${row.id}`);
    await bot.flush();
    const toU2 = dmsTo('U2').filter((c) => c.args.text.includes('未获批准'));
    expect(toU2).toHaveLength(1);
    expect(toU2[0].args.text).toContain('当天有客户活动');
    // The same modal submitted again changes nothing.
    await submission('UA', 'V-rej-1', 'leave.reject', String(row.id), { reason: { reason: text('当天有客户活动') } });
    expect((await bot.core.db.leaveRequest.findUniqueOrThrow({ where: { id: row.id } })).decidedAt?.getTime()).toBe(after.decidedAt?.getTime());
    expect(await bot.flush()).toBe(0);
    expect(posts().filter((c) => c.args.channel === 'C_TEAM')).toHaveLength(0);
  });

  it('/leave with no arguments opens the modal; field errors show next to the field; a valid submission is stored once even if delivered twice', async () => {
    bot.slack.calls.length = 0;
    await bot.command('U2', '/leave', '', { trigger_id: 'trig-leave-modal' });
    const open = bot.slack.callsTo('views.open');
    expect(open).toHaveLength(1);
    expect(open[0].args.trigger_id).toBe('trig-leave-modal');
    expect(open[0].args.view.callback_id).toBe('leave');
    expect(open[0].args.view.blocks.map((b: any) => b.block_id)).toEqual(['kind', 'start', 'end', 'part', 'from', 'to', 'reason']);
    const before = await bot.core.db.leaveRequest.count();
    const values = (o: { start?: string | null; end?: string | null; part?: string; from?: string | null; to?: string | null; reason?: string }) => ({
      kind: { kind: select('sick') },
      start: { start: date(o.start ?? null) },
      end: { end: date(o.end ?? null) },
      part: { part: select(o.part ?? 'full') },
      from: { from: time(o.from ?? null) },
      to: { to: time(o.to ?? null) },
      reason: { reason: text(o.reason ?? '') },
    });
    const r1 = await submission('U2', 'V-l-bad', 'leave', '', values({ start: '2026-12-01', part: 'hours', from: '09:00', reason: '体检' }));
    expect(r1.json()).toMatchObject({ response_action: 'errors', errors: { to: expect.stringContaining('结束时间') } });
    const r2 = await submission('U2', 'V-l-bad2', 'leave', '', values({ start: '2026-12-02', end: '2026-12-01', reason: '体检' }));
    expect(r2.json()).toMatchObject({ response_action: 'errors', errors: { end: expect.stringContaining('早于开始日期') } });
    const r3 = await submission('U2', 'V-l-bad3', 'leave', '', values({ start: '2026-12-01', reason: ' ' }));
    expect(Object.keys(r3.json().errors)).toEqual(['reason']);
    expect(await bot.core.db.leaveRequest.count()).toBe(before);

    const good = values({ start: '2026-12-01', part: 'hours', from: '09:00', to: '11:30', reason: '体检' });
    const a = await submission('U2', 'V-l-1', 'leave', '', good);
    const b = await submission('U2', 'V-l-1', 'leave', '', good);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    const rows = await bot.core.db.leaveRequest.findMany({ where: { startDay: '2026-12-01' } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ memberId: ids.U2, kind: 'sick', startTime: '09:00', endTime: '11:30', halfDay: null, reason: '体检', status: 'pending' });
    await waitFor(() => dmsTo('U2').some((c) => c.args.text.includes(`#${rows[0].id}`)));
    await bot.flush();
    expect(dmsTo('UA').filter((c) => c.args.text.includes(`#${rows[0].id}`))).toHaveLength(1);
    // An overlapping modal submission: the error sits on the start field.
    const clash = await submission('U2', 'V-l-2', 'leave', '', values({ start: '2026-12-01', part: 'am', reason: '又一次' }));
    expect(clash.json()).toMatchObject({ response_action: 'errors', errors: { start: expect.stringContaining('时间重叠') } });
  });

  it('/leave list shows only my own requests; /leave cancel withdraws my pending one only, and the admins are told', async () => {
    const mine = await reply('U1', 'list');
    expect(mine).toContain('家中有事');
    expect(mine).toContain('已批准');
    expect(mine).not.toContain('接孩子');
    const approved = await bot.core.db.leaveRequest.findFirstOrThrow({ where: { startDay: '2026-11-25' } });
    expect(await reply('U1', `cancel ${approved.id}`)).toContain('只有待审批的申请可以撤回');
    const other = await bot.core.db.leaveRequest.findFirstOrThrow({ where: { startDay: '2026-12-01' } });
    expect(await reply('U1', `cancel ${other.id}`)).toContain('你没有编号为');
    expect((await bot.core.db.leaveRequest.findUniqueOrThrow({ where: { id: other.id } })).status).toBe('pending');
    bot.slack.calls.length = 0;
    expect(await reply('U2', `cancel ${other.id}`)).toContain(`已撤回请假申请 #${other.id}`);
    expect((await bot.core.db.leaveRequest.findUniqueOrThrow({ where: { id: other.id } })).status).toBe('cancelled');
    await bot.flush();
    expect(dmsTo('UA').map((c) => c.args.text).join('\n')).toContain(`赵六 撤回了请假申请 #${other.id}`);
    // An admin pressing Approve on the withdrawn request: handled, nothing changes.
    await press('UA', 'leave.approve', String(other.id));
    await waitFor(() => responses().length >= 2);
    expect(responses().map((r) => r.args.text).join('\n')).toContain('已撤回');
    expect((await bot.core.db.leaveRequest.findUniqueOrThrow({ where: { id: other.id } })).status).toBe('cancelled');
  });

  it('an admin can decide by typing, and sees the pending list with buttons whose command works in the console', async () => {
    expect(await reply('U1', '2026-12-07 年假 旅游')).toContain('已提交');
    const row = await bot.core.db.leaveRequest.findFirstOrThrow({ where: { startDay: '2026-12-07' } });
    const res = await bot.command('UA', '/leave', 'pending');
    const body = res.json();
    expect(body.text).toContain(`#${row.id} 张三`);
    const buttons = body.blocks.filter((b: any) => b.type === 'actions').flatMap((b: any) => b.elements);
    expect(buttons.map((e: any) => e.action_id)).toContain('leave.approve');
    expect(await reply('UA', `reject ${row.id}`)).toContain('请写上拒绝原因');
    expect(await reply('UA', `reject ${row.id} 年底冲刺`)).toContain(`已拒绝 张三 的请假 #${row.id}`);
    expect(await bot.core.db.leaveRequest.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: 'rejected', decisionReason: '年底冲刺' });
    expect(await reply('UA', `approve ${row.id}`)).toContain('已处理');
    expect((await bot.core.db.leaveRequest.findUniqueOrThrow({ where: { id: row.id } })).status).toBe('rejected');
  });

  it('an admin cannot approve their own request while another admin can', async () => {
    expect(await reply('UA', '2026-12-14 年假 休假')).toContain('已提交');
    const own = await bot.core.db.leaveRequest.findFirstOrThrow({ where: { memberId: ids.UA } });
    // With a second admin in the team, nobody decides their own request.
    expect((await bot.command('UA', '/cm', 'role <@U2|赵六> admin')).json().text).toContain('管理员');
    expect(await reply('UA', `approve ${own.id}`)).toContain('请由另一位管理员审批');
    expect((await bot.core.db.leaveRequest.findUniqueOrThrow({ where: { id: own.id } })).status).toBe('pending');
    expect(await reply('U2', `approve ${own.id}`)).toContain(`已批准 李四 的请假 #${own.id}`);
    expect(await bot.core.db.leaveRequest.findUniqueOrThrow({ where: { id: own.id } })).toMatchObject({ status: 'approved', decidedBy: ids.U2 });
  });
});
