// QUOTA-W end to end: managers report units with /quota; the Sunday close fines
// only the shortfall, per unit, from the policy pack (policies/real-estate.yaml).
import { afterEach, describe, expect, it } from 'vitest';
import { databases } from './support/db.ts';
import { testCore, cst, type TestCore } from './support/core.ts';
import { loadPolicyFile } from '../src/config/policy.ts';
import { runCommand } from '../src/chat/dispatch.ts';
import { runWindow } from '../src/jobs/run.ts';

const estate = loadPolicyFile('policies/real-estate.yaml');

describe.each(databases())('/quota (%s)', (kind) => {
  let tc: TestCore | undefined;
  afterEach(async () => tc?.close());
  const who = (name: string) => ({ platform: 'console' as const, externalId: name, displayName: name });

  it('QUOTA-W: reports add up, a correction subtracts, and the week close fines only what is short', async () => {
    if (!estate.ok) throw new Error(estate.message);
    tc = await testCore(kind, { policy: estate.policy });
    const core = tc.core;
    await core.db.team.update({ where: { id: core.team.id }, data: { createdAt: cst('2026-11-01 00:00') } });
    const say = (text: string, at = '2026-11-24 18:00') => runCommand(core, who('张三'), 'quota', text, cst(at)).then((r) => r.text);
    expect(await say('organisations 2 万科物业')).toContain('合计 2/3');
    expect(await say('拓展单位 1')).toContain('合计 3/3');
    expect(await say('visitorGroups 17')).toContain('合计 17/16');
    expect(await say('visitorGroups -1 更正')).toContain('合计 16/16');
    expect(await say('phoneNumbers 90')).toContain('合计 90/100');
    expect(await say('phoneNumbers -91')).toContain('不能少于 0');
    expect(await say('nonsense 3')).toContain('没有指标');
    expect(await say('organisations 2.5')).toContain('请写指标和数量');
    const progress = await say('');
    expect(progress).toContain('✅ 本周拓展单位：3/3');
    expect(progress).toContain('⬜ 本周诚意客户号码：90/100，还差 10，按现在差额期末罚 ¥10.00');

    // Sunday 23:59 close (runs at 00:00 Monday): ¥1 × 10 numbers short, nothing else.
    const results = await runWindow(core, cst('2026-11-29 23:00'), cst('2026-11-30 00:05'), { now: cst('2026-11-30 00:05'), only: (s) => s.job === 'quota-week-close' });
    expect(results.map((r) => r.status)).toEqual(['done']);
    const fines = await core.db.ledgerEntry.findMany({ where: { ruleId: 'QUOTA-W' } });
    expect(fines.map((f) => [f.variant, f.amountFen])).toEqual([['phoneNumbers', 1000n]]);
  });

  it('with the default policy there are no quotas, and /quota says so', async () => {
    tc = await testCore(kind);
    const r = await runCommand(tc.core, who('张三'), 'quota', 'organisations 2', cst('2026-11-24 10:00'));
    expect(r.text).toContain('没有工作量指标');
    expect(await tc.core.db.quotaEntry.count()).toBe(0);
  });
});
