import { describe, expect, it } from 'vitest';
import { evaluateReport, parsePolicyText, reportableRuleIds, type ReportInput } from '../../src/rules/index.ts';
import { at, policy } from './helpers.ts';

const WHEN = at('2026-11-23', '10:15');
const report = (ruleId: string, extra: Partial<ReportInput> = {}) =>
  evaluateReport(policy, { ruleId, memberId: 12, priorCount: 0, occurredAt: WHEN, sourceKey: `report:${ruleId}:1`, ...extra });

function drafts(ruleId: string, extra: Partial<ReportInput> = {}) {
  const r = report(ruleId, extra);
  if (!r.ok) throw new Error(`${r.code}: ${r.message.en}`);
  return r.drafts;
}

/** One points entry for the item (or variant), with the seed's points. */
function expectPoints(ruleId: string, variant: string | undefined, points: number) {
  expect(drafts(ruleId, variant ? { variant } : {})).toEqual([
    expect.objectContaining({ ruleId, kind: 'points', points, amountFen: 0n, memberId: 12, day: '2026-11-23', sourceKey: `report:${ruleId}:1`, ...(variant ? { variant } : {}) }),
  ]);
}
/** A disqualification flag and nothing else. */
function expectDisqualified(ruleId: string, variant?: string) {
  expect(drafts(ruleId, variant ? { variant } : {})).toEqual([
    expect.objectContaining({ ruleId, kind: 'flag', escalation: 'disqualification', points: 0, amountFen: 0n }),
  ]);
}
function expectError(r: ReturnType<typeof report>, code: string) {
  expect(r.ok).toBe(false);
  if (!r.ok) {
    expect(r.code).toBe(code);
    expect(r.message['zh-CN']).not.toBe('');
    expect(r.message.en).not.toBe('');
  }
  return r.ok ? undefined : r;
}

describe('section A admin-reported fines', () => {
  it('MEET-4: phone not on vibrate during the meeting ¥10', () => {
    expect(drafts('MEET-4')).toEqual([expect.objectContaining({ ruleId: 'MEET-4', kind: 'fine', amountFen: 1000n, points: 0, occurredAt: WHEN, day: '2026-11-23' })]);
  });
  it('OUT-2: field marketing without the badge ¥30', () => {
    expect(drafts('OUT-2')).toEqual([expect.objectContaining({ ruleId: 'OUT-2', kind: 'fine', amountFen: 3000n })]);
  });
  it('INT-2: internal marketing without the badge ¥30', () => {
    expect(drafts('INT-2')).toEqual([expect.objectContaining({ ruleId: 'INT-2', kind: 'fine', amountFen: 3000n })]);
  });
  it('INT-6: a justified customer complaint ¥50', () => {
    expect(drafts('INT-6', { note: '客户投诉态度差' })).toEqual([expect.objectContaining({ ruleId: 'INT-6', amountFen: 5000n, note: '客户投诉态度差' })]);
  });

  it.each([
    [0, false],
    [1, false],
    [2, true],
    [5, true],
  ])('OUT-3: ¥50 each time; with %i earlier entries the dismissal-review flag is %s (the 3rd time and later)', (prior, flagged) => {
    const d = drafts('OUT-3', { priorCount: prior });
    expect(d[0]).toMatchObject({ ruleId: 'OUT-3', kind: 'fine', amountFen: 5000n, sourceKey: 'report:OUT-3:1' });
    if (flagged) expect(d[1]).toMatchObject({ ruleId: 'OUT-3', kind: 'flag', escalation: 'dismissal_review', amountFen: 0n, sourceKey: 'report:OUT-3:1:escalation' });
    expect(d).toHaveLength(flagged ? 2 : 1);
  });

  it('TRN-2: leaving training early, reported by an admin, ¥50 (the only admin case is chosen automatically)', () => {
    expect(drafts('TRN-2')).toEqual([expect.objectContaining({ ruleId: 'TRN-2', variant: 'early_leave', amountFen: 5000n })]);
    expect(drafts('TRN-2', { variant: 'early_leave' })).toHaveLength(1);
  });

  it('TRN-2: lateness is recorded by the bot, not reported (error lists the admin choice)', () => {
    const e = expectError(report('TRN-2', { variant: 'late' }), 'not_admin');
    expect(e?.choices).toEqual(['early_leave']);
  });

  it('MEET-3 DAY-1 TRN-1: AUTO rules cannot be reported by an admin', () => {
    for (const id of ['MEET-3', 'DAY-1', 'TRN-1']) {
      const e = expectError(report(id), 'not_admin');
      expect(e?.message.en).toMatch(/AUTO/);
      expect(e?.choices).toContain('MEET-4');
    }
    expectError(report('PERF-1'), 'not_admin');
  });

  it('unknown rules are refused with the list of valid choices', () => {
    const e = expectError(report('MEET-9'), 'unknown_rule');
    expect(e?.choices).toEqual(reportableRuleIds(policy));
    expect(e?.choices).toEqual(expect.arrayContaining(['MEET-4', 'OUT-2', 'OUT-3', 'INT-2', 'INT-6', 'TRN-2', 'ETH-1', 'SVC-3']));
    expect(e?.choices).toHaveLength(6 + 33);
  });

  it('MEET-4: a fine cannot be aggravated; a multiplier of 1 is no multiplier', () => {
    expectError(report('MEET-4', { multiplier: '2' }), 'multiplier_not_allowed');
    expect(drafts('MEET-4', { multiplier: '1' })[0].multiplier).toBeUndefined();
  });

  it('MEET-4: a disabled rule cannot be reported', () => {
    const r = parsePolicyText('extends: default\nrules:\n  - id: MEET-4\n    enabled: false\n', 'yaml');
    if (!r.ok) throw new Error(r.errors.join());
    const res = evaluateReport(r.policy, { ruleId: 'MEET-4', memberId: 1, priorCount: 0, occurredAt: WHEN, sourceKey: 'x' });
    expect(res).toMatchObject({ ok: false, code: 'disabled' });
  });

  it('rejects bad input: negative priorCount, empty source key, invalid date', () => {
    expectError(report('MEET-4', { priorCount: -1 }), 'bad_input');
    expectError(report('MEET-4', { sourceKey: '' }), 'bad_input');
    expectError(report('MEET-4', { occurredAt: new Date('x') }), 'bad_input');
  });

  it("OUT-3: the entry's day is the Shanghai day of the occurrence", () => {
    expect(drafts('OUT-3', { occurredAt: new Date('2026-11-22T16:30:00Z') })[0].day).toBe('2026-11-23');
  });
});

