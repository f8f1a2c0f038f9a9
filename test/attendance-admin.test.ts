// Admin settings in Slack, end to end over real HTTP: /cm role, /cm target,
// /cm training, /cm holiday, /cm workday, /cm calendar; and the permission
// matrix: every one of them (and the leave decisions) tried by a manager is
// refused, and the database is unchanged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases } from './support/db.ts';
import { startBot, type Bot } from './support/bot.ts';
import { cst } from './support/core.ts';
import { waitFor } from './support/slack.ts';

describe.each(databases())('Slack admin settings (%s)', (kind) => {
  let bot: Bot;
  const ids: Record<string, number> = {};
  let ts = 1_950_000_000;
  const cm = async (user: string, text: string) => {
    const res = await bot.command(user, '/cm', text);
    expect(res.status).toBe(200);
    expect(res.json().response_type).toBe('ephemeral');
    return res.json().text as string;
  };
  /** Everything an admin command could have written. */
  const snapshot = async () => {
    const db = bot.core.db;
    return JSON.stringify({
      members: await db.member.findMany({ orderBy: { id: 'asc' }, select: { id: true, role: true } }),
      targets: await db.monthlyTarget.findMany({ orderBy: { id: 'asc' } }),
      trainings: await db.trainingSession.findMany({ orderBy: { id: 'asc' } }),
      overrides: await db.calendarOverride.findMany({ orderBy: { id: 'asc' } }),
      leave: await db.leaveRequest.findMany({ orderBy: { id: 'asc' } }),
      outbox: await db.outboxMessage.count(),
      ledger: await db.ledgerEntry.count(),
    }, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
  };

  beforeAll(async () => {
    bot = await startBot(kind, { admins: ['UA'], now: cst('2026-11-23 10:00') });
    const names: [string, string][] = [['UA', '李四'], ['U1', '张三'], ['U2', '赵六']];
    for (const [u, n] of names) bot.slack.users.set(u, { name: u.toLowerCase(), real_name: n, display_name: n });
    for (const [u] of names) await cm(u, 'help');
    for (const [u, n] of names) ids[u] = (await bot.core.db.member.findFirstOrThrow({ where: { name: n } })).id;
  });
  afterAll(async () => bot?.stop());

  it('/cm role: an admin appoints and demotes; the only admin cannot demote themself; bad input shows an example', async () => {
    expect(await cm('UA', 'role <@U1|张三> admin')).toContain('张三：客户经理 → 管理员');
    expect((await bot.core.db.member.findUniqueOrThrow({ where: { id: ids.U1 } })).role).toBe('admin');
    expect(await cm('UA', 'role @张三 manager')).toContain('张三：管理员 → 客户经理');
    expect((await bot.core.db.member.findUniqueOrThrow({ where: { id: ids.U1 } })).role).toBe('manager');
    expect(await cm('UA', 'role @张三 客户经理')).toContain('已经是客户经理');
    expect(await cm('UA', 'role <@UA|李四> manager')).toContain('唯一的管理员');
    expect((await bot.core.db.member.findUniqueOrThrow({ where: { id: ids.UA } })).role).toBe('admin');
    const bad = await cm('UA', 'role @张三 boss');
    expect(bad).toContain('manager、admin 或 director');
    expect(bad).toContain('/cm role @张三 admin');
    expect(await cm('UA', 'role @不存在 admin')).toContain('找不到成员');
  });

  it('/cm target: amounts parsed by the rules module (50万, ¥600,000), this month by default, stored in fen', async () => {
    expect(await cm('UA', 'target <@U1|张三> 50万')).toContain('张三 2026-11 月度目标：50万（¥500,000.00）');
    expect(await cm('UA', 'target @张三 ¥600,000 2026-12')).toContain('2026-12');
    expect(await cm('UA', 'target @张三 55万')).toContain('原为 50万');
    const rows = await bot.core.db.monthlyTarget.findMany({ orderBy: { month: 'asc' } });
    expect(rows.map((r) => [r.memberId, r.month, r.amountFen])).toEqual([[ids.U1, '2026-11', 55_000_000n], [ids.U1, '2026-12', 60_000_000n]]);
    const bad = await cm('UA', 'target @张三 五十万');
    expect(bad).toContain('金额不对');
    expect(bad).toContain('/cm target @张三 50万');
    expect(await cm('UA', 'target @张三 -5万')).toContain('不能为负数');
    expect(await cm('UA', 'target @张三 50万 2026-13')).toContain('月份「2026-13」不对');
    expect(await bot.core.db.monthlyTarget.count()).toBe(2);
  });

  it('/cm training: stored, and one notice in the team channel after flush; bad input and past days refused', async () => {
    const t = await cm('UA', 'training 2026-11-26 14:00-16:00 理财产品培训');
    const row = await bot.core.db.trainingSession.findFirstOrThrow({});
    expect(row).toMatchObject({ day: '2026-11-26', startTime: '14:00', endTime: '16:00', title: '理财产品培训', createdBy: ids.UA });
    expect(t).toContain(`已安排培训 #${row.id}「理财产品培训」：2026-11-26（周四） 14:00–16:00`);
    expect(await bot.flush()).toBe(1);
    const ch = bot.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C_TEAM');
    expect(ch).toHaveLength(1);
    expect(ch[0].args.text).toContain('培训通知：理财产品培训');
    expect(ch[0].args.text).toContain('2026-11-26（周四）14:00–16:00');
    expect(await cm('UA', 'training 2026-11-26 16:00-14:00 反了')).toContain('应晚于开始时间');
    expect(await cm('UA', 'training 2026-11-20 14:00-16:00 过去')).toContain('已经过去');
    expect(await cm('UA', 'training 11-26 下午 主题')).toContain('请写上时间段');
    expect(await cm('UA', 'training 11-26 14:00-15:00')).toContain('请写上培训主题');
    expect(await bot.core.db.trainingSession.count()).toBe(1);
  });

  it('/cm holiday and /cm workday take effect at once (core.calendar is rebuilt); /cm calendar lists them and where the data ends', async () => {
    expect(bot.core.calendar.isWorkday('2026-11-25')).toBe(true);
    expect(await cm('UA', 'holiday 2026-11-25 中心团建')).toContain('已把 2026-11-25（周三） 设为休息日（中心团建）');
    expect(bot.core.calendar.isWorkday('2026-11-25')).toBe(false);
    expect(await cm('UA', 'workday 2026-11-28 年终冲刺')).toContain('设为工作日');
    expect(bot.core.calendar.isWorkday('2026-11-28')).toBe(true);
    const rows = await bot.core.db.calendarOverride.findMany({ orderBy: { day: 'asc' } });
    expect(rows.map((r) => [r.day, r.kind, r.note, r.createdBy])).toEqual([['2026-11-25', 'holiday', '中心团建', ids.UA], ['2026-11-28', 'workday', '年终冲刺', ids.UA]]);

    // The meeting follows the new calendar right away.
    bot.clock.now = cst('2026-11-25 07:50');
    expect((await bot.command('U1', '/checkin', '')).json().text).toContain('不开晨会');
    bot.clock.now = cst('2026-11-28 07:50');
    expect((await bot.command('U1', '/checkin', '')).json().text).toContain('签到成功');

    const list = await cm('UA', 'calendar');
    expect(list).toContain('法定节假日数据截止：2026-12-31');
    expect(list).toContain('2026-11-25（周三） 休息（中心团建）');
    expect(list).toContain('2026-11-28（周六） 上班（年终冲刺）');
    expect(list).toContain('明年的放假安排还没有数据');

    // Changing a day's kind updates the one row; removing restores the statutory calendar.
    await cm('UA', 'workday 2026-11-25 改回上班');
    expect(bot.core.calendar.isWorkday('2026-11-25')).toBe(true);
    expect(await bot.core.db.calendarOverride.count()).toBe(2);
    expect(await cm('UA', 'calendar remove 2026-11-28')).toContain('已删除');
    expect(bot.core.calendar.isWorkday('2026-11-28')).toBe(false);
    expect(await cm('UA', 'calendar remove 2026-11-28')).toContain('没有调整');
    expect(await cm('UA', 'holiday 下周一')).toContain('请写上日期');
  });

  it('permission matrix: every admin command and leave decision tried by a manager is refused, and nothing is stored', async () => {
    bot.clock.now = cst('2026-11-23 10:00');
    expect((await bot.command('U2', '/leave', '2026-12-10 事假 家中有事')).json().text).toContain('已提交');
    const lv = await bot.core.db.leaveRequest.findFirstOrThrow({});
    await bot.flush();
    const before = await snapshot();
    const attempts: [string, string][] = [
      ['/cm', 'role <@U2|赵六> admin'],
      ['/cm', 'role @李四 manager'],
      ['/cm', 'target <@U2|赵六> 50万'],
      ['/cm', 'training 2026-11-27 14:00-16:00 偷偷安排'],
      ['/cm', 'holiday 2026-11-27 放假'],
      ['/cm', 'workday 2026-11-29 加班'],
      ['/cm', 'calendar'],
      ['/cm', 'calendar remove 2026-11-25'],
      ['/leave', `approve ${lv.id}`],
      ['/leave', `reject ${lv.id} 不行`],
      ['/leave', 'pending'],
    ];
    for (const [cmd, text] of attempts) {
      for (const user of ['U1', 'U2']) {
        const res = await bot.command(user, cmd, text);
        expect(res.status).toBe(200);
        expect(res.json().text, `${user} ${cmd} ${text}`).toContain('只有管理员可以执行这个操作');
      }
    }
    // The buttons, too.
    bot.slack.calls.length = 0;
    for (const action of ['leave.approve', 'leave.reject']) {
      await bot.interact({
        type: 'block_actions', team: { id: 'T1' }, user: { id: 'U1', name: 'u1' }, api_app_id: 'A1', trigger_id: `trig-${++ts}`,
        response_url: bot.slack.url.replace('/api/', '/respond'),
        container: { type: 'message', message_ts: '1.1', channel_id: 'DU1' }, channel: { id: 'DU1' }, message: { ts: '1.1', text: 'x' },
        actions: [{ type: 'button', action_id: action, block_id: 'b', value: String(lv.id), action_ts: `${++ts}.1` }],
      });
    }
    await waitFor(() => bot.slack.callsTo('/respond').length >= 2);
    expect(bot.slack.callsTo('/respond').map((c) => c.args.text)).toEqual([expect.stringContaining('只有管理员'), expect.stringContaining('只有管理员')]);
    expect(bot.slack.callsTo('views.open')).toHaveLength(0);
    expect(await snapshot()).toBe(before);
    expect(bot.core.calendar.isWorkday('2026-11-27')).toBe(true);
    // /cm help shows a manager no admin commands.
    const help = await cm('U1', 'help');
    expect(help).toContain('/leave');
    expect(help).not.toContain('/cm holiday');
  });
});
