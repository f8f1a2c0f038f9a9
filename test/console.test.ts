// The console adapter as a person or a script uses it: `npm start` with no
// Slack tokens, commands over piped input, on a real SQLite file.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { runConsole } from '../src/chat/console/adapter.ts';
import { createOutboxSender } from '../src/infra/outbox-sender.ts';
import { createConsoleTransport, createConsoleClock } from '../src/chat/console/adapter.ts';
import { databases } from './support/db.ts';
import { testCore } from './support/core.ts';

const root = join(import.meta.dirname, '..');

function runBot(lines: string[], env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH!, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => resolve({ code, out, err }));
    child.stdin.end(lines.join('\n') + '\n');
  });
}

describe('console bot over piped input (the real process)', () => {
  it('sets targets, writes the log, looks at the status, switches user, on a fresh SQLite file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cm-console-'));
    const r = await runBot(
      [
        '/now 2026-11-23 08:40',
        '/target 拜访3户企业客户，新增存款50万',
        '/diary 工作：拜访3户 业绩：新增存款20万 问题：无',
        '/diary',
        '/as 李四',
        '/whoami',
        '/diary',
        '/target',
        '/as 张三',
        '/diary history',
      ],
      { DATABASE_URL: `file:${join(dir, 'bot.db')}`, CONSOLE_USER: '张三', TZ: 'America/Los_Angeles' },
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const out = r.out;
    expect(out).toContain('已记录今日目标（2026-11-23）');
    expect(out).toContain('📣 [#团队频道] 📌 张三 今日目标（2026-11-23）\n拜访3户企业客户，新增存款50万');
    expect(out).toContain('已保存 2026-11-23 的工作日志');
    expect(out).toMatch(/今日目标: ✅ 已完成（08:40）/);
    expect(out).toContain('现在的身份：李四（manager）');
    // 李四 has done nothing today.
    expect(out.split('李四> /diary')[1]).toMatch(/今日目标: ⬜ 未完成，截止 09:00/);
    expect(out).toContain('请写上今日目标');
    expect(out.split('张三> /diary history')[1]).toContain('拜访3户企业客户，新增存款50万');
  });
});

describe('the README working day (examples/working-day.txt) through the real console process', () => {
  it('targets, check-ins, leave approved by an admin, a deal broadcast, a visit, a booking race, a violation reported and waived, the log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cm-day-'));
    const lines = readFileSync(join(root, 'examples/working-day.txt'), 'utf8').split('\n');
    const r = await runBot(lines, { DATABASE_URL: `file:${join(dir, 'bot.db')}`, CONSOLE_USER: '张三', TZ: 'UTC' });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const out = r.out;
    expect(out).toContain('签到成功 07:50');
    expect(out).toMatch(/迟到[\s\S]*MEET-3 记罚款 ¥20\.00/);
    expect(out).toContain('✉️  [私信 → 李管理] 🗓 李四 申请请假');
    expect(out).toContain('✉️  [私信 → 李四] ✅ 你的请假已批准');
    expect(out).toContain('📣 [#团队频道] 🎉 喜报！张三');
    expect(out).toContain('已由 张三 先申请');
    expect(out).toMatch(/已记录 #\d+：李四 MEET-4/);
    expect(out).toContain('累计已免除：¥20.00');
    expect(out).toContain('目标 50万，还差 38万');
    expect(out).not.toContain('出了点问题');
    expect(out).not.toContain('找不到成员');
  });
});

describe.each(databases())('console adapter in-process (%s)', (kind) => {
  it('prints replies, channel posts and DMs readably, and keeps going after bad input', async () => {
    const tc = await testCore(kind);
    try {
      const input = new PassThrough();
      let out = '';
      const output = new Writable({ write: (c, _e, cb) => ((out += c), cb()) });
      const sender = createOutboxSender({ db: tc.core.db, transport: createConsoleTransport(tc.core, (s) => output.write(s)), log: tc.core.log, workerId: 't', perChannelIntervalMs: 0, now: () => new Date('2026-11-23T00:40:00Z') });
      const done = runConsole(tc.core, { input, output, user: '王五', clock: createConsoleClock(() => new Date('2026-11-23T00:40:00Z')), flush: () => sender.drain() });
      input.end(['/target', '/target 开发两户新客户', '/nonsense', 'hello', '/cm lang en', '/diary'].join('\n'));
      await done;
      expect(out).toContain('请写上今日目标');
      expect(out).toContain('📣 [#C_TEAM] 📌 王五 今日目标（2026-11-23）');
      expect(out).toContain('不认识的命令 /nonsense');
      expect(out).toContain('命令以 / 开头');
      expect(out).toContain('Language set to English');
      expect(out).toContain('📅 Today, 2026-11-23');
      expect(await tc.core.db.dailyTarget.count()).toBe(1);
    } finally {
      await tc.close();
    }
  });
});
