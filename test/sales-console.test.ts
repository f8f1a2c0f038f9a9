// The same sales workflows in the console adapter (a script of typed lines,
// switching users with /as), and the VISIT-T tobacco checklist when that
// policy pack is active (inline in the console, a modal in Slack).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { runConsole, createConsoleTransport, createConsoleClock } from '../src/chat/console/adapter.ts';
import { runCommand } from '../src/chat/dispatch.ts';
import { createOutboxSender } from '../src/infra/outbox-sender.ts';
import { parsePolicy, type Policy } from '../src/rules/index.ts';
import { databases } from './support/db.ts';
import { cst, testCore, type TestCore } from './support/core.ts';
import { startBot, type Bot } from './support/bot.ts';

const NOW = cst('2026-11-23 10:00');

describe.each(databases())('console sales workflows (%s)', (kind) => {
  let tc: TestCore;
  let out = '';
  beforeAll(async () => {
    tc = await testCore(kind);
    const dir = mkdtempSync(join(tmpdir(), 'cm-balances-'));
    writeFileSync(join(dir, 'bad.csv'), '客户,月份,余额\n张三公司,2026-11,350万\n张三公司,2026-10,abc\n');
    writeFileSync(join(dir, 'good.csv'), '客户,月份,余额\n张三公司,2026-11,350万\n张三公司,2026-10,"3,000,000"\n');
    const input = new PassThrough();
    const output = new Writable({ write: (c, _e, cb) => ((out += c), cb()) });
    const clock = createConsoleClock(() => NOW);
    const sender = createOutboxSender({ db: tc.core.db, transport: createConsoleTransport(tc.core, (s) => output.write(s)), log: tc.core.log, workerId: 't', perChannelIntervalMs: 0, now: () => clock.now() });
    const done = runConsole(tc.core, { input, output, user: '王五', clock, flush: () => sender.drain() });
    input.end(
      [
        '/as 李主任 admin',
        '/as 赵六',
        '/as 王五',
        '/deal 12万 对公存款 张三公司',
        '/deal 12万3 对公存款',
        '/customer add 张三公司 13800000000 A 城东支行 需求：流动资金贷款',
        '/as 赵六',
        '/customer add 张三公司 13900000000 B',
        '/customer show 张三公司',
        '/booking 城东支行 2026-11-25 am',
        '/as 王五',
        '/booking 城东支行 2026-11-25 am',
        '/visit 张三公司 了解需求 需求：贷款500万',
        '/visit due',
        '/customer list',
        '/project 张三公司 综合授信5000万',
        '/as 李主任',
        '/project approve 1 同意立项',
        '/project approve 1',
        '/booking assign 城东支行 2026-11-25 am 王五',
        '/booking list',
        `/cm import balances ${join(dir, 'bad.csv')}`,
        `/cm import balances ${join(dir, 'good.csv')}`,
        '/as 赵六',
        `/cm import balances ${join(dir, 'good.csv')}`,
      ].join('\n'),
    );
    await done;
  });
  afterAll(async () => tc?.close());

  const after = (prompt: string) => out.split(prompt)[1]?.split(/\n\S+> /)[0] ?? '';

  it('PERF-1 and DAY-4: /deal replies with the amount, the broadcast and the register command; a bad amount stores nothing', async () => {
    const r = after('王五> /deal 12万 对公存款 张三公司');
    expect(r).toContain('¥120,000.00（12万）');
    expect(r).toContain('[登记客户 Register「张三公司」] → /customer add 张三公司 <电话> <A|B|C> <支行>');
    expect(out).toMatch(/📣 \[#C_TEAM\] 🎉 喜报！王五 今日（2026-11-23）签下 12万 大单/);
    expect(after('王五> /deal 12万3 对公存款')).toContain('无法识别');
    expect(await tc.core.db.deal.count()).toBe(1);
  });

  it('OWN-1: the first registration owns the customer; the duplicate and the peek are refused without the owner', async () => {
    expect(after('王五> /customer add 张三公司')).toContain('已登记客户');
    expect(after('王五> /customer add 张三公司')).toContain('待登记提醒已解除（DAY-4）');
    const dup = after('赵六> /customer add 张三公司');
    expect(dup).toContain('客户已登记(同名)');
    expect(dup).not.toContain('王五');
    expect(after('赵六> /customer show 张三公司')).toContain('你名下没有客户');
    expect(await tc.core.db.customer.count()).toBe(1);
  });

  it('INT-3/4, DAY-3, PRJ and PAY-2/3 in the console', async () => {
    expect(after('赵六> /booking 城东支行 2026-11-25 am')).toContain('预约成功');
    expect(after('王五> /booking 城东支行 2026-11-25 am')).toContain('已由 赵六 先申请');
    expect(after('王五> /visit 张三公司')).toContain('已记录对「张三公司」的拜访');
    expect(after('王五> /visit due')).toContain('没有逾期');
    expect(after('王五> /customer list')).toContain('#1 张三公司 · A类 · 城东支行 · 下次回访 2026-11-30（还有 7 天）');
    expect(after('王五> /project 张三公司')).toContain('2026-11-26 前答复');
    expect(out).toContain('✉️  [私信 → 李主任] 📋 立项申请 #1');
    expect(out).toContain('[批准 Approve] → /project approve 1');
    expect(after('李主任> /project approve 1 同意立项')).toContain('已批准立项申请 #1');
    expect(out).toContain('✉️  [私信 → 王五] 📋 你的立项申请 #1（客户「张三公司」）✅ 已批准（李主任）：同意立项');
    expect(out.split('📋 你的立项申请 #1').length).toBe(2); // told once
    expect(out.split('李主任> /project approve 1\n')[1]).toContain('已由 李主任 处理过');

    expect(after('李主任> /booking assign')).toContain('从 赵六 改派给 王五');
    expect(out).toContain('✉️  [私信 → 赵六] 📍 管理员 李主任 把你预约的 城东支行 2026-11-25 上午 改派给了 王五');
    expect(after('李主任> /booking list')).toMatch(/#\d+ 2026-11-25 上午 城东支行 — 王五（管理员分配）/);

    const bad = after(`李主任> /cm import balances ${''}`);
    expect(bad).toContain('第 3 行');
    expect(out).toContain('已导入 2 行客户余额（新增 2，更新 0），月份：2026-10、2026-11，合计 ¥6,500,000.00（650万）');
    expect(after('赵六> /cm import balances')).toContain('只有管理员');
    const rows = await tc.core.db.customerBalance.findMany({ orderBy: { month: 'asc' } });
    expect(rows.map((r) => [r.month, r.balanceFen])).toEqual([['2026-10', 300_000_000n], ['2026-11', 350_000_000n]]);
  });
});

// ------------------------------------------------------------------------------------------ VISIT-T

function tobaccoPolicy(): Policy {
  const r = parsePolicy({
    extends: 'default',
    rules: [
      {
        id: 'VISIT-T', section: 'D', mode: 'FLOW',
        title: { 'zh-CN': '烟草拜访八步', en: 'Tobacco visit routine' },
        text: { 'zh-CN': '问看介收整记答', en: 'Greet, look, introduce, collect, tidy, record, answer' },
        checklist: {
          steps: [
            { key: 'ask', label: { 'zh-CN': '问', en: 'Ask' }, items: [{ key: 'greet', label: { 'zh-CN': '问候', en: 'Greet' } }] },
            {
              key: 'look', label: { 'zh-CN': '看', en: 'Look' },
              items: [
                { key: 'stock', label: { 'zh-CN': '库存', en: 'Stock' } },
                { key: 'price', label: { 'zh-CN': '价签', en: 'Price tags' } },
              ],
            },
          ],
        },
      },
    ],
  });
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.policy;
}

describe.each(databases())('VISIT-T checklist (%s)', (kind) => {
  let tc: TestCore;
  const who = { platform: 'console' as const, externalId: '王五', displayName: '王五' };
  beforeAll(async () => {
    tc = await testCore(kind, { policy: tobaccoPolicy() });
    await runCommand(tc.core, who, 'customer', 'add 张三烟酒店 13800000000 A 城东', NOW);
  });
  afterAll(async () => tc?.close());

  it('the inline syntax takes item numbers or keys and stores the checklist as JSON; unknown items are refused with the list', async () => {
    const help = await runCommand(tc.core, who, 'visit', '', NOW);
    expect(help.text).toContain('2. look.stock 看：库存');
    const bad = await runCommand(tc.core, who, 'visit', '张三烟酒店 检查陈列 清单：1,9', NOW);
    expect(bad.text).toContain('清单里有不认识的项：9');
    expect(await tc.core.db.visit.count()).toBe(0);
    const ok = await runCommand(tc.core, who, 'visit', '张三烟酒店 检查陈列 清单：1, look.price', NOW);
    expect(ok.text).toContain('完成 2/3，未做：看:库存');
    const v = await tc.core.db.visit.findFirstOrThrow({});
    expect(v.notes).toBe('检查陈列');
    expect(JSON.parse(v.checklist!)).toEqual({ rule: 'VISIT-T', checked: ['ask.greet', 'look.price'], complete: false, missing: ['look.stock'] });
    await runCommand(tc.core, who, 'visit', '张三烟酒店 再次拜访 清单：全部', NOW);
    const all = await tc.core.db.visit.findFirstOrThrow({ where: { notes: '再次拜访' } });
    expect(JSON.parse(all.checklist!).complete).toBe(true);
  });

  it('without the policy pack the checklist part is refused', async () => {
    const plain = await testCore(kind);
    try {
      await runCommand(plain.core, who, 'customer', 'add 张三烟酒店 13800000000 A 城东', NOW);
      const r = await runCommand(plain.core, who, 'visit', '张三烟酒店 检查 清单：全部', NOW);
      expect(r.text).toContain('没有启用拜访清单');
      expect(await plain.core.db.visit.count()).toBe(0);
    } finally {
      await plain.close();
    }
  });
});

describe.each(databases())('VISIT-T in the Slack modal (%s)', (kind) => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await startBot(kind, { policy: tobaccoPolicy(), now: NOW });
    bot.slack.users.set('U1', { name: 'w', real_name: 'W', display_name: '王五' });
    await bot.command('U1', '/customer', 'add 张三烟酒店 13800000000 A 城东');
  });
  afterAll(async () => bot?.stop());

  it('the visit modal shows one yes/no field per checklist item; the submission stores the ticked ones', async () => {
    await bot.command('U1', '/visit', '', { trigger_id: 'trig-vt' });
    const view = bot.slack.callsTo('views.open').find((c) => c.args.trigger_id === 'trig-vt')!.args.view;
    expect(view.blocks.map((b: any) => b.block_id)).toEqual(['customer', 'notes', 'needs', 'suggestions', 'ck:ask.greet', 'ck:look.stock', 'ck:look.price']);
    const sel = (v: string) => ({ type: 'static_select', selected_option: { value: v } });
    const res = await bot.interact({
      type: 'view_submission', team: { id: 'T1' }, user: { id: 'U1', name: 'w' }, api_app_id: 'A1', trigger_id: 't',
      view: {
        id: 'V-vt', type: 'modal', callback_id: 'visit', private_metadata: '', hash: 'h',
        state: {
          values: {
            customer: { customer: { type: 'plain_text_input', value: '张三烟酒店' } },
            notes: { notes: { type: 'plain_text_input', value: '检查陈列' } },
            needs: { needs: { type: 'plain_text_input', value: null } },
            suggestions: { suggestions: { type: 'plain_text_input', value: null } },
            'ck:ask.greet': { 'ck:ask.greet': sel('yes') },
            'ck:look.stock': { 'ck:look.stock': sel('yes') },
            'ck:look.price': { 'ck:look.price': sel('no') },
          },
        },
      },
    });
    expect(res.status).toBe(200);
    const v = await bot.core.db.visit.findFirstOrThrow({});
    expect(JSON.parse(v.checklist!)).toMatchObject({ checked: ['ask.greet', 'look.stock'], missing: ['look.price'] });
  });
});
