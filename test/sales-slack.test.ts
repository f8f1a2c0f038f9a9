// Sales and customers end to end over real HTTP: signed slash commands,
// buttons and modal submissions into the running Bolt app; the Slack
// stand-in records what the bot sent; the database says what was stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { databases } from './support/db.ts';
import { startBot, type Bot } from './support/bot.ts';
import { cst } from './support/core.ts';
import { waitFor } from './support/slack.ts';

const MANAGER = 'U1'; // 王五
const OTHER = 'U2'; // 赵六
const ADMIN = 'U9'; // 李主任

let seq = 0;
const action = (bot: Bot, user: string, actionId: string, value: string) => {
  const n = ++seq;
  return {
    type: 'block_actions',
    team: { id: 'T1' },
    user: { id: user, name: user.toLowerCase() },
    api_app_id: 'A1',
    trigger_id: `trig.action.${n}`,
    response_url: `${bot.slack.url}response/${n}`,
    container: { type: 'message', message_ts: '1.1', channel_id: `D${user}` },
    channel: { id: `D${user}` },
    actions: [{ type: 'button', action_id: actionId, block_id: 'b1', value, action_ts: `${Date.now()}.${n}` }],
  };
};

type Field = { value?: string | null; option?: string; files?: { name: string; url_private_download: string }[] };
const submission = (user: string, callbackId: string, fields: Record<string, Field>, meta = '', viewId = `V-${++seq}`) => ({
  type: 'view_submission',
  team: { id: 'T1' },
  user: { id: user, name: user.toLowerCase() },
  api_app_id: 'A1',
  trigger_id: `trig.view.${seq}`,
  view: {
    id: viewId,
    type: 'modal',
    callback_id: callbackId,
    private_metadata: meta,
    hash: 'h',
    state: {
      values: Object.fromEntries(
        Object.entries(fields).map(([k, f]) => [
          k,
          {
            [k]: f.files
              ? { type: 'file_input', files: f.files }
              : f.option !== undefined
                ? { type: 'static_select', selected_option: { value: f.option } }
                : { type: 'plain_text_input', value: f.value ?? null },
          },
        ]),
      ),
    },
  },
});

const text = (res: { json(): any }) => res.json().text as string;

