// INT-3/4: booking a branch outlet for internal marketing. 以谁先申请谁得:
// the first request wins. The unique constraint (team, outlet, day, slot)
// decides, not this code: the loser's insert fails and is answered with who
// holds the slot. Admins can reassign a slot; both people get a DM.
import type { Core } from './core.ts';
import type { Actor } from '../chat/types.ts';
import { msg } from '../i18n.ts';
import { UserError, isUniqueViolation } from './errors.ts';
import { enqueue, toMember } from './outbox.ts';
import { getMember, type MemberRow } from './members.ts';
import { addDays, isValidDay, localDay, type Day } from '../rules/index.ts';

export type Slot = 'am' | 'pm';

export const SLOT_LABEL: Record<Slot, { 'zh-CN': string; en: string }> = { am: { 'zh-CN': '上午', en: 'morning' }, pm: { 'zh-CN': '下午', en: 'afternoon' } };

export function parseSlot(s: string): Slot | null {
  const t = s.trim().toLowerCase();
  if (['am', '上午', 'morning', 'a'].includes(t)) return 'am';
  if (['pm', '下午', 'afternoon', 'p'].includes(t)) return 'pm';
  return null;
}

/** `2026-11-25`, `11-25` / `11/25` (this year, or next year if already past), 今天 / 明天 / 后天. */
export function parseDay(s: string, now: Date, tz: string): Day | null {
  const t = s.trim().normalize('NFKC');
  const today = localDay(now, tz);
  if (['今天', 'today'].includes(t.toLowerCase())) return today;
  if (['明天', 'tomorrow'].includes(t.toLowerCase())) return addDays(today, 1);
  if (t === '后天') return addDays(today, 2);
  const full = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(t);
  if (full) {
    const d = `${full[1]}-${full[2].padStart(2, '0')}-${full[3].padStart(2, '0')}`;
    return isValidDay(d) ? d : null;
  }
  const short = /^(\d{1,2})[-/.](\d{1,2})$/.exec(t);
  if (short) {
    let d = `${today.slice(0, 4)}-${short[1].padStart(2, '0')}-${short[2].padStart(2, '0')}`;
    if (!isValidDay(d)) return null;
    if (d < today) {
      d = `${Number(today.slice(0, 4)) + 1}${d.slice(4)}`;
      if (!isValidDay(d)) return null;
    }
    return d;
  }
  return null;
}

export function normalizeOutlet(s: string): string {
  return s.normalize('NFKC').trim().replace(/\s+/g, ' ');
}

export type BookingRow = { id: number; outlet: string; day: string; slot: string; memberId: number; createdAt: Date; reassignedBy: number | null };

/** Raised for the loser of a slot: names the holder (fine to reveal here). */
export class SlotTaken extends UserError {
  constructor(public readonly holder: { id: number; name: string }, public readonly mine: boolean, outlet: string, day: string, slot: Slot) {
    super(
      mine
        ? msg(`你已经预约了 ${outlet} ${day} ${SLOT_LABEL[slot]['zh-CN']}，无需重复预约。`, `You already hold ${outlet} on ${day} (${SLOT_LABEL[slot].en}); nothing changed.`)
        : msg(
            `${outlet} ${day} ${SLOT_LABEL[slot]['zh-CN']} 已由 ${holder.name} 先申请（INT-3/4：以谁先申请谁得），请换个时段或网点。`,
            `${outlet} on ${day} (${SLOT_LABEL[slot].en}) is already held by ${holder.name}, who asked first (INT-3/4). Please pick another slot or outlet.`,
          ),
    );
  }
}

function checkWhen(core: Core, day: Day, now: Date) {
  const today = localDay(now, core.team.timezone);
  if (day < today) throw new UserError(msg(`${day} 已经过去了，只能预约今天或以后的时段。`, `${day} is in the past; book today or later.`));
  if (day > addDays(today, 366)) throw new UserError(msg('最多只能预约一年以内的时段。', 'Slots can be booked at most a year ahead.'));
}

function checkOutlet(outlet: string): string {
  const o = normalizeOutlet(outlet);
  if (!o) throw new UserError(msg('请写上网点名称，例如：/booking 城东支行 2026-11-25 am', 'Please name the outlet, e.g. /booking 城东支行 2026-11-25 am'));
  if (o.length > 60) throw new UserError(msg('网点名称太长（上限 60 字）', 'The outlet name is too long (limit 60 characters)'));
  return o;
}

async function holderOf(core: Core, outlet: string, day: Day, slot: Slot): Promise<BookingRow | null> {
  return core.db.booking.findUnique({ where: { teamId_outlet_day_slot: { teamId: core.team.id, outlet, day, slot } } });
}

