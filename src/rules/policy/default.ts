/**
 * The default policy: every rule of RULEBOOK section A (seed 000, 客户经理考核细则(试行)) with its ID,
 * mode, Chinese source text, English gloss and default parameters, plus section B's error-point
 * catalogue (./catalogue.ts).
 *
 * `defaultPolicyInput` is written the way a policy file is (amounts in yuan); `defaultPolicy` is the
 * parsed result (amounts in fen, bigint). Example files for sections C and D live in `policies/` and
 * start with `extends: default`.
 */
import { errorPointGroups, errorPointItems } from './catalogue.ts';
import { policySchema, type Policy, type PolicyInput } from './schema.ts';

type RuleInput = PolicyInput['rules'][number];

const t = (zh: string, en: string) => ({ 'zh-CN': zh, en });

function rule(id: string, mode: RuleInput['mode'], title: [string, string], zh: string, en: string, extra: Partial<RuleInput> = {}): RuleInput {
  return { id, section: 'A', mode, title: t(title[0], title[1]), text: t(zh, en), ...extra };
}

export const sectionARules: RuleInput[] = [
  // 一、晨会制度 ---------------------------------------------------------------------------------------
  rule('MEET-1', 'FLOW', ['晨会时间', 'Morning meeting'],
    '晨会时间为每星期一至五:8:00-8:30,各客户经理必须准时参加。',
    'The morning meeting is Monday to Friday, 08:00–08:30 (working days of the Chinese calendar, 调休 make-up days included); every customer manager attends on time.'),
  rule('MEET-2', 'AUTO', ['晨会请假', 'Leave for the meeting'],
    '如有急事、要事需要请假的,各客户经理必须提前与大客户中心管理员联系,做好请假工作,否则,按迟到或缺席处理。',
    'Leave for the meeting must be requested from the centre\'s admin before the meeting starts; an approved request excuses (even if approved later), a pending, rejected or cancelled one does not — otherwise it counts as late or absent.'),
  rule('MEET-3', 'AUTO', ['晨会迟到或缺席', 'Late for or absent from the meeting'],
    '每迟到或缺席一次,扣罚20元,作为大客户中心活动费用。',
    'Each time late (checked in after the start) or absent (no check-in by the end, no excusing leave): ¥20, paid into the centre\'s activity fund. One fine per meeting, never two.',
    { fine: 20, variants: [
      { id: 'late', text: t('迟到', 'Late: checked in after the meeting started') },
      { id: 'absent', text: t('缺席', 'Absent: no check-in by the end of the meeting') },
    ] }),
  rule('MEET-4', 'ADMIN', ['会议中使用手机', 'Phone during the meeting'],
    '会议过程中,手机必须调到振动状态,非紧急事件不能接听电话,否则,扣罚10元。',
    'During the meeting the phone must be on vibrate and non-urgent calls may not be taken; otherwise ¥10.',
    { fine: 10 }),
  rule('MEET-5', 'FLOW', ['晨会内容', 'Meeting agenda'],
    '晨会的内容主要是列队、互检仪容仪表、总结昨日工作情况,汇报当日工作目标和具体工作计划、自我激励。',
    "Agenda: line-up, appearance check, yesterday's summary, today's targets and plan (posted in chat, see DAY-1), self-motivation."),

  // 二、日常管理制度 -----------------------------------------------------------------------------------
  rule('DAY-1', 'AUTO', ['客户经理日志', 'Daily log'],
    '客户经理每天填写《客户经理日志》,每天开展工作前先把自己设定的工作目标写在《客户经理日志》上。每天填写内容包括主要工作落实情况和业绩情况,以及业务发展中存在的问题等。如发现未按时填写《客户经理日志》的,每次扣罚10元。',
    'Fill in the daily log every working day: today\'s targets before starting work (by 09:00), then work done, results and problems (by 23:59). Not on time: ¥10 — one fine per day, whichever part is missing; not due on a full day of approved leave.',
    { fine: 10, variants: [
      { id: 'targets', text: t('未按时填写当日工作目标', "Today's targets not filed on time") },
      { id: 'log', text: t('未按时填写日志', 'Day log not filed on time') },
      { id: 'both', text: t('目标与日志均未按时填写', 'Neither targets nor day log filed on time') },
    ] }),
  rule('DAY-2', 'AUTO', ['周/月工作总结与计划', 'Weekly and monthly summary'],
    '客户经理每周和每月必须填写《客户经理(周/月)工作总结与计划》,分别在每周星期一早上下班前和每月3号前交到大客户中心。如无特殊原因未按时上交的,每次扣罚50元。',
    'The weekly summary and plan is due Monday before the end of the morning shift (12:00); the monthly one by the 3rd (23:59, configurable). Late without reason: ¥50 each time.',
    { fine: 50, variants: [
      { id: 'week', text: t('周工作总结与计划未按时上交', 'Weekly summary and plan late') },
      { id: 'month', text: t('月工作总结与计划未按时上交', 'Monthly summary and plan late') },
    ] }),
  rule('DAY-3', 'AUTO', ['客户回访', 'Customer revisits'],
    '客户经理要做好客户回访工作,并填写《客户跟踪拜访报备表》。如发现未按维护标准回访客户的,每次扣罚50元。',
    'Revisit customers by the maintenance-frequency standard (tier A every 7 days, B every 30, C every 90 — configurable) and file the visit report. Not revisited as required: ¥50 per customer per missed cycle.',
    { fine: 50 }),
  rule('DAY-4', 'AUTO', ['新客户录入', 'Registering new customers'],
    '客户经理必须将新开发的客户资料及时在“客户经理管理系统”进行录入。如发现未及时录入的,每次扣罚50元。',
    'A new customer named in a deal or visit must be registered in the system by the end of the next working day; otherwise ¥50.',
    { fine: 50 }),
  rule('DAY-5', 'FLOW', ['客户资料更新', 'Keeping customer data up to date'],
    '客户经理在工作中收集到的客户资料必须及时登录“客户经理管理系统”进行更新和完善。',
    'Customer data collected at work is entered into the system promptly and kept complete (customer registry: edit, tier, owner, history).'),

  // 三、外出营销制度 -----------------------------------------------------------------------------------
  rule('OUT-1', 'OUT', ['统一着装', 'Uniform'],
    '外出营销必须统一着装,穿邮政制服或营销中心统一购买的服装。如在正常工作时间外可以不受这一规定。',
    'Field marketing is done in uniform (outside normal working hours exempt). A bot cannot see this.'),
  rule('OUT-2', 'ADMIN', ['外出营销佩戴工作牌', 'Badge in field marketing'],
    '外出营销必须佩戴工作牌,否则,一经发现扣罚30元。',
    'Field marketing without the work badge: ¥30 once found.',
    { fine: 30 }),
  rule('OUT-3', 'ADMIN', ['外出营销做无关的事', 'Unrelated business in field marketing'],
    '外出营销不得做与工作、业务发展无关的事情,否则,一经发现扣罚50元,累计3次,开除客户经理职务。如有急事、要事需要处理的,要事先与大客户中心管理员请假或汇报。',
    'Doing things unrelated to work during field marketing: ¥50 once found; the 3rd time, removal from the customer-manager post (the bot flags a dismissal review).',
    { fine: 50, escalation: { atCount: 3, kind: 'dismissal_review' } }),
  rule('OUT-4', 'FLOW', ['大客户登记表', 'Big-customer registration form'],
    '客户经理在外出营销(陌生拜访、客户回访)注意做好《大客户登记表》登记工作,收集好客户的资料、建议、需求情况(包括业务本身的需求和业务外的其它需求)等资料,并注意技巧地向客户取名片。',
    "Record the customer's information, suggestions and needs from every visit (the visit form captures them)."),
  rule('OUT-6/7', 'FLOW', ['日终整理与日志', 'End-of-day entry and log'],
    '日终回来后所走访客户情况、资料等进行整理,并录入“客户经理管理系统”,对客户资料进行更新和完善。日终做好《客户经理日志》的填写工作。',
    'At the end of the day, enter the visited customers into the system and fill in the day log (= visits + DAY-1).',
    { aliases: ['OUT-6', 'OUT-7'] }),

  // 四、内部营销制度 -----------------------------------------------------------------------------------
  rule('INT-2', 'ADMIN', ['内部营销佩戴工作牌', 'Badge in internal marketing'],
    '内部营销必须佩戴工作牌,否则,一经发现扣罚30元。',
    'Internal (branch) marketing without the work badge: ¥30 once found.',
    { fine: 30 }),
  rule('INT-3/4', 'FLOW', ['内部营销网点调配', 'Booking branch outlets'],
    '计划开展内部营销前,客户经理必须向大客户中心管理员汇报,由其调配内部营销的网点。客户经理不同时间要求到同一个网点开展内部营销的,以谁先申请谁得为原则。',
    'Before internal marketing, report to the admin, who allocates the branch outlet; the first to apply gets the slot.',
    { aliases: ['INT-3', 'INT-4'] }),
  rule('INT-6', 'ADMIN', ['客户有理投诉', 'Justified customer complaint'],
    '客户经理在营销过程中必须以礼相待,热情服务,如受到客户有理投诉的,每次扣罚50元。',
    'Be courteous and warm in marketing; a justified customer complaint: ¥50 each time.',
    { fine: 50 }),

  // 五、报表资料整理制度 -------------------------------------------------------------------------------
  rule('REP-1..4', 'FLOW', ['报表资料整理', 'Filing reports'],
    '客户经理每日把《客户经理日志》按日期大小顺序进行摆放整理,按月进行装订;《工作总结与计划》按季装订;《客户跟踪拜访报备表》按客户级别分类;《大客户登记表》按客户所属网点分类。营销中心管理员将不定期进行抽查。',
    'Logs, summaries, visit reports and registration forms are filed by date, level or outlet and inspected by the admin (archive export per manager and period).',
    { aliases: ['REP-1', 'REP-2', 'REP-3', 'REP-4'] }),
  rule('REP-5', 'FLOW', ['资料保密', 'Confidentiality'],
    '客户经理不得将各种报表和客户资料向任何人泄露,否则,对客户经理进行开除处理。',
    'Reports and customer data must never be leaked to anyone, on pain of dismissal (access control: a manager sees only his own data).'),

  // 六、大型客户立项制度 -------------------------------------------------------------------------------
  rule('PRJ-1..4', 'FLOW', ['大型客户立项', 'Big-customer projects'],
    '各客户经理拓展大型客户时,可以向营销中心申请立项,填制《大型客户立项申请表》。营销中心对提交上来的立项申请进行调查和效益分析,并3个工作日内向客户经理作出明确回复。对大型客户的维护工作,由客户经理和营销中心共同维护。',
    'A manager applies for a big-customer project; the marketing centre answers within 3 working days (reminder to admins on working day 2, escalation when overdue); both maintain key customers together.',
    { aliases: ['PRJ-1', 'PRJ-2', 'PRJ-3', 'PRJ-4'] }),

  // 七、业绩通报制度 -----------------------------------------------------------------------------------
  rule('PERF-1', 'FLOW', ['每日特大业绩通报', 'Daily big-deal announcement'],
    '每日特大业绩通报制度。各客户经理对当天所开发10万元以上客户时,向大客户中心报喜,由管理员发短信给大客户中心各成员祝贺。',
    'When a manager lands a customer of ¥100,000 or more that day, the bot broadcasts it to the team and everyone congratulates.'),
  rule('PERF-2', 'FLOW', ['每周通报', 'Weekly bulletin'],
    '每周通报。对各客户经理的上周业绩情况和本月累计新增情况、离目标情况进行通报。',
    "Every Monday 08:00: each manager's results last week, month-to-date additions and distance to the monthly target, with a ranking."),
  rule('PERF-3', 'FLOW', ['每月业绩公报表彰', 'Monthly bulletin'],
    '每月业绩公报表彰。由大客户中心主任在每月总结会上宣读各客户经理的业绩情况,对先进进行表彰。',
    "On the first working day of the month: each manager's results, a ranking, and the top performers commended."),

  // 八、培训制度 ---------------------------------------------------------------------------------------
  rule('TRN-1', 'AUTO', ['培训缺勤', 'Missing a training session'],
    '客户经理必须参加市局或分局组织的各类培训工作。如发现无故缺勤的,每次扣罚100元。',
    'Missing a training session without reason (no check-in by its end, no excusing leave): ¥100 each time.',
    { fine: 100 }),
  rule('TRN-2', 'AUTO/ADMIN', ['培训迟到早退', 'Late for or leaving training early'],
    '客户经理参加各类培训必须按规定时间、地点参加培训。如发现无故迟到、早退的,每次扣罚50元。',
    'Late to (check-in after the start) or leaving early from a training session without reason: ¥50 each time. Leaving early is reported by an admin.',
    { fine: 50, variants: [
      { id: 'late', mode: 'AUTO', text: t('培训迟到', 'Late for training') },
      { id: 'early_leave', mode: 'ADMIN', text: t('培训早退', 'Left training early') },
    ] }),

  // 九、薪酬制度 ---------------------------------------------------------------------------------------
  rule('PAY-1', 'FLOW', ['薪酬构成', 'Pay'],
    '客户经理薪酬由“底薪+提成+其它酬金”组成。',
    'Pay = base + commission + other; the monthly statement lists fines separately.'),
  rule('PAY-2', 'AUTO', ['客户经理定级', 'Manager level'],
    '每位客户经理维护的客户数为40户,余额总量为3000—3999万元,根据《东莞市邮政储蓄客户经理考核办法》中的客户经理定级标准,现业的客户经理定为四级客户经理,底薪为每月1200元。',
    'A manager keeping 40 customers with a total balance of ¥30–39.99 million is a level-4 manager, base pay ¥1,200 a month (other levels are configured in the policy).'),
  rule('PAY-3', 'AUTO', ['旧客户余额提成', 'Commission on existing customers'],
    '客户经理的提成按储蓄余额的考核标准计算;旧客户余额考核:根据客户经理所管理的老客户的本月余额与以往月份的最高余额的差额,按照差额的1‰计提收入。',
    "Commission per existing customer: 1‰ of (this month's balance − the highest balance of any earlier month), only when positive."),
];

