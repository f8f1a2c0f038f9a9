// DAY-1 end to end over real HTTP: signed slash commands and modal
// submissions into the running Bolt app, a local Slack stand-in, real databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases } from './support/db.ts';
import { startBot, SECRET, type Bot } from './support/bot.ts';
import { cst } from './support/core.ts';
import { postSigned, slashBody, waitFor } from './support/slack.ts';

describe.each(databases())('Slack DAY-1 targets and day log (%s)', (kind) => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await startBot(kind, { now: cst('2026-11-23 08:40') });
    bot.slack.users.set('U1', { name: 'zhangsan', real_name: 'Zhang San', display_name: '张三' });
  });
  afterAll(async () => bot?.stop());

  it('DAY-1: /target is acknowledged, stored for the local day, and posted to the team channel', async () => {
    const res = await bot.command('U1', '/target', '拜访3户企业客户，新增存款50万');
    expect(res.status).toBe(200);
    expect(res.json().text).toContain('已记录今日目标（2026-11-23）');
    const member = await bot.core.db.member.findFirstOrThrow({ where: { name: '张三' } });
    const row = await bot.core.db.dailyTarget.findUniqueOrThrow({ where: { memberId_day: { memberId: member.id, day: '2026-11-23' } } });
    expect(row.text).toBe('拜访3户企业客户，新增存款50万');
    expect(await bot.flush()).toBe(1);
    const posts = bot.slack.callsTo('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0].args.channel).toBe('C_TEAM');
    expect(posts[0].args.text).toContain('张三 今日目标（2026-11-23）');
  });

  it('DAY-1: sending /target again the same day updates it (one row) and says so', async () => {
    const res = await bot.command('U1', '/target', '拜访5户企业客户');
    expect(res.json().text).toContain('已更新今日目标');
    const rows = await bot.core.db.dailyTarget.findMany({});
    expect(rows).toHaveLength(1);
    expect(rows[0].text).toBe('拜访5户企业客户');
  });

  it('DAY-1: an empty /target gets a private answer with an example, and nothing is stored', async () => {
    const before = await bot.core.db.dailyTarget.count();
    const res = await bot.command('U2', '/target', '   ');
    expect(res.status).toBe(200);
    const body = res.json();
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toContain('请写上今日目标');
    expect(body.text).toContain('/target 拜访3户企业客户');
    expect(await bot.core.db.dailyTarget.count()).toBe(before);
  });

  it('DAY-1: an over-long /target is refused and nothing is stored', async () => {
    const res = await bot.command('U1', '/target', '很'.repeat(2001));
    expect(res.json().text).toContain('上限 2000 字');
    const rows = await bot.core.db.dailyTarget.findMany({});
    expect(rows[0].text).toBe('拜访5户企业客户');
  });

  it('DAY-1: /diary with no text opens the modal (views.open recorded with the trigger id)', async () => {
    const res = await bot.command('U1', '/diary', '', { trigger_id: 'trig-diary-1' });
    expect(res.status).toBe(200);
    const opens = bot.slack.callsTo('views.open');
    expect(opens).toHaveLength(1);
    expect(opens[0].args.trigger_id).toBe('trig-diary-1');
    expect(opens[0].args.view.callback_id).toBe('diary');
    expect(opens[0].args.view.blocks.map((b: any) => b.block_id)).toEqual(['workDone', 'results', 'problems']);
  });

  const submission = (viewId: string, workDone: string) => ({
    type: 'view_submission',
    team: { id: 'T1' },
    user: { id: 'U1', name: 'zhangsan' },
    api_app_id: 'A1',
    trigger_id: 'trig-sub',
    view: {
      id: viewId,
      type: 'modal',
      callback_id: 'diary',
      private_metadata: '',
      hash: 'h1',
      state: {
        values: {
          workDone: { workDone: { type: 'plain_text_input', value: workDone } },
          results: { results: { type: 'plain_text_input', value: '新增存款20万' } },
          problems: { problems: { type: 'plain_text_input', value: null } },
        },
      },
    },
  });

  it('DAY-1: an empty modal field comes back as an error next to that field and stores nothing', async () => {
    const res = await bot.interact(submission('V-bad', '  '));
    expect(res.status).toBe(200);
    const body = res.json();
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors)).toEqual(['workDone']);
    expect(await bot.core.db.dayLog.count()).toBe(0);
  });

  it('DAY-1: the modal submission is stored, and the same submission delivered twice stores once', async () => {
    const first = await bot.interact(submission('V-1', '拜访3户企业客户'));
    expect(first.status).toBe(200);
    const second = await bot.interact(submission('V-1', '拜访3户企业客户'));
    expect(second.status).toBe(200);
    const logs = await bot.core.db.dayLog.findMany({});
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ day: '2026-11-23', workDone: '拜访3户企业客户', results: '新增存款20万', problems: '' });
    const dms = () => bot.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'U1');
    await waitFor(() => dms().length >= 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(dms().map((d) => d.args.text)).toEqual(['✅ 已保存 2026-11-23 的工作日志。']);
  });

  it('DAY-1: /diary inline text edits the log before the deadline; /diary history lists only my own days', async () => {
    const res = await bot.command('U1', '/diary', '工作：拜访4户 业绩：新增存款30万 问题：无');
    expect(res.json().text).toContain('已更新 2026-11-23 的工作日志');
    const log = await bot.core.db.dayLog.findFirstOrThrow({});
    expect(log).toMatchObject({ workDone: '拜访4户', results: '新增存款30万', problems: '无' });
    await bot.command('U2', '/target', '别人的目标');
    const hist = (await bot.command('U1', '/diary', 'history 7')).json().text;
    expect(hist).toContain('拜访5户企业客户');
    expect(hist).not.toContain('别人的目标');
  });

  it('the team-local day is used: 23:30 UTC on the 23rd is already the 24th in Shanghai', async () => {
    bot.clock.now = new Date('2026-11-23T23:30:00Z');
    await bot.command('U1', '/target', '次日目标');
    const member = await bot.core.db.member.findFirstOrThrow({ where: { name: '张三' } });
    expect(await bot.core.db.dailyTarget.findUnique({ where: { memberId_day: { memberId: member.id, day: '2026-11-24' } } })).not.toBeNull();
  });

  it('a forged signature gets 401 and stores nothing', async () => {
    const before = await bot.core.db.dailyTarget.count();
    const res = await postSigned(bot.baseUrl, 'wrong-secret', slashBody('/target', '伪造', 'U1'));
    expect(res.status).toBe(401);
    const stale = await postSigned(bot.baseUrl, SECRET, slashBody('/target', '过期', 'U1'), { timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect(stale.status).toBe(401);
    expect(await bot.core.db.dailyTarget.count()).toBe(before);
  });

  it('GET /healthz reports the database as reachable', async () => {
    const res = await fetch(`${bot.baseUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, database: 'reachable' });
  });
});
