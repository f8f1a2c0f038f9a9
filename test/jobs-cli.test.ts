// The operator CLI as a process: `jobs` lists every job with its next run and last runs; `job run <name>
// --at <ISO>` runs one slot and a second call repeats nothing; a moment without a slot is refused with
// the planned times nearby. English-speaking members get the clock's messages in English.
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWindow } from '../src/jobs/run.ts';
import { JOB_NAMES } from '../src/jobs/planner.ts';
import { databases } from './support/db.ts';
import { testCore, cst, type TestCore } from './support/core.ts';

function cli(url: string, ...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    env: { ...process.env, DATABASE_URL: url, TEAM_NAME: '测试中心', TEAM_TIMEZONE: 'Asia/Shanghai', LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe.each(databases())('operator CLI and locales (%s)', (kind) => {
  let tc: TestCore;
  beforeAll(async () => {
    tc = await testCore(kind, { channel: 'C_TEAM' });
    await tc.core.db.team.update({ where: { id: tc.core.team.id }, data: { createdAt: cst('2026-09-01 00:00') } });
    await tc.core.db.member.create({ data: { teamId: tc.core.team.id, name: 'Alice', role: 'manager', locale: 'en', createdAt: cst('2026-09-01 00:00') } });
    await tc.core.db.member.create({ data: { teamId: tc.core.team.id, name: '张三', role: 'manager', createdAt: cst('2026-09-01 00:00') } });
  });
  afterAll(async () => tc?.close());

  it('job run <name> --at <ISO> runs the slot once; again, nothing repeats; jobs shows the outcome', () => {
    const first = cli(tc.testDb.url, 'job', 'run', 'meeting-close', '--at', '2026-10-12T08:30:00+08:00');
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out).toContain('meeting-close [2026-10-12] 2026-10-12 08:30: 完成 done — 2 managers, 0 check-ins, 2 late/absent; 2 ledger entries, 2 messages queued');
    const again = cli(tc.testDb.url, 'job', 'run', 'meeting-close', '--at', '2026-10-12T08:30:00+08:00');
    expect(again.out).toContain('already done, nothing repeated; 0 ledger entries, 0 messages queued');
    const list = cli(tc.testDb.url, 'jobs');
    expect(list.code).toBe(0);
    expect(list.out).toContain('meeting-close — 晨会结束');
    expect(list.out).toContain('last: 2026-10-12 08:30 [2026-10-12] done — 2 managers, 0 check-ins, 2 late/absent');
    expect(list.out.match(/^\S+ — /gm)?.length).toBe(JOB_NAMES.length);
  }, 120_000);

  it('a moment without a slot is refused with the planned times around it', () => {
    const r = cli(tc.testDb.url, 'job', 'run', 'meeting-close', '--at', '2026-10-03T08:30:00+08:00');
    expect(r.code).toBe(1);
    expect(r.err).toContain('meeting-close has no slot');
    expect(r.err).toContain('2026-10-08 08:30 [2026-10-08]');
    expect(cli(tc.testDb.url, 'job', 'run', 'no-such-job', '--at', '2026-10-08T08:30:00+08:00').err).toContain('unknown job');
  }, 60_000);

  it('the fines of the CLI run were DMs in each member’s language', async () => {
    const dms = await tc.core.db.outboxMessage.findMany({ where: { dedupeKey: { startsWith: 'ledger:MEET-3' } }, orderBy: { id: 'asc' } });
    expect(dms).toHaveLength(2);
    expect(dms[0].text).toMatch(/^🧾 Alice, an entry was recorded: MEET-3 Late for or absent from the meeting ¥20\.00 \(2026-10-12\)/);
    expect(dms[1].text).toMatch(/^🧾 张三，系统已记录一笔罚款：MEET-3 晨会迟到或缺席 ¥20\.00（2026-10-12）/);
    await runWindow(tc.core, cst('2026-10-13 07:40'), cst('2026-10-13 07:50'), { now: cst('2026-10-13 07:45') });
    const rem = await tc.core.db.outboxMessage.findMany({ where: { dedupeKey: { startsWith: 'job:meeting-reminder:2026-10-13' } }, orderBy: { id: 'asc' } });
    expect(rem.map((r) => r.text.split('\n')[0])).toEqual([
      '⏰ Alice, the morning meeting is today (2026-10-13) 08:00–08:30; check in by 08:00 (open from 07:30).',
      '⏰ 张三，今天（2026-10-13）08:00–08:30 晨会，请在 08:00 前签到（07:30 起可签）。',
    ]);
    expect(JSON.parse(rem[0].blocks!).buttons[0]).toMatchObject({ label: 'Check in', actionId: 'checkin', value: 'meeting:2026-10-13', command: '/checkin' });
  });
});