describe('section B error points (seed 003), all ADMIN', () => {
  // 职业道德
  it('ETH-1: 违规操作 −10 points; aggravated ×1.5 → −15; 情节恶劣 → disqualification', () => {
    expectPoints('ETH-1', 'standard', 10);
    expect(drafts('ETH-1', { variant: 'standard', multiplier: '1.5' })[0]).toMatchObject({ points: 15, multiplier: '1.5' });
    expectDisqualified('ETH-1', 'egregious');
  });
  it('ETH-2: 怠慢或蒙骗客户 −10 points; 情节恶劣 → disqualification', () => {
    expectPoints('ETH-2', 'standard', 10);
    expectDisqualified('ETH-2', 'egregious');
  });
  it('ETH-3: 行内恶意竞争 −5 points, aggravation allowed', () => {
    expectPoints('ETH-3', undefined, 5);
    expect(drafts('ETH-3', { multiplier: '3' })[0].points).toBe(15);
  });
  it('ETH-4: 泄露机密 −10 points, aggravation allowed', () => {
    expectPoints('ETH-4', undefined, 10);
    expect(drafts('ETH-4', { multiplier: '2' })[0].points).toBe(20);
  });
  it('ETH-5: 串通弄虚作假 → disqualification flag only, no points', () => expectDisqualified('ETH-5'));
  it('ETH-6: 违法乱纪 → disqualification flag only, no points', () => expectDisqualified('ETH-6'));
  it('ETH-7: 拒绝提供客户信息 −5; 不配合共同服务 −20; no variant → error listing both', () => {
    expectPoints('ETH-7', 'withholding', 5);
    expectPoints('ETH-7', 'non_cooperation', 20);
    expect(expectError(report('ETH-7'), 'variant_required')?.choices).toEqual(['withholding', 'non_cooperation']);
    expect(expectError(report('ETH-7', { variant: 'other' }), 'unknown_variant')?.choices).toEqual(['withholding', 'non_cooperation']);
  });
  it('ETH-8: 不配合客户经理小组 −10, no aggravation', () => {
    expectPoints('ETH-8', undefined, 10);
    expectError(report('ETH-8', { multiplier: '2' }), 'multiplier_not_allowed');
  });
  // 基础管理
  it('BAS-1: 未按要求拜访客户或拜访后未及时报告 −1', () => expectPoints('BAS-1', undefined, 1));
  it('BAS-2: 未建立客户档案 −1', () => expectPoints('BAS-2', undefined, 1));
  it('BAS-3: 未及时反馈信息 −2', () => expectPoints('BAS-3', undefined, 2));
  it('BAS-4: 未定期工作报告 −2', () => expectPoints('BAS-4', undefined, 2));
  // 信贷操作及管理
  it('CRD-1: 未按规定收集资料 −2 (aggravation); 串通骗贷 → disqualification', () => {
    expectPoints('CRD-1', 'standard', 2);
    expect(drafts('CRD-1', { variant: 'standard', multiplier: '2.5' })[0].points).toBe(5);
    expectDisqualified('CRD-1', 'fraud');
  });
  it('CRD-2: 现场调查 −5; 抵押手续不齐 −10', () => {
    expectPoints('CRD-2', 'survey', 5);
    expectPoints('CRD-2', 'registration', 10);
  });
  it('CRD-3: 未撰写信贷调查报告 −5', () => expectPoints('CRD-3', undefined, 5));
  it('CRD-4: 签章放款不按程序 −10, aggravation allowed', () => {
    expectPoints('CRD-4', undefined, 10);
    expect(drafts('CRD-4', { multiplier: '2' })[0].points).toBe(20);
  });
  it('CRD-5: 未登录系统/归档 −1; 重要信贷材料遗失 −50', () => {
    expectPoints('CRD-5', 'filing', 1);
    expectPoints('CRD-5', 'lost_documents', 50);
  });
  it('CRD-6: 贷后跟踪检查 −2', () => expectPoints('CRD-6', undefined, 2));
  it('CRD-7: 定期贷后检查 −5', () => expectPoints('CRD-7', undefined, 5));
  it('CRD-8: 现场检查流于形式 −1', () => expectPoints('CRD-8', undefined, 1));
  it('CRD-9: 贷后检查报告 −2', () => expectPoints('CRD-9', undefined, 2));
  it('CRD-10: 故意隐瞒问题 −20, aggravation allowed', () => expectPoints('CRD-10', undefined, 20));
  it('CRD-11: 未提前通知本息 −1; 造成欠息 −10', () => {
    expectPoints('CRD-11', 'notice', 1);
    expectPoints('CRD-11', 'arrears', 10);
  });
  it('CRD-12: 五级分类 −2', () => expectPoints('CRD-12', undefined, 2));
  it('CRD-13: 接管业务 −10, aggravation allowed', () => expectPoints('CRD-13', undefined, 10));
  it('CRD-14: −30; 情节严重 → disqualification', () => {
    expectPoints('CRD-14', 'standard', 30);
    expectDisqualified('CRD-14', 'serious');
  });
  it('CRD-15: 借新还旧 scored by the corresponding item (variant = that item)', () => {
    expectPoints('CRD-15', 'CRD-3', 5);
    expectPoints('CRD-15', 'CRD-2:registration', 10);
    expectDisqualified('CRD-15', 'CRD-1:fraud');
    const e = expectError(report('CRD-15'), 'variant_required');
    expect(e?.choices).toContain('CRD-5:lost_documents');
    expect(e?.choices).not.toContain('CRD-15');
    expectError(report('CRD-15', { variant: 'CRD-16' }), 'unknown_variant');
  });
  it('CRD-16: 票据承兑未核实贸易背景 −5', () => expectPoints('CRD-16', undefined, 5));
  it('CRD-17: 个人贷款 材料 −1 / 调查 −2 / 检查 −5', () => {
    expectPoints('CRD-17', 'documents', 1);
    expectPoints('CRD-17', 'investigation', 2);
    expectPoints('CRD-17', 'monitoring', 5);
  });
  it('CRD-18: 其他信贷管理 −1', () => expectPoints('CRD-18', undefined, 1));
  // 服务质量
  it('SVC-1: 重点客户业务量减少 −5 per customer; 流失 −20 per customer', () => {
    expectPoints('SVC-1', 'decline', 5);
    expectPoints('SVC-1', 'lost', 20);
    expect(drafts('SVC-1', { variant: 'lost', units: 3 })[0].points).toBe(60);
    expectError(report('SVC-1', { variant: 'lost', units: 0 }), 'bad_units');
  });
  it('SVC-2: 客户服务方案 −5', () => expectPoints('SVC-2', undefined, 5));
  it('SVC-3: 态度恶劣或遭投诉 −20; units only on per-unit items', () => {
    expectPoints('SVC-3', undefined, 20);
    expectError(report('SVC-3', { units: 2 }), 'units_not_allowed');
  });
});

