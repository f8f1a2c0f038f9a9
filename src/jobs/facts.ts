// Reading the facts a job needs, "as of" the slot's instant: anything stored
// later (a check-in after the close, a leave decided after the meeting, a visit
// after the run) is left out, so running a slot late — in catch-up, after a
// crash, from the CLI — sees what an on-time run saw.
import { inChunks } from '../infra/db/chunks.ts';
import type { Core, Role } from '../services/core.ts';
import type { Locale } from '../i18n.ts';
import type { Fact, Leave } from '../rules/index.ts';
import { toRuleLeave } from '../services/leave.ts';

export type Person = { id: number; name: string; role: Role; locale: Locale };

/** Active members of a role who existed when `since` began. */
export async function people(core: Core, role: Role, since: Date): Promise<Person[]> {
  const rows = await core.db.member.findMany({
    where: { teamId: core.team.id, active: true, role, createdAt: { lte: since } },
    orderBy: { id: 'asc' },
  });
  return rows.map((m) => ({ id: m.id, name: m.name, role: m.role as Role, locale: (m.locale as Locale | null) ?? core.defaultLocale }));
}

/** Directors, or the admins when the team has no director. */
export async function escalationTargets(core: Core, since: Date): Promise<Person[]> {
  const d = await people(core, 'director', since);
  return d.length ? d : people(core, 'admin', since);
}

/** Leave requests touching [fromDay, toDay], with their status as it was at `asOf`. */
export async function leavesAsOf(core: Core, memberIds: number[], fromDay: string, toDay: string, asOf: Date): Promise<Leave[]> {
  if (memberIds.length === 0) return [];
  const rows = await inChunks(memberIds, (ids) =>
    core.db.leaveRequest.findMany({
      where: { teamId: core.team.id, memberId: { in: ids }, startDay: { lte: toDay }, endDay: { gte: fromDay }, submittedAt: { lte: asOf } },
      orderBy: { id: 'asc' },
    }),
  );
  return rows.map((r) => {
    // A decision taken after `asOf` had not been taken yet then: the request was still pending.
    const decided = r.decidedAt !== null && r.decidedAt.getTime() <= asOf.getTime();
    return toRuleLeave({ ...r, status: r.status === 'cancelled' || decided ? r.status : 'pending', decidedAt: decided ? r.decidedAt : null });
  });
}

export async function checkInsAsOf(core: Core, sessionKey: string, asOf: Date): Promise<Fact[]> {
  const rows = await core.db.checkIn.findMany({ where: { teamId: core.team.id, sessionKey, at: { lte: asOf } } });
  return rows.map((r) => ({ memberId: r.memberId, at: r.at }));
}

/** DAY-1 facts of a day: when each member first filed targets and the log. */
export async function dayFactsAsOf(core: Core, day: string, asOf: Date): Promise<{ targets: Fact[]; logs: Fact[] }> {
  const where = { teamId: core.team.id, day, createdAt: { lte: asOf } };
  const [t, l] = await Promise.all([core.db.dailyTarget.findMany({ where }), core.db.dayLog.findMany({ where })]);
  return { targets: t.map((r) => ({ memberId: r.memberId, at: r.createdAt })), logs: l.map((r) => ({ memberId: r.memberId, at: r.createdAt })) };
}

export async function summariesAsOf(core: Core, kind: 'week' | 'month', period: string, asOf: Date): Promise<Fact[]> {
  const rows = await core.db.summary.findMany({ where: { teamId: core.team.id, kind, period, createdAt: { lte: asOf } } });
  return rows.map((r) => ({ memberId: r.memberId, at: r.createdAt }));
}
