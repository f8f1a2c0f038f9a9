// The core every use case receives: the database, the running policy, the
// working-day calendar and the team. No platform, no wall clock: the adapters
// pass "now" into each call.
import type { Db } from '../infra/db/client.ts';
import type { Logger } from '../log.ts';
import type { Locale } from '../i18n.ts';
import type { Calendar, Policy } from '../rules/index.ts';

export type TeamRow = { id: number; name: string; timezone: string; broadcastChannel: string | null };

export type Role = 'manager' | 'admin' | 'director';
export const ROLES: Role[] = ['manager', 'admin', 'director'];

export type Core = {
  db: Db;
  dbKind: 'sqlite' | 'postgres';
  team: TeamRow;
  /** Replaced as a whole when an admin reloads a valid policy. */
  policy: Policy;
  calendar: Calendar;
  log: Logger;
  defaultLocale: Locale;
  /** Roles given by configuration (INITIAL_ADMINS / INITIAL_DIRECTORS), keyed by platform id or name. */
  initialRoles: Map<string, Role>;
};

/** The team row for this deployment, created on first start and kept in line with the configuration. */
export async function ensureTeam(db: Db, cfg: { name: string; timezone: string; channel?: string }): Promise<TeamRow> {
  const existing = await db.team.findFirst({ orderBy: { id: 'asc' } });
  if (!existing) {
    return db.team.create({ data: { name: cfg.name, timezone: cfg.timezone, broadcastChannel: cfg.channel ?? null } });
  }
  if (existing.timezone !== cfg.timezone || existing.name !== cfg.name || (cfg.channel && existing.broadcastChannel !== cfg.channel)) {
    return db.team.update({
      where: { id: existing.id },
      data: { name: cfg.name, timezone: cfg.timezone, broadcastChannel: cfg.channel ?? existing.broadcastChannel },
    });
  }
  return existing;
}
