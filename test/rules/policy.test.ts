import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import {
  defaultPolicy, defaultPolicyInput, errorPointItems, fineOf, parsePolicy, parsePolicyText, pointsOf, ruleById, ruleText, ruleTitle,
} from '../../src/rules/index.ts';
import { POLICIES_DIR } from './helpers.ts';

const SECTION_A = [
  'MEET-1', 'MEET-2', 'MEET-3', 'MEET-4', 'MEET-5', 'DAY-1', 'DAY-2', 'DAY-3', 'DAY-4', 'DAY-5', 'OUT-1', 'OUT-2', 'OUT-3', 'OUT-4',
  'OUT-6/7', 'INT-2', 'INT-3/4', 'INT-6', 'REP-1..4', 'REP-5', 'PRJ-1..4', 'PERF-1', 'PERF-2', 'PERF-3', 'TRN-1', 'TRN-2', 'PAY-1', 'PAY-2', 'PAY-3',
];

describe('default policy', () => {
  it('validates against the schema and round-trips through parsePolicy', () => {
    const r = parsePolicy(defaultPolicyInput);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.policy).toEqual(defaultPolicy);
  });

  it('encodes every section A rule with its mode, Chinese text and English gloss', () => {
    const a = defaultPolicy.rules.filter((r) => r.section === 'A').map((r) => r.id);
    expect(a).toEqual(SECTION_A);
    for (const r of defaultPolicy.rules) {
      expect(r.text['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
      expect(r.text.en).toMatch(/[a-z]/);
    }
    const modes = Object.fromEntries(defaultPolicy.rules.filter((r) => r.section === 'A').map((r) => [r.id, r.mode]));
    expect(modes).toMatchObject({ 'MEET-2': 'AUTO', 'MEET-3': 'AUTO', 'MEET-4': 'ADMIN', 'DAY-1': 'AUTO', 'OUT-1': 'OUT', 'OUT-3': 'ADMIN', 'TRN-2': 'AUTO/ADMIN', 'PAY-1': 'FLOW', 'PAY-2': 'AUTO' });
  });

  it('MEET-3 DAY-1 DAY-2 DAY-3 DAY-4 TRN-1 TRN-2 MEET-4 OUT-2 OUT-3 INT-2 INT-6: amounts are the rulebook\'s, in fen', () => {
    const fen = (id: string) => fineOf(ruleById(defaultPolicy, id)!);
    expect({
      'MEET-3': fen('MEET-3'), 'MEET-4': fen('MEET-4'), 'DAY-1': fen('DAY-1'), 'DAY-2': fen('DAY-2'), 'DAY-3': fen('DAY-3'), 'DAY-4': fen('DAY-4'),
      'OUT-2': fen('OUT-2'), 'OUT-3': fen('OUT-3'), 'INT-2': fen('INT-2'), 'INT-6': fen('INT-6'), 'TRN-1': fen('TRN-1'), 'TRN-2': fen('TRN-2'),
    }).toEqual({
      'MEET-3': 2000n, 'MEET-4': 1000n, 'DAY-1': 1000n, 'DAY-2': 5000n, 'DAY-3': 5000n, 'DAY-4': 5000n,
      'OUT-2': 3000n, 'OUT-3': 5000n, 'INT-2': 3000n, 'INT-6': 5000n, 'TRN-1': 10000n, 'TRN-2': 5000n,
    });
    expect(ruleById(defaultPolicy, 'OUT-3')!.escalation).toEqual({ atCount: 3, kind: 'dismissal_review' });
  });

  it('MEET-1 DAY-1 DAY-2 DAY-3 DAY-4 PERF-1 PERF-2 PERF-3 PRJ TRN: schedule parameters are the rulebook defaults', () => {
    const s = defaultPolicy.schedule;
    expect(s.meeting).toEqual({ days: 'workdays', start: '08:00', end: '08:30', reminder: '07:45', checkInOpens: '07:30' });
    expect(s.dayLog).toEqual({ targetsReminder: '08:45', targetsDue: '09:00', logReminder: '17:30', logDue: '23:59' });
    expect(s.weeklySummary).toMatchObject({ reminderWeekday: 1, reminderTime: '09:00', dueWeekday: 1, dueTime: '12:00' });
    expect(s.monthlySummary).toMatchObject({ reminderDay: 1, dueDay: 3, dueTime: '23:59' });
    expect(s.visits).toMatchObject({ intervalDays: { A: 7, B: 30, C: 90 }, reminderDaysBefore: 2 });
    expect(s.registration).toEqual({ dueWorkdays: 1, dueTime: '23:59' });
    expect(s.bigDeal.threshold).toBe(10_000_000n);
    expect(s.weeklyBulletin).toEqual({ weekday: 1, time: '08:00' });
    expect(s.monthlyBulletin).toMatchObject({ workday: 1, time: '08:00' });
    expect(s.projects).toEqual({ answerWorkdays: 3, reminderWorkday: 2 });
    expect(s.training).toEqual({ reminderMinutesBefore: 30 });
  });

  it('PAY-2 PAY-3: level 4 (40 customers, ¥30–39.99 million, base ¥1,200) and 1‰ commission', () => {
    expect(defaultPolicy.pay.levels).toEqual([
      expect.objectContaining({ level: 4, minCustomers: 40, balanceFrom: 3_000_000_000n, balanceBelow: 4_000_000_000n, base: 120_000n }),
    ]);
    expect(defaultPolicy.pay.commissionPermille).toBe('1');
    expect(defaultPolicy.pay.deductFines).toBe(true);
  });

  it('section B: all 33 error-point items, in four groups, all ADMIN', () => {
    const b = defaultPolicy.rules.filter((r) => r.section === 'B');
    expect(b).toHaveLength(33);
    const ids = b.map((r) => r.id);
    const expected = [
      ...Array.from({ length: 8 }, (_, i) => `ETH-${i + 1}`), ...Array.from({ length: 4 }, (_, i) => `BAS-${i + 1}`),
      ...Array.from({ length: 18 }, (_, i) => `CRD-${i + 1}`), ...Array.from({ length: 3 }, (_, i) => `SVC-${i + 1}`),
    ];
    expect(ids).toEqual(expected);
    expect(b.every((r) => r.mode === 'ADMIN')).toBe(true);
    expect(errorPointItems).toHaveLength(33);
    expect(defaultPolicy.errorPoints.aggravation).toEqual({ min: '1', max: '3', step: '0.5' });
  });

  it("ETH-1 BAS-1 CRD-5 CRD-14 SVC-1: the rulebook's example points", () => {
    const p = (id: string, v?: string) => pointsOf(ruleById(defaultPolicy, id)!, v);
    expect(p('ETH-1', 'standard')).toBe(10);
    expect(p('BAS-1')).toBe(1);
    expect(p('CRD-5', 'filing')).toBe(1);
    expect(p('CRD-5', 'lost_documents')).toBe(50);
    expect(p('CRD-14', 'standard')).toBe(30);
    expect(p('SVC-1', 'decline')).toBe(5);
    expect(p('SVC-1', 'lost')).toBe(20);
  });

  it('ETH-5 ETH-6: disqualification flag only, no points', () => {
    for (const id of ['ETH-5', 'ETH-6']) {
      const r = ruleById(defaultPolicy, id)!;
      expect(r.disqualify).toBe(true);
      expect(r.points ?? 0).toBe(0);
    }
  });

  it('ruleById finds aliases; ruleText gives the Chinese source and the English gloss', () => {
    expect(ruleById(defaultPolicy, 'OUT-6')?.id).toBe('OUT-6/7');
    expect(ruleById(defaultPolicy, 'prj-2')?.id).toBe('PRJ-1..4');
    expect(ruleById(defaultPolicy, 'NOPE-1')).toBeUndefined();
    expect(ruleText(defaultPolicy, 'MEET-3', 'zh-CN')).toBe('每迟到或缺席一次,扣罚20元,作为大客户中心活动费用。');
    expect(ruleText(defaultPolicy, 'MEET-3', 'en')).toMatch(/¥20/);
    expect(ruleText(defaultPolicy, 'MEET-3', 'zh-CN', 'late')).toMatch(/迟到\)$/);
    expect(ruleTitle(defaultPolicy, 'MEET-4', 'zh-CN')).toBe('MEET-4 会议中使用手机');
  });
});

