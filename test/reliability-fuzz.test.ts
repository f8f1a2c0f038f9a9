// Reliability 4, bad input: property-based fuzzing (fast-check) of every
// command's argument parser and every modal payload. Every case must not
// crash, must get an answer, and a refused case must change nothing.
// 1,000 cases per command and per form with CI_HEAVY=1 (set by .ci/run), 150 otherwise.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { registry } from '../src/chat/commands/index.ts';
import { runCommand, submitForm, runAction, type Who } from '../src/chat/dispatch.ts';
import { testCore, cst, type TestCore } from './support/core.ts';
import { startBot, SECRET, type Bot } from './support/bot.ts';
import { postSigned } from './support/slack.ts';

const RUNS = process.env.CI_HEAVY ? 1000 : 150;
const INTERNAL = /出了点问题|Something went wrong/;

const vocab = fc.constantFrom(
  'add', 'edit', 'list', 'show', 'due', 'cancel', 'approve', 'reject', 'assign', 'history', 'all', 'team', 'fund', 'week', 'month', 'training',
  'balances', 'role', 'target', 'holiday', 'workday', 'calendar', 'remove', 'lang', 'en', 'zh', 'admin', 'manager', 'director',
  '2026-11-25', '2026-02-30', '11-25', '明天', '今天', '2027-01-01', '2026-W48', '2026-13', '2026-Q4', '2026-Q5',
  '12万', '¥120,000', '1.2e5', '-5', '0', '12万3', '１２万', '1.234', '9999999999999亿', 'NaN', 'Infinity',
  '<@UM>', '<@UA|admin>', '<@UNOBODY>', '@张三', '@', '上午', '下午', 'am', 'pm', '14:00-16:00', '25:00-26:00', '08:00',
  'MEET-4', 'OUT-3', 'ETH-5', 'SVC-1:loss', 'CRD-5:lost', 'NOPE-1', '×1.5', 'x9', '×0', '1', '2', '999999', '-1', '1.5',
  '事假', '病假', '张三公司', '13800000000', '010-12345678', 'A', 'B', 'C', 'Z', '城东支行', '需求：贷款', '建议：上门', '清单：全部',
  '工作：拜访', '业绩：', '问题：', '"', "'", '\\', '\n', '\t', ' ', '<script>', '${x}', '%s', '\u0000', '🎉', '👍🏽',
);
const junk = fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: 'grapheme', maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 10 }));
const argText = fc.oneof(
  { weight: 6, arbitrary: fc.array(fc.oneof(vocab, vocab, junk), { maxLength: 8 }).map((xs) => xs.join(' ')) },
  { weight: 1, arbitrary: fc.string({ minLength: 2001, maxLength: 7000 }) },
  { weight: 1, arbitrary: junk },
);

const TABLES = ['DailyTarget', 'DayLog', 'Summary', 'LedgerEntry', 'OutboxMessage', 'LeaveRequest', 'CheckIn', 'TrainingSession', 'Deal', 'Customer', 'CustomerChange', 'PendingRegistration', 'Visit', 'Booking', 'ProjectApplication', 'MonthlyTarget', 'CustomerBalance', 'CalendarOverride', 'QuotaEntry', 'Member'];

