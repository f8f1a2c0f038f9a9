// Reliability 3, permissions: every admin-only action — slash commands, admin
// sub-commands, buttons and admin modals — tried by a manager and by a user the
// bot has never seen is refused with a message, and the database and outbox
// are unchanged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases } from './support/db.ts';
import { startBot, type Bot } from './support/bot.ts';
import { cst } from './support/core.ts';
import { waitFor } from './support/slack.ts';

const BUSINESS = ['dailyTarget', 'dayLog', 'summary', 'ledgerEntry', 'outboxMessage', 'leaveRequest', 'checkIn', 'trainingSession', 'deal', 'customer', 'customerChange', 'pendingRegistration', 'visit', 'booking', 'projectApplication', 'monthlyTarget', 'customerBalance', 'calendarOverride', 'quotaEntry', 'jobRun'];

describe.each(databases())('permission matrix over HTTP (%s)', (kind) => {
  let bot: Bot;
  let leaveId = 0;
  let projectId = 0;
  let entryId = 0;
  let seq = 0;
  let unknown = 0;
  const snapshot = async () => {
    const db = bot.core.db as unknown as Record<string, { count(): Promise<number> }>;
    const counts: Record<string, number> = {};
    for (const t of BUSINESS) counts[t] = await db[t].count();
    // An unknown user is registered (as a manager) on first contact; the existing members' roles must not change.
    const roles = (await bot.core.db.member.findMany({ where: { name: { not: { startsWith: 'User UNEW' } } }, orderBy: { id: 'asc' }, select: { id: true, role: true } })).map((m) => `${m.id}:${m.role}`);
    const unknownRoles = new Set((await bot.core.db.member.findMany({ where: { name: { startsWith: 'User UNEW' } }, select: { role: true } })).map((m) => m.role));
    if (unknownRoles.size && [...unknownRoles].some((r) => r !== 'manager')) throw new Error('an unknown user got a role');
    return JSON.stringify({ counts, roles, outbox: (await bot.core.db.outboxMessage.findMany({ select: { dedupeKey: true, status: true } })) });
  };

  beforeAll(async () => {
    bot = await startBot(kind, { admins: ['UA'], directors: ['UD'], now: cst('2026-11-23 10:00') });
    await bot.command('UA', '/cm', 'help');
    await bot.command('UD', '/cm', 'help');
    await bot.command('UM', '/leave', '2026-11-25 事假 家里有事');
    await bot.command('UM', '/project', '张三公司 申请综合授信5000万');
    await bot.command('UM', '/customer', 'add 张三公司 13800000000 A 城东支行');
    await bot.command('UM', '/booking', '城东支行 2026-11-25 am');
    await bot.command('UA', '/report', 'MEET-4 <@UM> 晨会接听电话');
    leaveId = (await bot.core.db.leaveRequest.findFirstOrThrow({})).id;
    projectId = (await bot.core.db.projectApplication.findFirstOrThrow({})).id;
    entryId = (await bot.core.db.ledgerEntry.findFirstOrThrow({})).id;
    await bot.flush();
  });
  afterAll(async () => bot?.stop());

  const commands = (): [string, string][] => [
    ['/report', 'MEET-4 <@UM> 再记一次'],
    ['/report', 'OUT-3 <@UM>'],
    ['/waive', `${entryId} 误报`],
    ['/fines', 'team'],
    ['/fines', 'fund'],
    ['/fines', '<@UA>'],
    ['/cm', 'role <@UM> admin'],
    ['/cm', 'target <@UM> 50万'],
    ['/cm', 'training 2026-11-26 14:00-16:00 合规培训'],
    ['/cm', 'holiday 2026-12-24 团建'],
    ['/cm', 'workday 2027-02-20 调休上班'],
    ['/cm', 'calendar remove 2026-12-24'],
    ['/cm', 'import balances /etc/hostname'],
    ['/leave', `approve ${leaveId}`],
    ['/leave', `reject ${leaveId} 不批`],
    ['/project', `approve ${projectId}`],
    ['/project', `reject ${projectId} 超权限`],
    ['/booking', 'assign 城东支行 2026-11-25 am <@UA>'],
    ['/customer', 'list all'],
  ];

  const button = (user: string, action: string, value: string) =>
    bot.interact({
      type: 'block_actions',
      team: { id: 'T1' },
      user: { id: user, name: user.toLowerCase() },
      api_app_id: 'A1',
      trigger_id: `trig-perm-${++seq}`,
      response_url: bot.slack.url.replace('/api/', '/respond'),
      container: { type: 'message', message_ts: '1.1', channel_id: `D${user}` },
      channel: { id: `D${user}` },
      message: { ts: '1.1', text: 'x' },
      actions: [{ type: 'button', action_id: action, block_id: 'b', value, action_ts: `${++seq}.1` }],
    });

  const modal = (user: string, callbackId: string, meta: string, values: Record<string, string>) =>
    bot.interact({
      type: 'view_submission',
      team: { id: 'T1' },
      user: { id: user, name: user.toLowerCase() },
      api_app_id: 'A1',
      view: {
        id: `V-perm-${++seq}`,
        type: 'modal',
        callback_id: callbackId,
        private_metadata: meta,
        state: { values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { [k]: { type: 'plain_text_input', value: v } }])) },
      },
    });

  for (const who of ['manager', 'unknown user']) {
    it(`every admin slash command and sub-command tried by a ${who} is refused with a message and changes nothing`, async () => {
      const before = await snapshot();
      for (const [cmd, text] of commands()) {
        const user = who === 'manager' ? 'UM' : `UNEW${++unknown}`;
        const reply = (await bot.command(user, cmd, text)).json().text as string;
        expect(reply, `${cmd} ${text}`).toMatch(/⛔|只有管理员|管理员/);
        expect(reply, `${cmd} ${text}`).not.toMatch(/^✅/);
      }
      await bot.flush();
      expect(await snapshot()).toBe(before);
    });

    it(`every admin button and admin modal used by a ${who} is refused and changes nothing`, async () => {
      const before = await snapshot();
      const responds = () => bot.slack.callsTo('respond').length + bot.slack.callsTo('/respond').length;
      const start = responds();
      const user = () => (who === 'manager' ? 'UM' : `UNEW${++unknown}`);
      for (const [action, value] of [
        ['leave.approve', String(leaveId)],
        ['leave.reject', String(leaveId)],
        ['project.approve', String(projectId)],
        ['project.reject', String(projectId)],
      ]) {
        expect((await button(user(), action, value)).status).toBe(200);
      }
      await waitFor(() => responds() - start >= 4);
      const texts = [...bot.slack.callsTo('respond'), ...bot.slack.callsTo('/respond')].slice(-4).map((c) => String(c.args.text));
      for (const t of texts) expect(t).toMatch(/⛔|只有管理员/);
      expect(bot.slack.callsTo('views.open').filter((c) => String(c.args.trigger_id).startsWith('trig-perm'))).toHaveLength(0);
      for (const [cb, meta] of [
        ['leave.reject', String(leaveId)],
        ['project.reject', String(projectId)],
      ]) {
        const r = await modal(user(), cb, meta, { reason: '不行' });
        expect(r.status).toBe(200);
      }
      await bot.flush();
      expect(await snapshot()).toBe(before);
    });
  }

  it('the admin can do what the others could not (the refusals were about permission, not broken commands)', async () => {
    const reply = (await bot.command('UA', '/leave', `approve ${leaveId}`)).json().text as string;
    expect(reply).toMatch(/^✅/);
    expect((await bot.core.db.leaveRequest.findUniqueOrThrow({ where: { id: leaveId } })).status).toBe('approved');
  });
});
