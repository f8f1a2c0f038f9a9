// Foundation: configuration, migrations on both databases, the derived
// PostgreSQL schema, and logs that never carry secrets.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { loadConfig } from '../src/config/env.ts';
import { loadPolicyFile } from '../src/config/policy.ts';
import { migrate, listMigrations } from '../src/infra/db/migrate.ts';
import { openDatabase } from '../src/infra/db/client.ts';
import { createLogger } from '../src/log.ts';
import { parseDatabaseUrl } from '../src/infra/db/url.ts';
import { databases, freshDatabase } from './support/db.ts';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('configuration', () => {
  it('no Slack tokens means console mode with the documented defaults', () => {
    const r = loadConfig({});
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config).toMatchObject({ mode: 'console', PORT: 3000, TEAM_TIMEZONE: 'Asia/Shanghai', LOCALE: 'zh-CN', CATCHUP_DAYS: 7 });
  });

  it('Slack HTTP mode needs the bot token, the signing secret and the channel', () => {
    const r = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', TEAM_CHANNEL: 'C1', SLACK_API_URL: 'http://127.0.0.1:9/api/' });
    expect(r.ok && r.config.mode).toBe('slack');
  });

  it('a bad configuration lists every problem in one message, in plain words', () => {
    const r = loadConfig({ SLACK_SIGNING_SECRET: 'x', PORT: 'abc', TEAM_TIMEZONE: 'Mars/Base', LOCALE: 'fr', DATABASE_URL: 'mysql://x', SLACK_APP_TOKEN: 'bad' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    for (const field of ['SLACK_BOT_TOKEN', 'PORT', 'TEAM_TIMEZONE', 'LOCALE', 'DATABASE_URL', 'SLACK_APP_TOKEN', 'TEAM_CHANNEL']) {
      expect(r.message).toContain(`- ${field}:`);
    }
    expect(r.message).toContain('IANA time zone');
    expect(r.message).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });

  it('the bot exits non-zero with that message and no stack trace', () => {
    let out = '';
    let code = 0;
    try {
      execFileSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        cwd: join(import.meta.dirname, '..'),
        env: { PATH: process.env.PATH, TEAM_TIMEZONE: 'Nowhere/Else', PORT: '-1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (e) {
      const err = e as { status: number; stderr: Buffer };
      code = err.status;
      out = err.stderr.toString();
    }
    expect(code).toBe(2);
    expect(out).toContain('配置有误');
    expect(out).toContain('- TEAM_TIMEZONE:');
    expect(out).toContain('- PORT:');
    expect(out).not.toContain('    at ');
  });

  it('a broken policy file is rejected with the path of each offending field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-'));
    const file = join(dir, 'p.yaml');
    writeFileSync(file, 'extends: default\nschedule:\n  meeting:\n    start: "8am"\n');
    const r = loadPolicyFile(file);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/schedule\.meeting\.start/);
    expect(loadPolicyFile(join(dir, 'missing.yaml'))).toMatchObject({ ok: false });
    expect(loadPolicyFile(undefined)).toMatchObject({ ok: true, source: 'built-in default' });
  });

  it('DATABASE_URL: none or file: is SQLite, postgres:// is PostgreSQL, anything else is refused', () => {
    expect(parseDatabaseUrl(undefined).kind).toBe('sqlite');
    expect(parseDatabaseUrl('file:./data/x.db').kind).toBe('sqlite');
    expect(parseDatabaseUrl('postgresql://u@h/db').kind).toBe('postgres');
    expect(() => parseDatabaseUrl('mysql://x')).toThrow(/file: .*postgres/);
  });
});

describe('logs', () => {
  it('never carry tokens or secrets', () => {
    const lines: string[] = [];
    const log = createLogger('debug', (l) => lines.push(l));
    log.info('starting with xoxb-123-456-abc', { SLACK_BOT_TOKEN: 'xoxb-999', signingSecret: 'shh', nested: { appToken: 'xapp-1-2' }, url: 'text xapp-1-ABC' });
    const all = lines.join('\n');
    expect(all).not.toMatch(/xoxb-|xapp-|shh/);
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'info', SLACK_BOT_TOKEN: '[redacted]' });
  });
});

describe('the one data model', () => {
  it('the PostgreSQL schema is derived from the SQLite source and up to date; migrations match the schema', () => {
    const root = join(import.meta.dirname, '..');
    execFileSync(process.execPath, ['scripts/generate.mjs', '--check'], { cwd: root });
    execFileSync(process.execPath, ['scripts/migration.mjs', '--check'], { cwd: root, stdio: 'pipe' });
    expect(listMigrations('sqlite').map((m) => m.name)).toEqual(listMigrations('postgres').map((m) => m.name));
  });
});

describe.each(databases())('migrations (%s)', (kind) => {
  it('apply by themselves, are safe to run twice and from two processes at once', async () => {
    const t = await freshDatabase(kind);
    try {
      const [a, b] = await Promise.all([migrate(t.url), migrate(t.url)]);
      expect([...a, ...b].sort()).toEqual(listMigrations(kind).map((m) => m.name));
      expect(await migrate(t.url)).toEqual([]);
      const { db, close } = openDatabase(t.url);
      const team = await db.team.create({ data: { name: 't' } });
      const e = await db.ledgerEntry.create({
        data: { teamId: team.id, memberId: 1, ruleId: 'MEET-3', kind: 'fine', amountFen: 9_007_199_254_740_993n, day: '2026-11-23', occurredAt: new Date(), sourceKey: 'k' },
      });
      expect(e.amountFen).toBe(9_007_199_254_740_993n); // beyond 2^53: exact
      await close();
    } finally {
      await t.drop();
    }
  });
});