export const defaultPolicyInput: PolicyInput = {
  version: 1,
  name: t('客户经理考核细则(试行)', 'Customer-manager rulebook (trial)'),
  timezone: 'Asia/Shanghai',
  calendar: { holidays: [], workdays: [], dataThrough: null, warnDaysBefore: 60 },
  schedule: {
    meeting: { days: 'workdays', start: '08:00', end: '08:30', reminder: '07:45', checkInOpens: '07:30' },
    leave: { halfDaySplit: '12:00', pendingAtClose: 'charge' },
    dayLog: { targetsReminder: '08:45', targetsDue: '09:00', logReminder: '17:30', logDue: '23:59' },
    weeklySummary: { reminderWeekday: 1, reminderTime: '09:00', dueWeekday: 1, dueTime: '12:00', shiftToWorkday: true },
    monthlySummary: { reminderDay: 1, reminderTime: '09:00', dueDay: 3, dueTime: '23:59', shiftToWorkday: true },
    visits: { intervalDays: { A: 7, B: 30, C: 90 }, reminderDaysBefore: 2, shiftToWorkday: true },
    registration: { dueWorkdays: 1, dueTime: '23:59' },
    bigDeal: { threshold: 100_000 },
    weeklyBulletin: { weekday: 1, time: '08:00' },
    monthlyBulletin: { workday: 1, time: '08:00', topPerformers: 3 },
    projects: { answerWorkdays: 3, reminderWorkday: 2 },
    training: { reminderMinutesBefore: 30 },
  },
  pay: {
    levels: [
      { level: 4, name: t('四级客户经理', 'Level-4 manager'), minCustomers: 40, balanceFrom: 30_000_000, balanceBelow: 40_000_000, base: 1200 },
    ],
    commissionPermille: 1,
    deductFines: true,
  },
  errorPoints: {
    groups: errorPointGroups,
    aggravation: { min: 1, max: 3, step: 0.5 },
  },
  rules: [...sectionARules, ...errorPointItems],
};

/** The built-in policy (amounts in fen). */
export const defaultPolicy: Policy = policySchema.parse(defaultPolicyInput);