describe('aggravation (加重处罚) bounds', () => {
  it.each(['0.5', '3.5', '1.2', 'abc', '-2'])('ETH-3: multiplier %s is refused (bounds 1–3, step 0.5)', (m) => {
    const r = report('ETH-3', { multiplier: m });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(['bad_multiplier']).toContain(r.code);
  });
  it('ETH-3: multiplier accepts "2x", "×2", "2倍"', () => {
    for (const m of ['2x', '×2', '2倍']) expect(drafts('ETH-3', { multiplier: m })[0]).toMatchObject({ points: 10, multiplier: '2' });
  });
  it('CRD-5: items without 加重处罚 refuse a multiplier', () => {
    expectError(report('CRD-5', { variant: 'filing', multiplier: '2' }), 'multiplier_not_allowed');
  });
  it('ETH-1: points are rounded half up to whole points (−5 × 1.5 style)', () => {
    expect(drafts('ETH-3', { multiplier: '1.5' })[0].points).toBe(8); // 7.5 → 8
  });
  it('ETH-1: a policy can widen the bounds', () => {
    const r = parsePolicyText('extends: default\nerrorPoints:\n  aggravation: { min: 1, max: 5, step: 1 }\n', 'yaml');
    if (!r.ok) throw new Error(r.errors.join());
    const res = evaluateReport(r.policy, { ruleId: 'ETH-1', variant: 'standard', multiplier: '5', memberId: 1, priorCount: 0, occurredAt: WHEN, sourceKey: 'k' });
    expect(res.ok && res.drafts[0].points).toBe(50);
  });
});