describe('example policy files', () => {
  const files = readdirSync(POLICIES_DIR).filter((f) => f.endsWith('.yaml'));

  it('there are example files for every section C and D rule', () => {
    const ids = new Set<string>();
    for (const f of files) {
      const r = parsePolicyText(readFileSync(join(POLICIES_DIR, f), 'utf8'), 'yaml');
      if (r.ok) for (const rule of r.policy.rules) if (rule.section === 'C' || rule.section === 'D') ids.add(rule.id);
    }
    expect([...ids].sort()).toEqual(['LEVEL-Q', 'MEET-W', 'OWN-1', 'QUOTA-D', 'QUOTA-N', 'QUOTA-W', 'STOCK', 'THREE-ONE', 'VISIT-T']);
  });

  it.each(files)('%s validates and keeps the default rules', (file) => {
    const r = parsePolicyText(readFileSync(join(POLICIES_DIR, file), 'utf8'), 'yaml');
    if (!r.ok) throw new Error(r.errors.join('\n'));
    expect(ruleById(r.policy, 'MEET-3')?.fine).toBe(2000n);
    expect(r.policy.rules.filter((x) => x.section === 'B')).toHaveLength(33);
  });

  it('the same policy in JSON parses to the same result', () => {
    const yaml = readFileSync(join(POLICIES_DIR, 'real-estate.yaml'), 'utf8');
    const a = parsePolicyText(yaml, 'yaml');
    const b = parsePolicyText(JSON.stringify(parseYaml(yaml)), 'json');
    expect(a).toEqual(b);
  });
});

