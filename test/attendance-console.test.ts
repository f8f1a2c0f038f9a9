// The same attendance workflows through the console adapter (runConsole over
// piped lines, printing replies, DMs and channel posts): leave asked, decided
// by an admin with the command printed under the DM's buttons, double
// approval, check-in on time and late, summaries, admin settings and refusals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Readable, Writable } from 'node:stream';
import { databases } from './support/db.ts';
import { testCore, type TestCore } from './support/core.ts';
import { runConsole, createConsoleTransport, createConsoleClock } from '../src/chat/console/adapter.ts';
import { createOutboxSender } from '../src/infra/outbox-sender.ts';

describe.each(databases())('attendance in the console (%s)', (kind) => {
  let tc: TestCore;
  const clock = createConsoleClock(() => new Date('2026-11-23T00:00:00Z'));

  /** Runs lines as a console session starting as `user`; returns everything printed. */
  async function session(user: string, lines: string[]): Promise<string> {
    let out = '';
    const write = (s: string) => void (out += s);
    const output = new Writable({ write(chunk, _enc, cb) { out += chunk.toString(); cb(); } });
    const sender = createOutboxSender({ db: tc.core.db, transport: createConsoleTransport(tc.core, write), log: tc.core.log, workerId: 'console-test', perChannelIntervalMs: 0, now: () => clock.now() });
    await runConsole(tc.core, { input: Readable.from(lines.map((l) => l + '\n')), output, user, clock, flush: () => sender.drain() });
    await sender.stop();
    return out;
  }
  /** The block of output printed after the line `> cmd` (up to the next prompt line). */
  const after = (out: string, cmd: string) => {
    const i = out.indexOf(`> ${cmd}\n`);
    expect(i, `no line ${cmd}`).toBeGreaterThanOrEqual(0);
    const rest = out.slice(i + cmd.length + 3);
    const next = rest.search(/^\S+> /m);
    return next < 0 ? rest : rest.slice(0, next);
  };
  const member = (name: string) => tc.core.db.member.findFirstOrThrow({ where: { name } });

  beforeAll(async () => {
    tc = await testCore(kind, { admins: ['李四'] });
  });
  afterAll(async () => tc?.close());

  it('leave: asked by a manager, the admin sees the DM with the typed commands, approves once; a second approval changes nothing', async () => {
    const out = await session('张三', [
      '/now 2026-11-23 10:00',
      '/as 李四',
      '/as 张三',
      '/leave 2026-11-25 事假 家中有事',
      '/leave 11-25 下午 病假 重叠',
      '/leave approve 1',
      '/as 李四',
      '/leave pending',
      '/leave approve 1',
      '/leave approve 1',
      '/as 张三',
      '/leave list',
      '/leave',
    ]);
    const asked = after(out, '/leave 2026-11-25 事假 家中有事');
    expect(asked).toContain('已提交请假申请 #1');
    expect(asked).toContain('✉️  [私信 → 李四]');
    expect(asked).toContain('张三 申请请假');
    expect(asked).toContain('[批准] → /leave approve 1');
    expect(asked).toContain('[拒绝] → /leave reject 1 <原因>');
    expect(after(out, '/leave 11-25 下午 病假 重叠')).toContain('时间重叠');
    expect(after(out, '/leave approve 1').split('\n')[0]).toContain('只有管理员');
    expect(after(out, '/leave pending')).toContain('#1 张三');
    const approvals = out.split('李四> /leave approve 1\n').slice(1);
    expect(approvals[0]).toContain('已批准 张三 的请假 #1');
    expect(approvals[0]).toContain('✉️  [私信 → 张三] ✅ 你的请假已批准（李四）');
    expect(approvals[1]).toContain('已处理');
    expect(approvals[1].split('张三>')[0]).not.toContain('私信');
    const row = await tc.core.db.leaveRequest.findUniqueOrThrow({ where: { id: 1 } });
    expect(row).toMatchObject({ status: 'approved', decidedBy: (await member('李四')).id });
    expect(await tc.core.db.leaveRequest.count()).toBe(1);
    expect(after(out, '/leave list')).toContain('[已批准]');
    expect(after(out, '/leave')).toContain('/leave 2026-11-25 事假 家中有事');
    expect(out).not.toContain('📣');
  });

  it('reject and cancel by typing', async () => {
    const out = await session('赵六', [
      '/now 2026-11-23 11:00',
      '/leave 12-01 上午 事假 办事',
      '/leave 12-02 事假 再办事',
      '/leave cancel 3',
      '/as 李四',
      '/leave reject 2',
      '/leave reject 2 月初要冲业绩',
      '/leave approve 3',
    ]);
    expect(after(out, '/leave cancel 3')).toContain('已撤回请假申请 #3');
    expect(after(out, '/leave reject 2')).toContain('请写上拒绝原因');
    const rej = after(out, '/leave reject 2 月初要冲业绩');
    expect(rej).toContain('已拒绝 赵六 的请假 #2');
    expect(rej).toContain('✉️  [私信 → 赵六] ❌ 你的请假未获批准（李四）');
    expect(rej).toContain('月初要冲业绩');
    expect(after(out, '/leave approve 3')).toContain('已撤回');
    const rows = await tc.core.db.leaveRequest.findMany({ orderBy: { id: 'asc' } });
    expect(rows.map((r) => r.status)).toEqual(['approved', 'rejected', 'cancelled']);
  });

  it('check-in: on time at 07:59:59 and late at 08:00:01 with exactly one MEET-3 entry; recorded once; holidays refused', async () => {
    const out = await session('张三', [
      '/now 2026-11-24 07:20',
      '/checkin',
      '/now 2026-11-24 07:59:59',
      '/checkin',
      '/as 赵六',
      '/now 2026-11-24 08:00:01',
      '/checkin',
      '/now 2026-11-24 08:02',
      '/checkin',
      '/now 2026-10-01 07:50',
      '/checkin',
    ]);
    const blocks = out.split(/^\S+> \/checkin\n/m).slice(1).map((b) => b.split('\n')[0]);
    expect(blocks[0]).toContain('签到 07:30 开放');
    expect(blocks[1]).toContain('签到成功 07:59:59');
    expect(blocks[2]).toContain('迟到');
    expect(out).toContain('按 MEET-3 记罚款 ¥20.00');
    expect(blocks[3]).toContain('已签到 08:00:01');
    expect(blocks[4]).toContain('国庆节');
    const zhao = await member('赵六');
    const entries = await tc.core.db.ledgerEntry.findMany({});
    expect(entries.map((e) => [e.memberId, e.ruleId, e.amountFen])).toEqual([[zhao.id, 'MEET-3', 2000n]]);
    expect(await tc.core.db.checkIn.count()).toBe(2);
  });

  it('summaries: inline week and month, refused after the deadline', async () => {
    const out = await session('张三', [
      '/now 2026-11-30 09:00',
      '/summary week 本周完成：拜访8户 下周计划：拜访10户',
      '/summary week',
      '/now 2026-11-30 12:01',
      '/summary week 2026-W48 改一下',
      '/summary month 本月完成：新增存款500万',
    ]);
    expect(after(out, '/summary week 本周完成：拜访8户 下周计划：拜访10户')).toContain('已提交2026-W48');
    expect(after(out, '/summary week')).toContain('已提交（本周完成：拜访8户）');
    expect(after(out, '/summary week 2026-W48 改一下')).toContain('已于 2026-11-30 12:00 截止');
    expect(after(out, '/summary month 本月完成：新增存款500万')).toContain('2026-11 月');
    const rows = await tc.core.db.summary.findMany({ orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.kind, r.period, r.content, r.plan])).toEqual([['week', '2026-W48', '本周完成：拜访8户', '拜访10户'], ['month', '2026-11', '本月完成：新增存款500万', '']]);
  });

  it('a member who chose English gets English answers', async () => {
    const out = await session('Wang', [
      '/now 2026-11-23 10:00',
      '/cm lang en',
      '/leave 2026-12-03 sick flu',
      '/leave 12-04 11:00-10:00 personal backwards',
      '/checkin',
      '/summary week did 5 visits plan: 6 visits',
    ]);
    expect(after(out, '/leave 2026-12-03 sick flu')).toMatch(/Leave request #\d+ submitted: 2026-12-03 \(Thu\) all day, sick leave/);
    const bad = after(out, '/leave 12-04 11:00-10:00 personal backwards');
    expect(bad).toContain('The end 10:00 must be after the start 11:00');
    expect(bad).toContain('Usage');
    expect(after(out, '/checkin')).toContain('The meeting ended at 08:30; check-in is closed.');
    expect(after(out, '/summary week did 5 visits plan: 6 visits')).toContain('Filed the 2026-W47 (11-16 to 11-22) weekly summary & plan');
    const row = await tc.core.db.leaveRequest.findFirstOrThrow({ where: { reason: 'flu' } });
    expect(row.kind).toBe('sick');
  });

  it('admin settings work for the admin and are refused for a manager with nothing stored', async () => {
    const out = await session('张三', [
      '/now 2026-11-23 10:00',
      '/cm holiday 2026-12-24 中心团建',
      '/cm target @张三 50万',
      '/cm role @张三 admin',
      '/cm training 2026-11-26 14:00-16:00 偷偷安排',
      '/as 李四',
      '/cm holiday 2026-12-24 中心团建',
      '/cm target @张三 50万',
      '/cm training 2026-11-26 14:00-16:00 理财产品培训',
      '/cm calendar',
      '/cm role @赵六 admin',
    ]);
    for (const cmd of ['/cm holiday 2026-12-24 中心团建', '/cm target @张三 50万', '/cm role @张三 admin', '/cm training 2026-11-26 14:00-16:00 偷偷安排']) {
      expect(out.split(`张三> ${cmd}\n`)[1].split('\n')[0], cmd).toContain('只有管理员');
    }
    expect(out.split('李四> /cm holiday 2026-12-24 中心团建\n')[1]).toContain('设为休息日');
    expect(tc.core.calendar.isWorkday('2026-12-24')).toBe(false);
    expect(after(out, '/cm training 2026-11-26 14:00-16:00 理财产品培训')).toContain('📣 [#C_TEAM] 📚 培训通知：理财产品培训');
    expect(after(out, '/cm calendar')).toContain('2026-12-24（周四） 休息（中心团建）');
    expect(after(out, '/cm role @赵六 admin')).toContain('赵六：客户经理 → 管理员');
    expect(await tc.core.db.calendarOverride.count()).toBe(1);
    expect((await tc.core.db.monthlyTarget.findMany({})).map((t) => t.amountFen)).toEqual([50_000_000n]);
    expect((await tc.core.db.trainingSession.findMany({})).map((t) => t.title)).toEqual(['理财产品培训']);
    expect((await member('张三')).role).toBe('manager');
  });
});
