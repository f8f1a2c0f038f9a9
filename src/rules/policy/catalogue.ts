/**
 * Section B of the rulebook: the 差错积分 (error points) catalogue from seed 003, all 33 items.
 *
 * Points are deductions from the manager's quarterly score, written as positive numbers here. An item
 * with two (or three) cases keeps them as variants of one ID. 取消客户经理资格 → `disqualify: true` (a
 * flag entry, no points). 加重处罚 → `aggravation: true` (the admin may apply a multiplier within
 * `errorPoints.aggravation`). Every item is ADMIN: an admin reports it, the bot does the bookkeeping.
 * The Chinese text is the seed's wording in simplified characters.
 */
import type { PolicyInput } from './schema.ts';

type RuleInput = PolicyInput['rules'][number];
type Group = 'ETH' | 'BAS' | 'CRD' | 'SVC';

function item(group: Group, n: number, title: [string, string], zh: string, en: string, extra: Partial<RuleInput> = {}): RuleInput {
  return {
    id: `${group}-${n}`,
    section: 'B',
    group,
    mode: 'ADMIN',
    title: { 'zh-CN': title[0], en: title[1] },
    text: { 'zh-CN': zh, en },
    ...extra,
  };
}

const v = (id: string, zh: string, en: string, extra: Record<string, unknown> = {}) => ({ id, text: { 'zh-CN': zh, en }, ...extra });

export const errorPointGroups = [
  { id: 'ETH' as const, name: { 'zh-CN': '职业道德', en: 'Professional ethics' } },
  { id: 'BAS' as const, name: { 'zh-CN': '基础管理', en: 'Basic management' } },
  { id: 'CRD' as const, name: { 'zh-CN': '信贷操作及管理', en: 'Credit operations and management' } },
  { id: 'SVC' as const, name: { 'zh-CN': '服务质量', en: 'Service quality' } },
];