describe('fuzzing every command and form (SQLite, in-process through the dispatcher)', () => {
  let tc: TestCore;
  const manager: Who = { platform: 'slack', externalId: 'UM', displayName: '张三' };
  const admin: Who = { platform: 'slack', externalId: 'UA', displayName: '李管理' };
  const fingerprint = async () => JSON.stringify(await tc.core.db.$queryRawUnsafe(`SELECT ${TABLES.map((t) => `(SELECT COUNT(*) FROM "${t}") AS "${t}"`).join(', ')}`), (_k, v) => (typeof v === 'bigint' ? Number(v) : v));
  const now = cst('2026-11-23 10:00');

  beforeAll(async () => {
    tc = await testCore('sqlite', { admins: ['UA'] });
    for (const who of [manager, admin]) await runCommand(tc.core, who, 'cm', 'help', now);
    await runCommand(tc.core, manager, 'customer', 'add 张三公司 13800000000 A 城东支行', now);
    await runCommand(tc.core, manager, 'leave', '2026-11-25 事假 家里有事', now);
    await runCommand(tc.core, manager, 'project', '张三公司 申请授信', now);
  });
  afterAll(async () => tc?.close());

  const names = [...new Set(registry.commands.map((c) => c.name.split(' ')[0]))];
  for (const name of names) {
    it(`/${name}: ${RUNS} random argument lists as a manager and an admin — always an answer, never a crash, refusals change nothing`, async () => {
      await fc.assert(
        fc.asyncProperty(argText, fc.boolean(), async (text, asAdmin) => {
          const before = await fingerprint();
          const r = await runCommand(tc.core, asAdmin ? admin : manager, name, text, now);
          expect(typeof r.text).toBe('string');
          // An answer: text, or a form (a Slack modal) to fill in.
          expect(r.text.length > 0 || !!r.form).toBe(true);
          expect(r.text).not.toMatch(INTERNAL);
          if (/^\s*(⚠️|⛔)/.test(r.text)) expect(await fingerprint()).toBe(before);
        }),
        { numRuns: RUNS },
      );
    }, 600_000);
  }

  const fieldIds = fc.constantFrom('workDone', 'results', 'problems', 'reason', 'kind', 'start', 'end', 'part', 'from', 'to', 'content', 'plan', 'name', 'phone', 'tier', 'branch', 'needs', 'suggestions', 'customer', 'notes', 'amount', 'product', 'file', 'outlet', 'day', 'slot', 'x');
  const values = fc.dictionary(fieldIds, fc.option(argText, { nil: undefined }), { maxKeys: 8 });
  for (const form of registry.forms) {
    it(`modal "${form.id}": ${RUNS} random payloads — an answer or field errors, never a crash; errors change nothing`, async () => {
      await fc.assert(
        fc.asyncProperty(values, fc.option(fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('1', '2', '{"id":1}', 'week:2026-W48', 'month:2026-11')), { nil: undefined }), fc.boolean(), async (vals, meta, asAdmin) => {
          const before = await fingerprint();
          const r = await submitForm(tc.core, asAdmin ? admin : manager, form.id, vals, meta, now);
          if (r.ok) {
            expect(r.result.text.length).toBeGreaterThan(0);
            expect(r.result.text).not.toMatch(INTERNAL);
            if (/^\s*(⚠️|⛔)/.test(r.result.text)) expect(await fingerprint()).toBe(before);
          } else {
            expect(Object.keys(r.errors).length).toBeGreaterThan(0);
            for (const m of Object.values(r.errors)) expect(m.length).toBeGreaterThan(0);
            expect(await fingerprint()).toBe(before);
          }
        }),
        { numRuns: RUNS },
      );
    }, 600_000);
  }

  it(`buttons: ${RUNS} random action ids and values — always an answer, never a crash`, async () => {
    const ids = fc.oneof(fc.constantFrom(...registry.actions.map((a) => a.id)), fc.string({ maxLength: 20 }));
    await fc.assert(
      fc.asyncProperty(ids, fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('1', '2', '999', '-1', 'meeting:2026-11-23', 'training:1', '')), fc.boolean(), async (id, value, asAdmin) => {
        const r = await runAction(tc.core, asAdmin ? admin : manager, id, value, now);
        expect(r.text.length > 0 || !!r.form).toBe(true);
        expect(r.text).not.toMatch(INTERNAL);
      }),
      { numRuns: RUNS },
    );
  }, 600_000);
});

describe('fuzzing raw HTTP bodies (SQLite, real Bolt)', () => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await startBot('sqlite', { now: cst('2026-11-23 10:00') });
  });
  afterAll(async () => bot?.stop());

  it('broken JSON in payload=, unknown action and callback ids, oversized bodies: no crash, and the bot keeps serving', async () => {
    // A body that is no Slack request at all gets Bolt's 404 after its 3 s unhandled-request wait,
    // so those are a small share of the cases.
    const bodies = fc.oneof(
      { weight: 10, arbitrary: fc.string({ maxLength: 200 }).map((s) => 'payload=' + encodeURIComponent('{' + s)) },
      { weight: 10, arbitrary: fc.string({ maxLength: 40 }).map((id) => 'payload=' + encodeURIComponent(JSON.stringify({ type: 'block_actions', user: { id: 'UF' }, response_url: bot.slack.url.replace('/api/', '/respond'), actions: [{ action_id: id, value: 'x', action_ts: '1' }] }))) },
      { weight: 10, arbitrary: fc.string({ maxLength: 40 }).map((cb) => 'payload=' + encodeURIComponent(JSON.stringify({ type: 'view_submission', user: { id: 'UF' }, view: { id: 'V' + cb, callback_id: cb, state: { values: {} } } }))) },
      { weight: 3, arbitrary: fc.constant('payload=' + 'x'.repeat(200_000)) },
      { weight: 3, arbitrary: fc.constant('command=%2Ftarget&user_id=UF&trigger_id=t&text=' + '很'.repeat(50_000)) },
      { weight: 1, arbitrary: fc.string({ maxLength: 100 }) },
    );
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        const r = await postSigned(bot.baseUrl, SECRET, body);
        statuses.add(r.status);
        expect(r.status).toBeLessThan(500);
      }),
      { numRuns: Math.min(RUNS, 300) },
    );
    const ok = await bot.command('UOK', '/target', '拜访3户');
    expect(ok.json().text).toContain('已记录今日目标');
  }, 600_000);
});