describe('broken policy files', () => {
  const bad = (text: string) => {
    const r = parsePolicyText(text, 'yaml');
    expect(r.ok).toBe(false);
    return r.ok ? [] : r.errors;
  };

  it('names the field path and what was expected', () => {
    const errors = bad(`extends: default
schedule:
  meeting:
    start: 8点
  dayLog:
    logDue: "25:00"
rules:
  - id: MEET-3
    fine: 二十
  - id: OUT-3
    escalation: { atCount: 0, kind: dismissal_review }
`);
    expect(errors).toEqual(expect.arrayContaining([
      expect.stringMatching(/^schedule\.meeting\.start: .*expected a time like "08:00", got "8点"/),
      expect.stringMatching(/^schedule\.dayLog\.logDue: .*expected a time/),
      expect.stringMatching(/^rules\[MEET-3\]\.fine: .*expected an amount in yuan, got "二十"/),
      expect.stringMatching(/^rules\[OUT-3\]\.escalation\.atCount: .*at least 1/),
    ]));
  });

  it('reports unknown fields (typos) instead of ignoring them', () => {
    const errors = bad('extends: default\nschedule:\n  meeting:\n    strat: "08:00"\n');
    expect(errors).toEqual([expect.stringMatching(/^schedule\.meeting: .*unknown field\(s\) "strat"/)]);
  });

  it('reports missing fields of a new rule, by its id', () => {
    const errors = bad('extends: default\nrules:\n  - id: NEW-1\n    section: C\n    mode: AUTO\n');
    expect(errors).toEqual(expect.arrayContaining([expect.stringMatching(/^rules\[NEW-1\]\.text: .*missing/), expect.stringMatching(/^rules\[NEW-1\]\.title: .*missing/)]));
  });

  it('reports YAML syntax errors with line and column', () => {
    const errors = bad('extends: default\nrules: [1, 2\n');
    expect(errors[0]).toMatch(/YAML syntax error/);
    expect(errors[0]).toMatch(/line \d+, column \d+/);
  });

  it('reports JSON syntax errors', () => {
    const r = parsePolicyText('{"extends": "default",', 'json');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatch(/JSON syntax error/);
  });

  it('rejects an unknown base, a non-object, a bad time zone and inconsistent meeting times', () => {
    expect(bad('extends: something-else\n')[0]).toMatch(/^extends: .*expected "default"/);
    expect(bad('- just\n- a list\n')[0]).toMatch(/expected a policy object/);
    expect(bad('extends: default\ntimezone: Mars/Olympus\n')[0]).toMatch(/^timezone: .*unknown time zone/);
    expect(bad('extends: default\nschedule:\n  meeting:\n    end: "07:00"\n')[0]).toMatch(/^schedule\.meeting\.end: .*must end after it starts/);
  });

  it('rejects a day that is both a holiday and a workday, and aggravation min above max', () => {
    const e = bad('extends: default\ncalendar:\n  holidays: ["2027-01-04"]\n  workdays: ["2027-01-04"]\nerrorPoints:\n  aggravation: { min: 3, max: 2 }\n');
    expect(e).toEqual(expect.arrayContaining([expect.stringMatching(/^calendar\.holidays: .*both a holiday and a workday/), expect.stringMatching(/^errorPoints\.aggravation\.min: /)]));
  });

  it('a full policy without extends must be complete', () => {
    const r = parsePolicy({ version: 1 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toEqual(expect.arrayContaining([expect.stringMatching(/^schedule: .*missing/), expect.stringMatching(/^rules: .*missing/)]));
  });
});

describe('extends: default merging', () => {
  it('merges rules by id, overrides one field, appends new rules, and can switch a rule off', () => {
    const r = parsePolicyText('extends: default\nrules:\n  - id: MEET-3\n    fine: 30\n  - id: MEET-4\n    enabled: false\n', 'yaml');
    if (!r.ok) throw new Error(r.errors.join('\n'));
    expect(ruleById(r.policy, 'MEET-3')!.fine).toBe(3000n);
    expect(ruleById(r.policy, 'MEET-3')!.text).toEqual(ruleById(defaultPolicy, 'MEET-3')!.text);
    expect(ruleById(r.policy, 'MEET-4')!.enabled).toBe(false);
    expect(r.policy.rules).toHaveLength(defaultPolicy.rules.length);
  });

  it('merges pay levels by level and replaces plain lists (calendar overrides)', () => {
    const r = parsePolicyText(`extends: default
calendar:
  holidays: ["2027-01-01"]
pay:
  levels:
    - { level: 3, minCustomers: 30, balanceFrom: 20000000, balanceBelow: 30000000, base: 1000 }
`, 'yaml');
    if (!r.ok) throw new Error(r.errors.join('\n'));
    expect(r.policy.pay.levels.map((l) => l.level)).toEqual([4, 3]);
    expect(r.policy.calendar.holidays).toEqual(['2027-01-01']);
  });

  it('does not modify the default policy', () => {
    parsePolicyText('extends: default\nrules:\n  - id: MEET-3\n    fine: 99\n', 'yaml');
    expect(ruleById(defaultPolicy, 'MEET-3')!.fine).toBe(2000n);
  });
});