export const errorPointItems: RuleInput[] = [
  // 一、职业道德考核标准 -------------------------------------------------------------------------------
  item('ETH', 1, ['违规操作', 'Irregular operation'],
    '违规操作,每次扣10分;给我行带来风险或不良影响的,加重处罚;情节恶劣的,取消客户经理资格。',
    'Irregular operation: −10 points each time; aggravated if it brought risk or harm to the bank; disqualification if the case is egregious.',
    { variants: [
      v('standard', '违规操作,每次扣10分;给我行带来风险或不良影响的,加重处罚', 'Irregular operation: −10 points (aggravation allowed)', { points: 10, aggravation: true }),
      v('egregious', '情节恶劣的,取消客户经理资格', 'Egregious case: disqualified as a customer manager', { disqualify: true }),
    ] }),
  item('ETH', 2, ['怠慢或蒙骗客户', 'Neglecting or deceiving customers'],
    '怠慢客户或越权允诺、蒙骗客户,每次扣10分;造成不良影响的,加重处罚;情节恶劣的,取消客户经理资格。',
    'Neglecting customers, promising beyond authority or deceiving customers: −10 points each time; aggravated if it caused harm; disqualification if egregious.',
    { variants: [
      v('standard', '怠慢客户或越权允诺、蒙骗客户,每次扣10分;造成不良影响的,加重处罚', 'Neglect / unauthorised promise / deception: −10 points (aggravation allowed)', { points: 10, aggravation: true }),
      v('egregious', '情节恶劣的,取消客户经理资格', 'Egregious case: disqualified as a customer manager', { disqualify: true }),
    ] }),
  item('ETH', 3, ['行内恶意竞争', 'Malicious internal competition'],
    '客户开发过程中采用诋毁、降低业务标准等不正当手段进行行内恶意竞争的,每次扣5分;造成恶劣影响的,加重处罚。',
    'Malicious competition inside the bank (disparaging colleagues, lowering business standards): −5 points each time; aggravated if the effect was bad.',
    { points: 5, aggravation: true }),
  item('ETH', 4, ['泄露商业机密', 'Leaking business secrets'],
    '泄露银行或客户商业机密的,视情节每次扣10分;影响恶劣的,加重处罚。',
    "Leaking the bank's or a customer's business secrets: −10 points each time depending on the case; aggravated if the effect was bad.",
    { points: 10, aggravation: true }),
  item('ETH', 5, ['串通弄虚作假', 'Collusion and fraud'],
    '与客户串通弄虚作假、欺骗银行的,直接取消客户经理资格。',
    'Colluding with a customer to falsify and deceive the bank: directly disqualified as a customer manager.',
    { disqualify: true }),
  item('ETH', 6, ['违法乱纪', 'Breaking the law'],
    '存在违法乱纪行为的,直接取消其客户经理资格。',
    'Illegal or undisciplined conduct: directly disqualified as a customer manager.',
    { disqualify: true }),
  item('ETH', 7, ['将客户据为己有', 'Treating customers as private property'],
    '将客户据为己有,拒绝按要求提供客户信息的,扣5分;拒绝或不配合其他人员共同为客户提供服务的,扣20分。',
    'Keeping customers to oneself and refusing to share customer information: −5 points; refusing to serve customers together with colleagues: −20 points.',
    { variants: [
      v('withholding', '将客户据为己有,拒绝按要求提供客户信息的,扣5分', 'Refusing to share customer information: −5 points', { points: 5 }),
      v('non_cooperation', '拒绝或不配合其他人员共同为客户提供服务的,扣20分', 'Refusing to serve customers together with colleagues: −20 points', { points: 20 }),
    ] }),
  item('ETH', 8, ['不配合客户经理小组', 'Not cooperating with the team'],
    '客户服务过程中,不能及时沟通通报情况的、不积极配合的、不能按客户经理小组的要求做好工作的,扣10分。',
    "Not communicating in time, not cooperating, or not doing the work the customer-manager team asked for: −10 points.",
    { points: 10 }),

  // 二、基础管理工作考核标准 ---------------------------------------------------------------------------
  item('BAS', 1, ['未按要求拜访客户', 'Visits not made or not reported'],
    '未按要求拜访客户或拜访后未及时报告的,每次扣1分。',
    'Not visiting customers as required, or not reporting promptly after a visit: −1 point each time.',
    { points: 1 }),
  item('BAS', 2, ['未建立客户档案', 'Customer files missing'],
    '未按要求建立客户管理档案或未及时归档,每次扣1分。',
    'Not setting up customer management files as required, or not filing them in time: −1 point each time.',
    { points: 1 }),
  item('BAS', 3, ['未及时反馈信息', 'Information not fed back'],
    '未及时收集反馈客户信息、市场、产品信息,对营销工作的开展造成影响的,每次扣2分。',
    'Not collecting and feeding back customer, market and product information in time, hurting marketing: −2 points each time.',
    { points: 2 }),
  item('BAS', 4, ['未定期工作报告', 'Work reports missing'],
    '未定期进行工作报告或内容不符合要求,每次扣2分。',
    'No regular work report, or its content does not meet the requirements: −2 points each time.',
    { points: 2 }),

  // 三、信贷操作及管理工作考核标准 ----------------------------------------------------------------------
  item('CRD', 1, ['未按规定收集资料', 'Loan documents not collected'],
    '未按规定要求收集资料,每次扣2分。带来风险的加重处罚。与客户串通提供虚假资料骗取贷款的,直接取消客户经理资格。',
    'Not collecting documents as required: −2 points each time, aggravated if it brought risk. Colluding with a customer to obtain a loan with false documents: directly disqualified.',
    { variants: [
      v('standard', '未按规定要求收集资料,每次扣2分。带来风险的加重处罚', 'Documents not collected as required: −2 points (aggravation allowed)', { points: 2, aggravation: true }),
      v('fraud', '与客户串通提供虚假资料骗取贷款的,直接取消客户经理资格', 'Collusion to obtain a loan with false documents: directly disqualified', { disqualify: true }),
    ] }),
  item('CRD', 2, ['抵(质)押物调查与手续', 'Collateral survey and formalities'],
    '未按规定对抵(质)押物进行现场调查、评估或现场调查不严、不细,每次扣5分;抵(质)押登记手续或抵(质)押物手续不齐全,每次扣10分。带来风险的加重处罚。',
    'No (or careless) on-site survey and valuation of collateral: −5 points each time; incomplete collateral registration or paperwork: −10 points each time. Aggravated if it brought risk.',
    { variants: [
      v('survey', '未按规定对抵(质)押物进行现场调查、评估或现场调查不严、不细,每次扣5分', 'Collateral survey missing or careless: −5 points (aggravation allowed)', { points: 5, aggravation: true }),
      v('registration', '抵(质)押登记手续或抵(质)押物手续不齐全,每次扣10分', 'Collateral registration or paperwork incomplete: −10 points (aggravation allowed)', { points: 10, aggravation: true }),
    ] }),
  item('CRD', 3, ['未撰写信贷调查报告', 'Credit investigation report missing'],
    '未按规定要求撰写信贷调查报告,每次扣5分。',
    'Not writing the credit investigation report as required: −5 points each time.',
    { points: 5 }),
  item('CRD', 4, ['未按程序办理签章放款', 'Signing and disbursement out of procedure'],
    '未按要求和规定程序办理贷款签章和放款手续的,每次扣10分。带来风险加重处罚。',
    'Loan signing and disbursement not done by the required procedure: −10 points each time; aggravated if it brought risk.',
    { points: 10, aggravation: true }),
  item('CRD', 5, ['信贷档案归档', 'Credit files'],
    '未按规定要求登录系统、及时将信贷档案归档的,每次扣1分。重要信贷材料遗失的,扣50分。',
    'Not entering the system or not filing credit records in time: −1 point each time. Losing important credit documents: −50 points.',
    { variants: [
      v('filing', '未按规定要求登录系统、及时将信贷档案归档的,每次扣1分', 'Credit records not entered or filed in time: −1 point', { points: 1 }),
      v('lost_documents', '重要信贷材料遗失的,扣50分', 'Important credit documents lost: −50 points', { points: 50 }),
    ] }),
  item('CRD', 6, ['贷后跟踪检查', 'Post-disbursement follow-up'],
    '未按规定要求在贷款发放后对贷款使用情况进行跟踪检查的,每次扣2分。',
    'Not following up how a loan is used after disbursement: −2 points each time.',
    { points: 2 }),
  item('CRD', 7, ['定期贷后检查', 'Regular post-loan checks'],
    '未按规定时限和要求进行定期贷后检查工作,每次扣5分。',
    'Regular post-loan checks not done on time or as required: −5 points each time.',
    { points: 5 }),
  item('CRD', 8, ['现场检查流于形式', 'Perfunctory on-site checks'],
    '现场检查流于形式,未按规定项目、内容进行检查,每次扣1分。',
    'On-site checks as a formality, not covering the required items: −1 point each time.',
    { points: 1 }),
  item('CRD', 9, ['贷后检查报告', 'Post-loan check report'],
    '贷后检查后未按要求撰写贷后检查报告、及时报告,每次扣2分。',
    'No post-loan check report, or not reported in time: −2 points each time.',
    { points: 2 }),
  item('CRD', 10, ['隐瞒问题', 'Concealing problems'],
    '贷后检查中,故意隐瞒或掩盖问题,每次扣20分。带来风险的加重处罚。',
    'Deliberately hiding or covering up problems in post-loan checks: −20 points each time; aggravated if it brought risk.',
    { points: 20, aggravation: true }),
  item('CRD', 11, ['本息支付通知', 'Repayment notices'],
    '未按规定要求提前通知客户做好本息支付工作的,每次扣1分;由此造成客户欠息或不能按期偿还贷款本息,每次扣10分。',
    'Not notifying the customer in advance of principal and interest payments: −1 point each time; if the customer therefore falls into arrears or misses repayment: −10 points each time.',
    { variants: [
      v('notice', '未按规定要求提前通知客户做好本息支付工作的,每次扣1分', 'No advance repayment notice: −1 point', { points: 1 }),
      v('arrears', '由此造成客户欠息或不能按期偿还贷款本息,每次扣10分', 'Customer fell into arrears as a result: −10 points', { points: 10 }),
    ] }),
  item('CRD', 12, ['五级分类', 'Five-category loan classification'],
    '未按规定要求做好五级分类工作的,每次扣2分。',
    'Five-category loan classification not done as required: −2 points each time.',
    { points: 2 }),
  item('CRD', 13, ['接管业务管理责任', 'Duties on taken-over business'],
    '在接管他人管理的业务时,未按“不让资产变坏”原则认真履行管理责任,每次扣10分;由此而影响资产质量,使资产质量变坏,加重处罚。',
    'Not managing taken-over business by the "do not let assets deteriorate" principle: −10 points each time; aggravated if asset quality deteriorated as a result.',
    { points: 10, aggravation: true }),
  item('CRD', 14, ['贷后风险信息', 'Risk information missed'],
    '因贷后管理工作不落实,在借款人或担保人发生经营风险或抵(质)押物价值发生重大变化或借款企业违反合同约定挪用贷款,危及贷款安全时,未及时获取本应发现的相关信息或未及时报告信息,造成我行资产风险或风险扩大的,扣30分,情节严重的直接取消客户经理资格。',
    "Weak post-loan management that missed or failed to report information it should have found when the borrower's or guarantor's risk, the collateral's value, or misuse of the loan endangered the loan, causing or widening the bank's asset risk: −30 points; directly disqualified if serious.",
    { variants: [
      v('standard', '未及时获取或报告信息,造成我行资产风险或风险扩大的,扣30分', 'Risk information missed or not reported: −30 points', { points: 30 }),
      v('serious', '情节严重的直接取消客户经理资格', 'Serious case: directly disqualified', { disqualify: true }),
    ] }),
  item('CRD', 15, ['借新还旧贷款', 'Refinancing loans'],
    '未按规定对借新还旧贷款视同新发放贷款进行调查、管理,按以上对应条款进行考核扣分和处罚。',
    'Refinancing ("borrow new to repay old") loans not investigated and managed like new loans: scored by the corresponding item above (CRD-1 … CRD-14); choose that item as the variant.',
    { delegatesTo: ['CRD-1', 'CRD-2', 'CRD-3', 'CRD-4', 'CRD-5', 'CRD-6', 'CRD-7', 'CRD-8', 'CRD-9', 'CRD-10', 'CRD-11', 'CRD-12', 'CRD-13', 'CRD-14'] }),
  item('CRD', 16, ['票据承兑贸易背景', 'Bill acceptance background'],
    '办理票据承兑业务时,除按贷款操作和管理的标准评价和考核外,未核实贸易背景的真实性和保证资金来源的合理性,每次扣5分。带来风险的加重处罚。',
    'Bill acceptance without verifying the trade background and the source of the margin funds: −5 points each time (on top of the loan standards); aggravated if it brought risk.',
    { points: 5, aggravation: true }),
  item('CRD', 17, ['个人贷款操作', 'Personal loans'],
    '办理个人贷款业务时,未按规定的内容收集材料或收集的材料不全、不真实,扣1分;未按规定进行信贷调查或调查的内容不全面、不真实,或抵(质)押手续不落实,每次扣2分;未按规定的时间对贷款进行检查、监督,每次扣5分。带来风险的加重处罚。',
    'Personal loans: documents missing, incomplete or untrue −1 point; investigation missing, incomplete or untrue, or collateral formalities not completed −2 points each time; loan not checked on schedule −5 points each time. Aggravated if it brought risk.',
    { variants: [
      v('documents', '未按规定的内容收集材料或收集的材料不全、不真实,扣1分', 'Documents missing, incomplete or untrue: −1 point (aggravation allowed)', { points: 1, aggravation: true }),
      v('investigation', '未按规定进行信贷调查或调查的内容不全面、不真实,或抵(质)押手续不落实,每次扣2分', 'Investigation or collateral formalities lacking: −2 points (aggravation allowed)', { points: 2, aggravation: true }),
      v('monitoring', '未按规定的时间对贷款进行检查、监督,每次扣5分', 'Loan not checked on schedule: −5 points (aggravation allowed)', { points: 5, aggravation: true }),
    ] }),
  item('CRD', 18, ['其他信贷管理', 'Other credit management'],
    '其他未按要求进行信贷管理的,每次扣1分。带来风险的加重处罚。',
    'Other credit management not done as required: −1 point each time; aggravated if it brought risk.',
    { points: 1, aggravation: true }),

  // 四、服务质量 ---------------------------------------------------------------------------------------
  item('SVC', 1, ['重点客户业务减少或流失', 'Key customers declining or lost'],
    '因服务不到位,致使重点客户业务量减少的,每户扣5分;致使重点客户流失的,每户扣20分。',
    "Poor service causing a key customer's business to decline: −5 points per customer; causing a key customer to leave: −20 points per customer.",
    { variants: [
      v('decline', '致使重点客户业务量减少的,每户扣5分', 'Key customer business declined: −5 points per customer', { points: 5, perUnit: { 'zh-CN': '户', en: 'customer' } }),
      v('lost', '致使重点客户流失的,每户扣20分', 'Key customer lost: −20 points per customer', { points: 20, perUnit: { 'zh-CN': '户', en: 'customer' } }),
    ] }),
  item('SVC', 2, ['客户服务方案', 'Customer service plan'],
    '缺乏客户服务方案或客户服务方案未能有效落实,致使所服务客户的业务整体上单一的,扣5分。',
    "No customer service plan, or the plan not carried out, leaving the customers' business one-dimensional: −5 points.",
    { points: 5 }),
  item('SVC', 3, ['服务态度与投诉', 'Attitude and complaints'],
    '在客户服务方面态度恶劣、不负责任、出现重大失误以及遭客户投诉的,每次扣20分。',
    'Bad attitude, irresponsibility, a major mistake in customer service, or a customer complaint: −20 points each time.',
    { points: 20 }),
];
