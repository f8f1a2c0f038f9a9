// INT-3/4 and OWN-1 under concurrency: 20 requests for one outlet slot (or one
// new customer) at the same instant give exactly one winner, on SQLite and on
// PostgreSQL. The unique constraints decide; the losers are told who won.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases } from './support/db.ts';
import { startBot, type Bot } from './support/bot.ts';
import { cst, testCore, type TestCore } from './support/core.ts';
import { resolveMember } from '../src/services/members.ts';
import { bookSlot, SlotTaken } from '../src/services/bookings.ts';
import { registerCustomer, DuplicateCustomer } from '../src/services/customers.ts';
import type { Actor } from '../src/chat/types.ts';

const N = 20;

describe.each(databases())('races (%s)', (kind) => {
  describe('through the use cases', () => {
    let tc: TestCore;
    let actors: Actor[];
    beforeAll(async () => {
      tc = await testCore(kind);
      actors = [];
      for (let i = 0; i < N; i++) actors.push({ member: await resolveMember(tc.core, 'console', `m${i}`, `经理${i}`), locale: 'zh-CN' });
    });
    afterAll(async () => tc?.close());

    it(`INT-3/4: ${N} concurrent bookings of one slot: exactly one winner, ${N - 1} told who holds it`, async () => {
      const now = cst('2026-11-23 09:00');
      const results = await Promise.allSettled(actors.map((a) => bookSlot(tc.core, a, { outlet: '城东支行', day: '2026-11-25', slot: 'am' }, now)));
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(N - 1);
      const rows = await tc.core.db.booking.findMany({});
      expect(rows).toHaveLength(1);
      const winner = actors.find((a) => a.member.id === rows[0].memberId)!;
      for (const l of lost) {
        expect(l.reason).toBeInstanceOf(SlotTaken);
        expect((l.reason as SlotTaken).holder).toEqual({ id: winner.member.id, name: winner.member.name });
        expect((l.reason as SlotTaken).userMessage['zh-CN']).toContain(`已由 ${winner.member.name} 先申请`);
      }
      // Different slots do not interfere.
      const other = await Promise.allSettled(actors.slice(0, 4).map((a, i) => bookSlot(tc.core, a, { outlet: '城东支行', day: '2026-11-25', slot: i % 2 ? 'am' : 'pm' }, now)));
      expect(other.filter((r) => r.status === 'fulfilled')).toHaveLength(1); // only the pm slot was free
      expect(await tc.core.db.booking.count()).toBe(2);
    });

    it(`OWN-1: ${N} concurrent registrations of one customer: one owner, the rest refused without learning who`, async () => {
      const now = cst('2026-11-23 09:00');
      const results = await Promise.allSettled(actors.map((a, i) => registerCustomer(tc.core, a, { name: '同时公司', phone: `1380000${String(1000 + i)}`, tier: 'B' }, now)));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(lost).toHaveLength(N - 1);
      const owner = (await tc.core.db.customer.findFirstOrThrow({ where: { name: '同时公司' } })).ownerId;
      const ownerName = actors.find((a) => a.member.id === owner)!.member.name;
      for (const l of lost) {
        expect(l.reason).toBeInstanceOf(DuplicateCustomer);
        expect((l.reason as DuplicateCustomer).userMessage['zh-CN']).not.toContain(ownerName);
      }
      expect(await tc.core.db.customer.count({ where: { name: '同时公司' } })).toBe(1);
      expect(await tc.core.db.customerChange.count()).toBe(1);
    });
  });

  describe('over HTTP', () => {
    let bot: Bot;
    const users = Array.from({ length: N }, (_, i) => `U${100 + i}`);
    beforeAll(async () => {
      bot = await startBot(kind, { now: cst('2026-11-23 09:00') });
      users.forEach((u, i) => bot.slack.users.set(u, { name: u.toLowerCase(), real_name: `Manager ${i}`, display_name: `客户经理${i}` }));
      for (const u of users) await bot.command(u, '/cm', 'help');
    });
    afterAll(async () => bot?.stop());

    it(`INT-3/4: ${N} signed /booking requests for one slot at once: one success, ${N - 1} answers naming the holder`, async () => {
      // Twenty at once is a burst: the bot acks at once and answers through response_url.
      const texts = await Promise.all(users.map((u) => bot.answer(u, '/booking', '城西支行 2026-11-26 pm')));
      expect(texts.filter((t) => t.includes('预约成功'))).toHaveLength(1);
      const rows = await bot.core.db.booking.findMany({});
      expect(rows).toHaveLength(1);
      const holder = await bot.core.db.member.findUniqueOrThrow({ where: { id: rows[0].memberId } });
      const winnerIndex = texts.findIndex((t) => t.includes('预约成功'));
      expect(holder.name).toBe(`客户经理${winnerIndex}`);
      expect(texts.filter((t) => t.includes(`已由 ${holder.name} 先申请`))).toHaveLength(N - 1);
    });
  });
});
