// Builds the core from configuration: migrate → open the database → the team
// → policy and calendar. Used by main (the bot), cli (operators) and tests.
import type { Config } from './config/env.ts';
import { splitList } from './config/env.ts';
import type { Logger } from './log.ts';
import type { Policy } from './rules/index.ts';
import { createCalendar } from './rules/index.ts';
import { migrate } from './infra/db/migrate.ts';
import { openDatabase, type Database, type Db } from './infra/db/client.ts';
import { ensureTeam, type Core, type Role } from './services/core.ts';
import type { Locale } from './i18n.ts';

export type CoreSettings = {
  databaseUrl?: string;
  teamName: string;
  timezone: string;
  channel?: string;
  locale: Locale;
  policy: Policy;
  admins?: string[];
  directors?: string[];
  log: Logger;
  poolSize?: number;
};

export function settingsFromConfig(c: Config, policy: Policy, log: Logger): CoreSettings {
  return {
    databaseUrl: c.DATABASE_URL,
    teamName: c.TEAM_NAME!,
    timezone: c.TEAM_TIMEZONE!,
    channel: c.TEAM_CHANNEL ?? (c.mode === 'console' ? '团队频道' : undefined),
    locale: c.LOCALE,
    policy,
    admins: splitList(c.INITIAL_ADMINS),
    directors: splitList(c.INITIAL_DIRECTORS),
    log,
  };
}

/** The calendar = the library's statutory days + the policy's overrides + admins' overrides in the database. */
export async function loadCalendar(db: Db, teamId: number, policy: Policy) {
  const rows = await db.calendarOverride.findMany({ where: { teamId } });
  const holidays = [...(policy.calendar?.holidays ?? []), ...rows.filter((r) => r.kind === 'holiday').map((r) => r.day)];
  const workdays = [...(policy.calendar?.workdays ?? []), ...rows.filter((r) => r.kind === 'workday').map((r) => r.day)];
  return createCalendar({ holidays, workdays });
}

export async function createCore(s: CoreSettings): Promise<{ core: Core; database: Database }> {
  const applied = await migrate(s.databaseUrl);
  if (applied.length) s.log.info('migrations applied', { applied });
  const database = openDatabase(s.databaseUrl, { poolSize: s.poolSize });
  const team = await ensureTeam(database.db, { name: s.teamName, timezone: s.timezone, channel: s.channel });
  const initialRoles = new Map<string, Role>();
  for (const d of s.directors ?? []) initialRoles.set(d, 'director');
  for (const a of s.admins ?? []) initialRoles.set(a, 'admin');
  const core: Core = {
    db: database.db,
    dbKind: database.target.kind,
    team,
    policy: s.policy,
    calendar: await loadCalendar(database.db, team.id, s.policy),
    log: s.log,
    defaultLocale: s.locale,
    initialRoles,
  };
  return { core, database };
}
