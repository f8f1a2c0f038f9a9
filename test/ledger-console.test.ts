// The same ledger flows through the console adapter's entry point
// (runCommand with platform 'console'): report, escalation, waive, the
// permission matrix, /fines, /points, /rank and /cm home, on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases } from './support/db.ts';
import { testCore, cst, type TestCore } from './support/core.ts';
import { runCommand } from '../src/chat/dispatch.ts';
import { createOutboxSender } from '../src/infra/outbox-sender.ts';
import { createConsoleTransport } from '../src/chat/console/adapter.ts';

describe.each(databases())('ledger in the console (%s)', (kind) => {
  let tc: TestCore;
  let printed = '';
  let now = cst('2026-11-23 10:00');
  const as = (name: string) => ({ platform: 'console' as const, externalId: name, displayName: name });
  const run = async (user: string, cmd: string, text = '') => (await runCommand(tc.core, as(user), cmd, text, now)).text;
  const flush = () => createOutboxSender({ db: tc.core.db, transport: createConsoleTransport(tc.core, (s) => void (printed += s)), log: tc.core.log, workerId: 'c', perChannelIntervalMs: 0, now: () => now }).drain();
  const id = async (name: string) => (await tc.core.db.member.findFirstOrThrow({ where: { name } })).id;

  beforeAll(async () => {
    tc = await testCore(kind, { admins: ['李四'], directors: ['王五'] });
    for (const u of ['李四', '王五', '张三', '赵六']) await run(u, 'fines');
  });
  afterAll(async () => tc?.close());

  it('MEET-4 by an admin: one ¥10 entry recorded by the admin; the DM to the member has the rule ID and text', async () => {
    const t = await run('李四', 'report', 'MEET-4 @张三 晨会接听私人电话');
    expect(t).toContain('¥10.00');
    const e = await tc.core.db.ledgerEntry.findFirstOrThrow({});
    expect(e).toMatchObject({ memberId: await id('张三'), ruleId: 'MEET-4', amountFen: 1000n, recordedBy: await id('李四'), note: '晨会接听私人电话' });
    expect(t).toContain(`#${e.id}`);
    await flush();
    expect(printed).toContain('✉️  [私信 → 张三]');
    expect(printed).toContain('会议过程中,手机必须调到振动状态');
    // Typed twice on purpose: two entries (a console line has no delivery key to dedupe on).
    await run('李四', 'report', 'MEET-4 @张三 又一次');
    expect(await tc.core.db.ledgerEntry.count({ where: { ruleId: 'MEET-4' } })).toBe(2);
  });

  it('the third OUT-3 flags dismissal review and DMs the director; ETH-5 flags disqualification', async () => {
    for (let i = 0; i < 3; i++) await run('李四', 'report', `OUT-3 @赵六 外出办私事 ${i + 1}`);
    const flags = await tc.core.db.ledgerEntry.findMany({ where: { kind: 'flag' } });
    expect(flags.map((f) => f.escalation)).toEqual(['dismissal_review']);
    expect(await run('李四', 'report', 'ETH-5 @赵六')).toContain('取消客户经理资格');
    // A case is missing or is the bot's own: the answer names the choices and gives an example with one.
    expect(await run('李四', 'report', 'CRD-15 @赵六')).toContain('例如：/report CRD-15:CRD-1:standard @赵六');
    expect(await run('李四', 'report', 'TRN-2:late @赵六')).toContain('例如：/report TRN-2:early_leave @赵六');
    expect(await run('李四', 'report', 'SVC-1 @赵六 两户业务量下降')).toContain('例如：/report SVC-1:decline @赵六 两户业务量下降');
    printed = '';
    await flush();
    const toDirector = printed.split('✉️  ').filter((s) => s.startsWith('[私信 → 王五]'));
    expect(toDirector).toHaveLength(2);
    expect(toDirector.join('')).toContain('开除审查');
    expect(toDirector.join('')).toContain('取消客户经理资格');
  });

  it('×1.5 is applied within bounds; ×3.5 is refused and nothing is stored', async () => {
    expect(await run('李四', 'report', 'BAS-1 @张三 ×1.5')).toContain('不适用加重处罚');
    expect(await run('李四', 'report', 'ETH-1:standard @张三 1.5倍 造成不良影响')).toContain('扣 15 分');
    const n = await tc.core.db.ledgerEntry.count();
    expect(await run('李四', 'report', 'ETH-1:standard @张三 ×3.5')).toContain('加重倍数应在 1 到 3 之间');
    expect(await tc.core.db.ledgerEntry.count()).toBe(n);
  });

  it('permission matrix: as a manager every admin action is refused and nothing changes', async () => {
    const n = await tc.core.db.ledgerEntry.count();
    const out = await tc.core.db.outboxMessage.count();
    const e = await tc.core.db.ledgerEntry.findFirstOrThrow({ where: { ruleId: 'OUT-3' } });
    for (const [cmd, text] of [['report', 'MEET-4 @赵六'], ['waive', `${e.id} 免了`], ['fines', 'team'], ['fines', '@赵六'], ['fines', 'fund']]) {
      expect(await run('张三', cmd, text), `${cmd} ${text}`).toContain('只有管理员可以执行这个操作');
    }
    expect(await tc.core.db.ledgerEntry.count()).toBe(n);
    expect(await tc.core.db.outboxMessage.count()).toBe(out);
  });

  it('/waive once; the fund drops; the member sees the waived mark in /fines', async () => {
    expect(await run('王五', 'fines', 'fund')).toContain('累计余额：¥170.00');
    const e = await tc.core.db.ledgerEntry.findFirstOrThrow({ where: { ruleId: 'OUT-3' }, orderBy: { id: 'asc' } });
    expect(await run('李四', 'waive', `#${e.id} 客户临时约见`)).toContain(`已免除 #${e.id}`);
    expect(await run('李四', 'waive', `${e.id} 再来`)).toContain('已经免除过了');
    expect(await tc.core.db.ledgerEntry.count({ where: { reversesId: { not: null } } })).toBe(1);
    expect(await run('李四', 'fines', 'fund')).toContain('累计余额：¥120.00');
    const mine = await run('赵六', 'fines');
    expect(mine).toContain('已免除');
    expect(mine).toContain('客户临时约见');
    expect(mine).toContain('本月罚款合计：¥100.00');
    expect(mine).not.toContain('MEET-4');
  });

  it('/points, /rank and /cm home', async () => {
    expect(await run('张三', 'points', '2026-Q4')).toContain('本季度扣分合计：15 分');
    const t = tc.core.team.id;
    await tc.core.db.deal.create({ data: { teamId: t, memberId: await id('张三'), amountFen: 12_000_000n, product: '理财', day: '2026-11-20', occurredAt: cst('2026-11-20 10:00') } });
    await tc.core.db.deal.create({ data: { teamId: t, memberId: await id('赵六'), amountFen: 3_000_000n, product: '存款', day: '2026-11-23', occurredAt: cst('2026-11-23 10:00') } });
    const month = await run('赵六', 'rank');
    expect(month.indexOf('1. 张三 — 12万')).toBeGreaterThan(0);
    expect(month.indexOf('2. 赵六 — 3万')).toBeGreaterThan(month.indexOf('1. 张三'));
    expect(month).toContain('未设本月目标');
    // Week 2026-W48 starts on Monday the 23rd: only 赵六's deal.
    expect(await run('赵六', 'rank', 'week')).toMatch(/1\. 赵六 — 3万（1 笔） ⬅️\n2\. 张三 — ¥0/);
    now = cst('2026-11-23 11:00');
    const home = await run('张三', 'cm', 'home');
    expect(home).toContain('2026-11-23 今日状态');
    expect(home).toContain('没有待审批的请假');
    expect(home).toContain('名下还没有登记客户');
    expect(home).toContain('本月（2026-11）罚款：¥20.00（2 条）');
    expect(home).toContain('本季度（2026-Q4）扣分：15 分');
    expect(home).toContain('本月累计：12万（1 笔），排名第 1 / 2');
  });

  it('a note that starts with "x" is a note, not a multiplier; an English member gets English replies', async () => {
    const t = await run('李四', 'report', 'MEET-4 @张三 xx手机响了');
    expect(t).toContain('¥10.00');
    const e = await tc.core.db.ledgerEntry.findFirstOrThrow({ where: { note: 'xx手机响了' } });
    expect(e).toMatchObject({ amountFen: 1000n, multiplier: null });
    await run('张三', 'cm', 'lang en');
    const mine = await run('张三', 'fines');
    expect(mine).toContain('My entries for 2026-11');
    expect(mine).toContain('Fines this month: ¥30.00');
    // The Chinese rule text is always there; the English gloss follows it.
    expect(mine).toContain('会议过程中,手机必须调到振动状态');
    expect(mine).toContain('phone must be on vibrate');
  });

  it('five waivers of one entry at the same instant: exactly one is stored, the others are told it was already waived', async () => {
    const e = await tc.core.db.ledgerEntry.findFirstOrThrow({ where: { note: 'xx手机响了' } });
    const replies = await Promise.all([1, 2, 3, 4, 5].map((i) => run('李四', 'waive', `${e.id} 并发 ${i}`)));
    expect(replies.filter((r) => r.includes(`已免除 #${e.id}`))).toHaveLength(1);
    expect(replies.filter((r) => r.includes('已经免除过了'))).toHaveLength(4);
    expect(await tc.core.db.ledgerEntry.count({ where: { reversesId: e.id } })).toBe(1);
  });

  it('three OUT-3 reports for one member at the same instant still flag dismissal review exactly once', async () => {
    await run('钱七', 'fines');
    const replies = await Promise.all([1, 2, 3].map((i) => run('李四', 'report', `OUT-3 @钱七 并发 ${i}`)));
    expect(replies.every((r) => r.includes('¥50.00'))).toBe(true);
    const m = await id('钱七');
    expect(await tc.core.db.ledgerEntry.count({ where: { memberId: m, kind: 'fine' } })).toBe(3);
    expect(await tc.core.db.ledgerEntry.count({ where: { memberId: m, kind: 'flag', escalation: 'dismissal_review' } })).toBe(1);
  });
});