/** Books a slot. The insert either wins or fails on the unique constraint; the loser learns who holds it. */
export async function bookSlot(core: Core, actor: Actor, o: { outlet: string; day: Day; slot: Slot }, now: Date): Promise<BookingRow> {
  const outlet = checkOutlet(o.outlet);
  checkWhen(core, o.day, now);
  try {
    return await core.db.booking.create({ data: { teamId: core.team.id, outlet, day: o.day, slot: o.slot, memberId: actor.member.id, createdAt: now } });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    const held = await holderOf(core, outlet, o.day, o.slot);
    if (!held) throw e;
    const holder = await getMember(core, held.memberId);
    throw new SlotTaken({ id: held.memberId, name: holder?.name ?? `#${held.memberId}` }, held.memberId === actor.member.id, outlet, o.day, o.slot);
  }
}

export type BookingView = BookingRow & { holderName: string };

/** Bookings on a day, or from today on (up to `limit`). Holders are shown: slots are team-wide facts. */
export async function listBookings(core: Core, o: { day?: Day; from?: Day; limit?: number }): Promise<BookingView[]> {
  const rows = await core.db.booking.findMany({
    where: { teamId: core.team.id, ...(o.day ? { day: o.day } : { day: { gte: o.from } }) },
    orderBy: [{ day: 'asc' }, { outlet: 'asc' }, { slot: 'asc' }],
    take: o.limit ?? 100,
  });
  const names = new Map((await core.db.member.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.memberId))] } } })).map((m) => [m.id, m.name]));
  return rows.map((r) => ({ ...r, holderName: names.get(r.memberId) ?? `#${r.memberId}` }));
}

/** Cancels one's own booking (an admin may cancel any); frees the slot. */
export async function cancelBooking(core: Core, actor: Actor, id: number): Promise<BookingRow> {
  const b = await core.db.booking.findFirst({ where: { id, teamId: core.team.id } });
  const admin = actor.member.role !== 'manager';
  if (!b || (b.memberId !== actor.member.id && !admin)) {
    throw new UserError(msg(`你没有编号为 ${id} 的预约。用 /booking list 查看。`, `You have no booking #${id}. Use /booking list.`));
  }
  const r = await core.db.booking.deleteMany({ where: { id: b.id, memberId: b.memberId } });
  if (r.count === 0) throw new UserError(msg(`预约 ${id} 已经取消或改派了。`, `Booking #${id} was already cancelled or reassigned.`));
  return b;
}

export type AssignResult = { booking: BookingRow; previous: { id: number; name: string } | null; changed: boolean };

/** Admin: gives a slot to `to` (reassigning it if held), sets reassignedBy and DMs both people. */
export async function assignSlot(core: Core, admin: Actor, o: { outlet: string; day: Day; slot: Slot; to: MemberRow }, now: Date): Promise<AssignResult> {
  const outlet = checkOutlet(o.outlet);
  checkWhen(core, o.day, now);
  const label = `${outlet} ${o.day} ${SLOT_LABEL[o.slot]['zh-CN']}`;
  const labelEn = `${outlet} on ${o.day} (${SLOT_LABEL[o.slot].en})`;
  const attempt = () =>
    core.db.$transaction(async (tx) => {
      const held = await tx.booking.findUnique({ where: { teamId_outlet_day_slot: { teamId: core.team.id, outlet, day: o.day, slot: o.slot } } });
      if (held && held.memberId === o.to.id) return { booking: held, previous: null, changed: false };
      const booking = held
        ? await tx.booking.update({ where: { id: held.id }, data: { memberId: o.to.id, reassignedBy: admin.member.id } })
        : await tx.booking.create({ data: { teamId: core.team.id, outlet, day: o.day, slot: o.slot, memberId: o.to.id, createdAt: now, reassignedBy: admin.member.id } });
      const prev = held ? await tx.member.findUnique({ where: { id: held.memberId } }) : null;
      const previous = prev ? { id: prev.id, name: prev.name } : null;
      const key = `booking:${booking.id}:assign:${o.to.id}:${now.getTime()}`;
      await enqueue(tx, core.team.id, now, [
        {
          dedupeKey: `${key}:to`,
          target: toMember(o.to.id),
          message: { text: `📍 管理员 ${admin.member.name} 把 ${label} 的内部营销时段分配给了你（预约编号 ${booking.id}）。\n📍 ${admin.member.name} (admin) assigned ${labelEn} to you (booking #${booking.id}).` },
        },
        ...(held
          ? [{
              dedupeKey: `${key}:from`,
              target: toMember(held.memberId),
              message: { text: `📍 管理员 ${admin.member.name} 把你预约的 ${label} 改派给了 ${o.to.name}。\n📍 ${admin.member.name} (admin) reassigned your slot ${labelEn} to ${o.to.name}.` },
            }]
          : []),
      ]);
      return { booking, previous, changed: true };
    });
  try {
    return await attempt();
  } catch (e) {
    // Someone booked the free slot between our read and our insert: read again and reassign it.
    if (isUniqueViolation(e)) return attempt();
    throw e;
  }
}
