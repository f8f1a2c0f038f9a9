// Reading the facts a job needs, "as of" the slot's instant: anything stored
// later (a check-in after the close, a leave decided after the meeting, a visit
// after the run) is left out, so running a slot late — in catch-up, after a
// crash, from the CLI — sees what an on-time run saw.
import type { Core, Role } from '../services/core.ts';
import type { Locale } from '../i18n.ts';
import type { Fact, Leave, LeaveStatus } from '../rules/index.ts';

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
  const rows = await core.db.leaveRequest.findMany({
    where: { teamId: core.team.id, memberId: { in: memberIds }, startDay: { lte: toDay }, endDay: { gte: fromDay }, submittedAt: { lte: asOf } },
    orderBy: { id: 'asc' },
  });
  return rows.map((r) => {
    const decided = r.decidedAt !== null && r.decidedAt.getTime() <= asOf.getTime();
    const status = (r.status === 'cancelled' || decided ? r.status : 'pending') as LeaveStatus;
    return {
      memberId: r.memberId,
      startDay: r.startDay,
      endDay: r.endDay,
      ...(r.startTime ? { startTime: r.startTime } : {}),
      ...(r.endTime ? { endTime: r.endTime } : {}),
      ...(r.halfDay === 'am' || r.halfDay === 'pm' ? { halfDay: r.halfDay } : {}),
      status,
      submittedAt: r.submittedAt,
      ...(decided && r.decidedAt ? { decidedAt: r.decidedAt } : {}),
    };
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
