// PERF-1: results. A deal of ¥100,000 or more (policy threshold, inclusive)
// is congratulated in the team channel exactly once. A deal naming an
// unregistered customer starts the DAY-4 clock.
import type { Core } from './core.ts';
import type { Actor } from '../chat/types.ts';
import { msg } from '../i18n.ts';
import { UserError, isUniqueViolation } from './errors.ts';
import { enqueue } from './outbox.ts';
import { linkCustomer, type CustomerLink } from './customers.ts';
import { isBigDeal, formatWan, localDay, monthKey, monthRange, type Day } from '../rules/index.ts';

export const MAX_PRODUCT = 100;

export type DealInput = { amountFen: bigint; product: string; customerName?: string };

export type DealResult = {
  dealId: number;
  day: Day;
  amountFen: bigint;
  product: string;
  customerName: string | null;
  monthTotalFen: bigint;
  big: boolean;
  link: CustomerLink | null;
  /** A repeated delivery of the same typed command: nothing new was stored. */
  repeated: boolean;
};

export async function monthToDate(core: Core, memberId: number, day: Day): Promise<bigint> {
  const { start } = monthRange(monthKey(day));
  const agg = await core.db.deal.aggregate({ where: { memberId, day: { gte: start, lte: day } }, _sum: { amountFen: true } });
  return BigInt(agg._sum.amountFen ?? 0n);
}

/**
 * Records one deal. `/deal` typed twice records two deals; a retried delivery of the same request
 * (same `requestKey`, stored in Deal.requestKey under a unique constraint) records once and answers the same.
 */
export async function recordDeal(core: Core, actor: Actor, input: DealInput, now: Date, requestKey?: string): Promise<DealResult> {
  const product = input.product.trim();
  if (!product) throw new UserError(msg('请写上产品，例如：/deal 12万 对公存款 张三公司', 'Please name the product, e.g. /deal 12万 deposits 张三公司'));
  if (product.length > MAX_PRODUCT) throw new UserError(msg(`产品名称太长（上限 ${MAX_PRODUCT} 字）`, `The product name is too long (limit ${MAX_PRODUCT} characters)`));
  if (input.amountFen <= 0n) throw new UserError(msg('金额必须大于零，例如：/deal 12万 对公存款', 'The amount must be above zero, e.g. /deal 12万 deposits'));
  const customerName = input.customerName?.trim() || null;
  if (customerName && customerName.length > 100) throw new UserError(msg('客户名称太长（上限 100 字）', 'The customer name is too long (limit 100 characters)'));

  if (requestKey) {
    const seen = await core.db.deal.findUnique({ where: { requestKey } });
    if (seen) return replay(core, seen);
  }
  const tz = core.team.timezone;
  const day = localDay(now, tz);
  const member = actor.member;
  const big = isBigDeal(core.policy, input.amountFen);
  try {
    const { deal, link } = await core.db.$transaction(async (tx) => {
      const link = customerName ? await linkCustomer(core, tx, actor, customerName, 'deal', now) : null;
      const deal = await tx.deal.create({
        data: {
          teamId: core.team.id, memberId: member.id, amountFen: input.amountFen, product, customerName,
          customerId: link?.kind === 'own' ? link.customer.id : null, day, occurredAt: now, requestKey: requestKey ?? null,
        },
      });
      if (big) {
        // The channel sees who and how much, never the customer (privacy).
        await enqueue(tx, core.team.id, now, [
          {
            dedupeKey: `deal:${deal.id}:congrats`,
            target: 'channel',
            message: { text: `🎉 喜报！${member.name} 今日（${day}）签下 ${formatWan(input.amountFen)} 大单（${product}），大家为 TA 点赞！（PERF-1）\n🎉 Big deal: ${member.name} landed ${formatWan(input.amountFen)} (${product}) today. Congratulations!` },
          },
        ]);
      }
      return { deal, link };
    });
    const monthTotalFen = await monthToDate(core, member.id, day);
    return { dealId: deal.id, day, amountFen: deal.amountFen, product, customerName, monthTotalFen, big, link, repeated: false };
  } catch (e) {
    if (requestKey && isUniqueViolation(e)) {
      const seen = await core.db.deal.findUnique({ where: { requestKey } });
      if (seen) return replay(core, seen);
    }
    throw e;
  }
}

async function replay(core: Core, d: { id: number; memberId: number; amountFen: bigint; product: string; customerName: string | null; day: string }): Promise<DealResult> {
  return {
    dealId: d.id, day: d.day, amountFen: d.amountFen, product: d.product, customerName: d.customerName,
    monthTotalFen: await monthToDate(core, d.memberId, d.day), big: isBigDeal(core.policy, d.amountFen), link: null, repeated: true,
  };
}

export async function recentDeals(core: Core, memberId: number, take = 10) {
  return core.db.deal.findMany({ where: { memberId }, orderBy: { id: 'desc' }, take });
}