describe.each(databases())('Slack sales and customers (%s)', (kind) => {
  let bot: Bot;
  let files: Server;
  let filesUrl = '';
  const fileBodies = new Map<string, string>();
  const dms = (user: string) => bot.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === user);
  const channelPosts = () => bot.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C_TEAM');
  const responses = (n?: number) => bot.slack.calls.filter((c) => (n === undefined ? c.method.startsWith('response/') : c.method === `response/${n}`));
  const memberId = async (name: string) => (await bot.core.db.member.findFirstOrThrow({ where: { name } })).id;

  beforeAll(async () => {
    bot = await startBot(kind, { admins: [ADMIN], now: cst('2026-11-23 10:00') });
    bot.slack.users.set(MANAGER, { name: 'wangwu', real_name: 'Wang Wu', display_name: '王五' });
    bot.slack.users.set(OTHER, { name: 'zhaoliu', real_name: 'Zhao Liu', display_name: '赵六' });
    bot.slack.users.set(ADMIN, { name: 'li', real_name: 'Li', display_name: '李主任' });
    // Slack's file host: serves uploaded files to requests that carry the bot token.
    files = createServer((req, res) => {
      const body = fileBodies.get(req.url ?? '');
      if (req.headers.authorization !== 'Bearer xoxb-test-token' || body === undefined) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/csv' }).end(body);
    });
    await new Promise<void>((r) => files.listen(0, '127.0.0.1', r));
    filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
    // Everyone has used the bot once (so names resolve and admins can be DMed).
    for (const u of [MANAGER, OTHER, ADMIN]) await bot.command(u, '/cm', 'help');
  });
  afterAll(async () => {
    await bot?.stop();
    await new Promise((r) => files?.close(r));
  });

  // ------------------------------------------------------------------------------------------ /deal
  it('PERF-1: /deal 12万 naming an unregistered customer: amount and month total shown, DAY-4 clock started, register button, one congratulation', async () => {
    const res = await bot.command(MANAGER, '/deal', '12万 对公存款 张三公司');
    expect(res.status).toBe(200);
    const body = res.json();
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toContain('¥120,000.00（12万）');
    expect(body.text).toContain('本月累计：¥120,000.00（12万）');
    expect(body.text).toContain('已在团队频道播报');
    expect(body.text).toContain('客户「张三公司」还没有登记（DAY-4）');
    expect(body.text).toContain('2026-11-24 23:59');
    const button = body.blocks.find((b: any) => b.type === 'actions').elements[0];
    expect(button).toMatchObject({ action_id: 'customer.register', value: '张三公司' });

    const me = await memberId('王五');
    const deals = await bot.core.db.deal.findMany({});
    expect(deals).toHaveLength(1);
    expect(deals[0]).toMatchObject({ memberId: me, amountFen: 12_000_000n, product: '对公存款', customerName: '张三公司', customerId: null, day: '2026-11-23' });
    const pending = await bot.core.db.pendingRegistration.findMany({});
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ memberId: me, name: '张三公司', source: 'deal', registeredAt: null });

    expect(await bot.flush()).toBe(1);
    expect(await bot.flush()).toBe(0);
    const posts = channelPosts();
    expect(posts).toHaveLength(1);
    expect(posts[0].args.text).toContain('王五');
    expect(posts[0].args.text).toContain('12万');
    expect(posts[0].args.text).not.toContain('张三公司'); // no customer data in the channel
  });

  it('PERF-1: the threshold is inclusive: ¥99,999.99 is not announced, ¥100,000 is, exactly once', async () => {
    const before = channelPosts().length;
    const small = await bot.command(OTHER, '/deal', '¥99,999.99 理财');
    expect(text(small)).toContain('¥99,999.99');
    expect(text(small)).not.toContain('播报');
    const exact = await bot.command(OTHER, '/deal', '100000 理财');
    expect(text(exact)).toContain('¥100,000.00（10万）');
    expect(text(exact)).toContain('已在团队频道播报');
    expect(text(exact)).toContain('本月累计：¥199,999.99（20万）');
    await bot.flush();
    await bot.flush();
    const posts = channelPosts().slice(before);
    expect(posts).toHaveLength(1);
    expect(posts[0].args.text).toContain('赵六');
    expect(posts[0].args.text).toContain('10万');
    const outbox = await bot.core.db.outboxMessage.findMany({ where: { target: 'channel' } });
    expect(outbox.filter((o) => o.dedupeKey.startsWith('deal:'))).toHaveLength(2);
  });

  it('amounts: 12万, ¥120,000 and 1.2e5 are the same; 12万3 and -5 are refused with an example, and nothing is stored', async () => {
    const before = await bot.core.db.deal.count();
    for (const a of ['¥120,000', '1.2e5']) {
      const r = await bot.command(OTHER, '/deal', `${a} 代发工资`);
      expect(text(r)).toContain('¥120,000.00（12万）');
    }
    const two = await bot.core.db.deal.findMany({ orderBy: { id: 'desc' }, take: 2 });
    expect(two.map((d) => d.amountFen)).toEqual([12_000_000n, 12_000_000n]);
    const count = await bot.core.db.deal.count();
    expect(count).toBe(before + 2);
    const postsBefore = await bot.core.db.outboxMessage.count();
    for (const bad of ['12万3 存款', '-5 存款', '12万']) {
      const r = await bot.command(OTHER, '/deal', bad);
      expect(r.json().response_type).toBe('ephemeral');
      expect(text(r)).toContain('⚠️');
      expect(text(r)).toContain('/deal 12万 对公存款 张三公司');
    }
    expect(text(await bot.command(OTHER, '/deal', '-5 存款'))).toContain('不能为负数');
    expect(text(await bot.command(OTHER, '/deal', '12万3 存款'))).toContain('无法识别');
    expect(await bot.core.db.deal.count()).toBe(count);
    expect(await bot.core.db.outboxMessage.count()).toBe(postsBefore); // refusals post nothing
  });

  it('a retried delivery (same trigger) records one deal; typing /deal twice on purpose records two', async () => {
    const before = await bot.core.db.deal.count();
    const first = await bot.command(OTHER, '/deal', '5万 存款', { trigger_id: 'trig-retry-1' });
    const retry = await bot.command(OTHER, '/deal', '5万 存款', { trigger_id: 'trig-retry-1' });
    expect(text(first)).toContain('¥50,000.00（5万）');
    expect(text(retry)).toContain('没有重复记录');
    expect(await bot.core.db.deal.count()).toBe(before + 1);
    await bot.command(OTHER, '/deal', '5万 存款');
    expect(await bot.core.db.deal.count()).toBe(before + 2);
  });

  // ------------------------------------------------------------------------------------------ /customer
  it('DAY-4: the register button opens the customer modal prefilled; a bad field comes back next to it; the submission registers, resolves the pending registration and DMs the result', async () => {
    const click = action(bot, MANAGER, 'customer.register', '张三公司');
    expect((await bot.interact(click)).status).toBe(200);
    await waitFor(() => bot.slack.callsTo('views.open').some((c) => c.args.trigger_id === click.trigger_id));
    const view = bot.slack.callsTo('views.open').find((c) => c.args.trigger_id === click.trigger_id)!.args.view;
    expect(view.callback_id).toBe('customer');
    expect(view.blocks.map((b: any) => b.block_id)).toEqual(['name', 'phone', 'tier', 'branch', 'needs', 'suggestions']);
    expect(view.blocks[0].element.initial_value).toBe('张三公司');

    const bad = await bot.interact(submission(MANAGER, 'customer', { name: { value: '张三公司' }, phone: { value: '12345' }, tier: { option: 'A' } }));
    expect(bad.json().response_action).toBe('errors');
    expect(Object.keys(bad.json().errors)).toEqual(['phone']);
    expect(await bot.core.db.customer.count()).toBe(0);

    const ok = await bot.interact(
      submission(MANAGER, 'customer', { name: { value: '张三公司' }, phone: { value: '138-0000-0000' }, tier: { option: 'A' }, branch: { value: '城东支行' }, needs: { value: '流动资金贷款' }, suggestions: { value: null } }),
    );
    expect(ok.status).toBe(200);
    const customers = await bot.core.db.customer.findMany({});
    expect(customers).toHaveLength(1);
    expect(customers[0]).toMatchObject({ ownerId: await memberId('王五'), name: '张三公司', phone: '13800000000', tier: 'A', branch: '城东支行', needs: '流动资金贷款' });
    const pending = await bot.core.db.pendingRegistration.findFirstOrThrow({});
    expect(pending.registeredAt).not.toBeNull();
    await waitFor(() => dms(MANAGER).some((d) => d.args.text.includes('已登记客户')));
    expect(await bot.core.db.customerChange.count({ where: { customerId: customers[0].id } })).toBe(1);
  });

  it('OWN-1: a duplicate by name or by phone is refused without revealing the owner or his data; nothing is stored', async () => {
    const sameName = await bot.command(OTHER, '/customer', 'add 张三公司 13900000000 B 城西支行');
    const samePhone = await bot.command(OTHER, '/customer', 'add 张三集团 +86-138-0000-0000 B');
    const modal = await bot.interact(submission(OTHER, 'customer', { name: { value: '张三 公司' }, phone: { value: '13700000000' }, tier: { option: 'B' } }));
    expect(text(sameName)).toContain('同名');
    expect(text(samePhone)).toContain('同一电话');
    expect(modal.json()).toMatchObject({ response_action: 'errors', errors: { name: expect.stringContaining('同名') } });
    for (const t of [text(sameName), text(samePhone), JSON.stringify(modal.json())]) {
      expect(t).toContain('已');
      expect(t).not.toContain('王五');
      expect(t).not.toContain('13800000000');
      expect(t).not.toContain('城东支行');
      expect(t).not.toContain('流动资金');
    }
    const rows = await bot.core.db.customer.findMany({});
    expect(rows.map((c) => c.name)).toEqual(['张三公司']);
    expect(rows[0].ownerId).toBe(await memberId('王五'));
  });

  it('OWN-1: the owner registering his own customer again is told he already has it', async () => {
    const r = await bot.command(MANAGER, '/customer', 'add 张三公司 13800000000 A 城东支行');
    expect(text(r)).toContain('你已经登记过这个客户');
    expect(await bot.core.db.customer.count()).toBe(1);
  });

  it("a manager cannot show or edit another manager's customer; the owner and an admin can; edits keep history", async () => {
    const before = await bot.core.db.customer.findFirstOrThrow({ where: { name: '张三公司' } });
    const peek = await bot.command(OTHER, '/customer', 'show 张三公司');
    expect(text(peek)).toContain('你名下没有客户「张三公司」');
    expect(text(peek)).not.toContain('13800000000');
    const sneak = await bot.command(OTHER, '/customer', 'edit 张三公司 等级=C');
    expect(text(sneak)).toContain('你名下没有客户');
    expect((await bot.core.db.customer.findUniqueOrThrow({ where: { id: before.id } })).tier).toBe('A');

    const edit = await bot.command(MANAGER, '/customer', 'edit 张三公司 等级=B 需求=扩大 授信 建议=上门服务');
    expect(text(edit)).toContain('已更新客户');
    const after = await bot.core.db.customer.findUniqueOrThrow({ where: { id: before.id } });
    expect(after).toMatchObject({ tier: 'B', needs: '扩大 授信', suggestions: '上门服务' });
    const changes = await bot.core.db.customerChange.findMany({ where: { customerId: before.id }, orderBy: { id: 'asc' } });
    expect(changes).toHaveLength(2);
    expect(JSON.parse(changes[1].changes)).toEqual({ tier: ['A', 'B'], needs: ['流动资金贷款', '扩大 授信'], suggestions: ['', '上门服务'] });

    const mine = text(await bot.command(MANAGER, '/customer', 'show 张三公司'));
    expect(mine).toContain('13800000000');
    expect(mine).toContain('修改记录');
    expect(mine).toContain('王五：等级、需求、建议');
    const admin = text(await bot.command(ADMIN, '/customer', `show #${before.id}`));
    expect(admin).toContain('客户经理：王五');

    const bad = await bot.command(MANAGER, '/customer', 'edit 张三公司 等级=D');
    expect(text(bad)).toContain('A、B 或 C');
    expect((await bot.core.db.customer.findUniqueOrThrow({ where: { id: before.id } })).tier).toBe('B');
    expect(await bot.core.db.customerChange.count({ where: { customerId: before.id } })).toBe(2);
  });

  it('/customer edit with only a name opens the prefilled modal; its submission edits that customer', async () => {
    await bot.command(MANAGER, '/customer', 'edit 张三公司', { trigger_id: 'trig-edit' });
    const open = bot.slack.callsTo('views.open').find((c) => c.args.trigger_id === 'trig-edit')!;
    expect(open.args.view.private_metadata).toMatch(/^edit:\d+$/);
    expect(open.args.view.blocks[3].element.initial_value).toBe('城东支行');
    const r = await bot.interact(
      submission(MANAGER, 'customer', { name: { value: '张三公司' }, phone: { value: '13800000000' }, tier: { option: 'A' }, branch: { value: '城南支行' }, needs: { value: '扩大 授信' }, suggestions: { value: '上门服务' } }, open.args.view.private_metadata),
    );
    expect(r.status).toBe(200);
    expect(await bot.core.db.customer.findFirstOrThrow({ where: { name: '张三公司' } })).toMatchObject({ branch: '城南支行', tier: 'A' });
  });

  it("/customer list: a manager sees only his own (tier, next visit due); an admin sees all, or one manager's", async () => {
    const r = await bot.command(OTHER, '/customer', 'add 李四商贸 010-12345678 C 城西支行 需求：代发工资 建议：优化流程');
    expect(text(r)).toContain('已登记客户');
    const li = await bot.core.db.customer.findFirstOrThrow({ where: { name: '李四商贸' } });
    expect(li).toMatchObject({ phone: '01012345678', tier: 'C', branch: '城西支行', needs: '代发工资', suggestions: '优化流程' });

    const mine = text(await bot.command(MANAGER, '/customer', 'list'));
    expect(mine).toContain('张三公司');
    expect(mine).toContain('A类');
    expect(mine).toContain('下次回访 2026-11-30');
    expect(mine).not.toContain('李四商贸');
    const theirs = text(await bot.command(OTHER, '/customer', 'list'));
    expect(theirs).toContain('李四商贸');
    expect(theirs).not.toContain('张三公司');
    expect(text(await bot.command(OTHER, '/customer', 'list all'))).toContain('⛔');
    const all = text(await bot.command(ADMIN, '/customer', 'list'));
    expect(all).toContain('张三公司');
    expect(all).toContain('李四商贸');
    const one = text(await bot.command(ADMIN, '/customer', 'list 赵六'));
    expect(one).toContain('李四商贸');
    expect(one).not.toContain('张三公司');
  });

  // ------------------------------------------------------------------------------------------ /visit
  it("DAY-3 / OUT-4: /visit records needs and suggestions for one's own customer; another's is refused; an unregistered name starts the DAY-4 clock instead", async () => {
    const r = await bot.command(MANAGER, '/visit', '张三公司 了解流动资金需求 需求：贷款500万 建议：上门服务');
    expect(text(r)).toContain('已记录对「张三公司」的拜访');
    expect(text(r)).toContain('下次应于 2026-11-30 前回访');
    const v = await bot.core.db.visit.findFirstOrThrow({});
    expect(v).toMatchObject({ notes: '了解流动资金需求', needs: '贷款500万', suggestions: '上门服务', day: '2026-11-23', checklist: null });

    const other = await bot.command(OTHER, '/visit', '张三公司 路过');
    expect(text(other)).toContain('你名下没有客户「张三公司」');
    expect(await bot.core.db.visit.count()).toBe(1);

    const unknown = await bot.command(MANAGER, '/visit', '新客户甲 初次拜访');
    expect(text(unknown)).toContain('还没有登记');
    expect(unknown.json().blocks.find((b: any) => b.type === 'actions').elements[0].action_id).toBe('customer.register');
    expect(await bot.core.db.visit.count()).toBe(1);
    expect(await bot.core.db.pendingRegistration.findFirst({ where: { name: '新客户甲', source: 'visit', registeredAt: null } })).not.toBeNull();
  });

  it('/visit with no arguments opens the modal; its submission is stored once even if delivered twice', async () => {
    await bot.command(MANAGER, '/visit', '', { trigger_id: 'trig-visit' });
    const open = bot.slack.callsTo('views.open').find((c) => c.args.trigger_id === 'trig-visit')!;
    expect(open.args.view.callback_id).toBe('visit');
    expect(open.args.view.blocks.map((b: any) => b.block_id)).toEqual(['customer', 'notes', 'needs', 'suggestions']); // no VISIT-T in the default policy
    const empty = await bot.interact(submission(MANAGER, 'visit', { customer: { value: '张三公司' }, notes: { value: ' ' } }));
    expect(Object.keys(empty.json().errors)).toEqual(['notes']);
    const s = submission(MANAGER, 'visit', { customer: { value: '张三公司' }, notes: { value: '回访签约' }, needs: { value: '' }, suggestions: { value: '' } });
    await bot.interact(s);
    await bot.interact(s);
    expect(await bot.core.db.visit.count({ where: { notes: '回访签约' } })).toBe(1);
  });

  it('/visit due lists own customers due within the reminder window, then overdue', async () => {
    bot.clock.now = cst('2026-11-23 11:00');
    expect(text(await bot.command(MANAGER, '/visit', 'due'))).toContain('没有逾期');
    bot.clock.now = cst('2026-11-29 09:00'); // tier A, visited 11-23: due 11-30
    const soon = text(await bot.command(MANAGER, '/visit', 'due'));
    expect(soon).toContain('张三公司');
    expect(soon).toContain('下次回访 2026-11-30（还有 1 天）');
    bot.clock.now = cst('2026-12-01 09:00');
    const late = text(await bot.command(MANAGER, '/visit', 'due'));
    expect(late).toContain('回访已逾期（应于 2026-11-30 前');
    expect(text(await bot.command(OTHER, '/visit', 'due'))).not.toContain('张三公司');
    bot.clock.now = cst('2026-11-23 11:00');
  });

  // ------------------------------------------------------------------------------------------ /booking
  it('INT-3/4: the first request gets the slot; the second is told who holds it; cancel is own-only; an admin reassigns with DMs to both', async () => {
    const win = await bot.command(MANAGER, '/booking', '城东支行 2026-11-25 am');
    expect(text(win)).toContain('预约成功');
    const lose = await bot.command(OTHER, '/booking', '城东支行 2026-11-25 上午');
    expect(text(lose)).toContain('已由 王五 先申请');
    const again = await bot.command(MANAGER, '/booking', '城东支行 11-25 am');
    expect(text(again)).toContain('你已经预约了');
    expect(await bot.core.db.booking.count()).toBe(1);
    const b = await bot.core.db.booking.findFirstOrThrow({});

    expect(text(await bot.command(OTHER, '/booking', `cancel ${b.id}`))).toContain('你没有编号为');
    const list = text(await bot.command(OTHER, '/booking', 'list 2026-11-25'));
    expect(list).toContain(`#${b.id} 2026-11-25 上午 城东支行 — 王五`);
    expect(text(await bot.command(OTHER, '/booking', 'assign 城东支行 2026-11-25 am 赵六'))).toContain('⛔');
    expect(text(await bot.command(MANAGER, '/booking', '城东支行 2026-11-20 am'))).toContain('已经过去');
    expect(text(await bot.command(MANAGER, '/booking', '城东支行 2026-11-25 evening'))).toContain('am（上午）或 pm（下午）');
    expect(await bot.core.db.booking.count()).toBe(1);

    await bot.flush();
    const before = bot.slack.callsTo('chat.postMessage').length;
    const assign = await bot.command(ADMIN, '/booking', 'assign 城东支行 2026-11-25 am 赵六');
    expect(text(assign)).toContain('从 王五 改派给 赵六');
    const row = await bot.core.db.booking.findUniqueOrThrow({ where: { id: b.id } });
    expect(row).toMatchObject({ memberId: await memberId('赵六'), reassignedBy: await memberId('李主任') });
    expect(await bot.flush()).toBe(2);
    const sent = bot.slack.callsTo('chat.postMessage').slice(before);
    expect(sent.find((c) => c.args.channel === OTHER)!.args.text).toContain('分配给了你');
    expect(sent.find((c) => c.args.channel === MANAGER)!.args.text).toContain('改派给了 赵六');
    // The same assignment again changes nothing and sends nothing.
    expect(text(await bot.command(ADMIN, '/booking', 'assign 城东支行 2026-11-25 am 赵六'))).toContain('未做更改');
    expect(await bot.flush()).toBe(0);
    expect(text(await bot.command(OTHER, '/booking', `cancel ${b.id}`))).toContain('已取消预约');
    expect(await bot.core.db.booking.count()).toBe(0);
  });

  // ------------------------------------------------------------------------------------------ /project
  it('PRJ: an application shows its deadline in working days; admins get Approve/Reject buttons; approval is given once and DMed to the applicant', async () => {
    const r = await bot.command(MANAGER, '/project', '张三公司 申请综合授信5000万，配套代发工资');
    expect(text(r)).toContain('2026-11-26 前答复');
    const p = await bot.core.db.projectApplication.findFirstOrThrow({});
    expect(p).toMatchObject({ customerName: '张三公司', submittedDay: '2026-11-23', dueDay: '2026-11-26', status: 'pending' });
    await bot.flush();
    const ask = dms(ADMIN).find((d) => d.args.text.includes(`立项申请 #${p.id}`))!;
    expect(ask).toBeTruthy();
    const ids = ask.args.blocks.find((b: any) => b.type === 'actions').elements.map((e: any) => [e.action_id, e.value]);
    expect(ids).toEqual([['project.approve', String(p.id)], ['project.reject', String(p.id)]]);
    expect(dms(MANAGER).some((d) => d.args.text.includes(`立项申请 #${p.id}`))).toBe(false);

    // A manager clicking the button is refused.
    const sneaky = action(bot, MANAGER, 'project.approve', String(p.id));
    await bot.interact(sneaky);
    await waitFor(() => responses(seq).some((c) => String(c.args.text).includes('只有管理员')));
    expect((await bot.core.db.projectApplication.findUniqueOrThrow({ where: { id: p.id } })).status).toBe('pending');

    const first = action(bot, ADMIN, 'project.approve', String(p.id));
    const n1 = seq;
    await bot.interact(first);
    const second = action(bot, ADMIN, 'project.approve', String(p.id)); // a double click
    const n2 = seq;
    await bot.interact(second);
    // The two clicks run at the same time: whichever is first approves, the other is told it was done.
    await waitFor(() => responses(n1).length + responses(n2).length >= 4);
    const row = await bot.core.db.projectApplication.findUniqueOrThrow({ where: { id: p.id } });
    expect(row).toMatchObject({ status: 'approved', answeredBy: await memberId('李主任') });
    const both = [...responses(n1), ...responses(n2)];
    const replaced = both.filter((c) => c.args.replace_original === true);
    expect(replaced.length).toBeGreaterThanOrEqual(1);
    for (const r of replaced) expect(r.args.text).toContain('已批准'); // the message shows the final state
    const said = both.filter((c) => c.args.replace_original !== true).map((c) => String(c.args.text));
    expect(said.filter((t) => t.includes('已批准立项申请'))).toHaveLength(1);
    expect(said.filter((t) => t.includes('已由 李主任 处理过'))).toHaveLength(1);
    await bot.flush();
    await bot.flush();
    const told = dms(MANAGER).filter((d) => d.args.text.includes(`立项申请 #${p.id}`));
    expect(told).toHaveLength(1);
    expect(told[0].args.text).toContain('已批准');
  });

  it('PRJ: Reject asks for a reason in a modal; the applicant gets the reason; the deadline skips the National Day holiday', async () => {
    bot.clock.now = cst('2026-09-30 10:00');
    const r = await bot.command(OTHER, '/project', '李四商贸 代发工资项目');
    expect(text(r)).toContain('2026-10-10 前答复'); // Oct 1–7 off; Oct 8, 9 and the 调休 Saturday 10th are working days
    const p = await bot.core.db.projectApplication.findFirstOrThrow({ where: { customerName: '李四商贸' } });
    const click = action(bot, ADMIN, 'project.reject', String(p.id));
    await bot.interact(click);
    await waitFor(() => bot.slack.callsTo('views.open').some((c) => c.args.trigger_id === click.trigger_id));
    const view = bot.slack.callsTo('views.open').find((c) => c.args.trigger_id === click.trigger_id)!.args.view;
    expect(view).toMatchObject({ callback_id: 'project.reject', private_metadata: String(p.id) });
    const empty = await bot.interact(submission(ADMIN, 'project.reject', { reason: { value: '' } }, String(p.id)));
    expect(empty.json().errors).toHaveProperty('reason');
    expect((await bot.core.db.projectApplication.findUniqueOrThrow({ where: { id: p.id } })).status).toBe('pending');
    await bot.interact(submission(ADMIN, 'project.reject', { reason: { value: '额度超出权限' } }, String(p.id)));
    const row = await bot.core.db.projectApplication.findUniqueOrThrow({ where: { id: p.id } });
    expect(row).toMatchObject({ status: 'rejected', answer: '额度超出权限' });
    await bot.flush();
    expect(dms(OTHER).some((d) => d.args.text.includes(`#${p.id}`) && d.args.text.includes('额度超出权限'))).toBe(true);
    const list = text(await bot.command(OTHER, '/project', 'list'));
    expect(list).toContain('已驳回');
    expect(list).not.toContain('张三公司');
    bot.clock.now = cst('2026-11-23 11:00');
  });

  // ------------------------------------------------------------------------------------------ /cm import balances
  it('PAY-2/3: /cm import balances opens an upload modal; a file with one bad row stores nothing and names the line; a good file is stored', async () => {
    expect(text(await bot.command(MANAGER, '/cm', 'import balances'))).toContain('只有管理员');
    await bot.command(ADMIN, '/cm', 'import balances', { trigger_id: 'trig-import' });
    const open = bot.slack.callsTo('views.open').find((c) => c.args.trigger_id === 'trig-import')!;
    expect(open.args.view.callback_id).toBe('balances.import');
    expect(open.args.view.blocks[0].element.type).toBe('file_input');

    const zhang = await bot.core.db.customer.findFirstOrThrow({ where: { name: '张三公司' } });
    fileBodies.set('/bad.csv', `客户,月份,余额\n张三公司,2026-11,350万\n#${zhang.id},2026-1,100\n李四商贸,2026-11,"1,200,000.00"\n`);
    const bad = await bot.interact(submission(ADMIN, 'balances.import', { file: { files: [{ name: 'bad.csv', url_private_download: `${filesUrl}/bad.csv` }] } }));
    expect(bad.json().response_action).toBe('errors');
    expect(bad.json().errors.file).toContain('第 3 行');
    expect(bad.json().errors.file).toContain('YYYY-MM');
    expect(await bot.core.db.customerBalance.count()).toBe(0);

    fileBodies.set('/good.csv', `客户,月份,余额\n张三公司,2026-11,350万\n#${zhang.id},2026-10,300万\n李四商贸,2026-11,"1,200,000.00"\n`);
    const good = await bot.interact(submission(ADMIN, 'balances.import', { file: { files: [{ name: 'good.csv', url_private_download: `${filesUrl}/good.csv` }] } }));
    expect(good.status).toBe(200);
    const rows = await bot.core.db.customerBalance.findMany({ orderBy: [{ customerId: 'asc' }, { month: 'asc' }] });
    expect(rows.map((r) => [r.month, r.balanceFen])).toEqual([['2026-10', 300_000_000n], ['2026-11', 350_000_000n], ['2026-11', 120_000_000n]]);
    await waitFor(() => dms(ADMIN).some((d) => d.args.text.includes('已导入 3 行')));
    expect(dms(ADMIN).find((d) => d.args.text.includes('已导入 3 行'))!.args.text).toContain('合计 ¥7,700,000.00（770万）');
  });
});
