// Members and their identities on each platform. A member is registered on
// first interaction; roles come from INITIAL_ADMINS / INITIAL_DIRECTORS or
// from an admin's /cm role.
import type { Core, Role } from './core.ts';
import type { Locale } from '../i18n.ts';
import { msg } from '../i18n.ts';
import { UserError, isUniqueViolation } from './errors.ts';
import type { Platform } from '../chat/types.ts';

export type MemberRow = { id: number; teamId: number; name: string; role: Role; locale: Locale | null; active: boolean };

function row(m: { id: number; teamId: number; name: string; role: string; locale: string | null; active: boolean }): MemberRow {
  return { ...m, role: m.role as Role, locale: (m.locale as Locale | null) ?? null };
}

export async function resolveMember(core: Core, platform: Platform, externalId: string, displayName: string): Promise<MemberRow> {
  const found = await core.db.identity.findUnique({ where: { platform_externalId: { platform, externalId } }, include: { member: true } });
  if (found) {
    if (displayName && found.member.name !== displayName && displayName !== externalId) {
      const m = await core.db.member.update({ where: { id: found.memberId }, data: { name: displayName } });
      return row(m);
    }
    return row(found.member);
  }
  const role = core.initialRoles.get(externalId) ?? core.initialRoles.get(displayName) ?? 'manager';
  try {
    const m = await core.db.$transaction(async (tx) => {
      const member = await tx.member.create({ data: { teamId: core.team.id, name: displayName || externalId, role } });
      await tx.identity.create({ data: { memberId: member.id, platform, externalId } });
      return member;
    });
    core.log.info('member registered', { memberId: m.id, platform, role });
    return row(m);
  } catch (e) {
    // Two first requests from one person at once: the other one registered them.
    if (!isUniqueViolation(e)) throw e;
    const again = await core.db.identity.findUnique({ where: { platform_externalId: { platform, externalId } }, include: { member: true } });
    if (!again) throw e;
    return row(again.member);
  }
}

export async function getMember(core: Core, id: number): Promise<MemberRow | null> {
  const m = await core.db.member.findFirst({ where: { id, teamId: core.team.id } });
  return m ? row(m) : null;
}

export async function listMembers(core: Core, opts: { role?: Role } = {}): Promise<MemberRow[]> {
  const ms = await core.db.member.findMany({ where: { teamId: core.team.id, active: true, ...(opts.role ? { role: opts.role } : {}) }, orderBy: { id: 'asc' } });
  return ms.map(row);
}

/**
 * Finds the member a command names: a Slack mention `<@U123|name>` or `<@U123>`,
 * `@name`, or a bare name. Throws a UserError that says how to name someone.
 */
export async function findMemberByRef(core: Core, platform: Platform, ref: string): Promise<MemberRow> {
  const mention = /^<@([A-Z0-9]+)(?:\|[^>]*)?>$/.exec(ref.trim());
  if (mention) {
    const id = await core.db.identity.findUnique({ where: { platform_externalId: { platform: 'slack', externalId: mention[1] } }, include: { member: true } });
    if (id && id.member.teamId === core.team.id) return row(id.member);
  } else {
    const name = ref.trim().replace(/^@/, '');
    if (name) {
      const byIdentity = await core.db.identity.findUnique({ where: { platform_externalId: { platform, externalId: name } }, include: { member: true } });
      if (byIdentity && byIdentity.member.teamId === core.team.id) return row(byIdentity.member);
      const byName = await core.db.member.findMany({ where: { teamId: core.team.id, name } });
      if (byName.length === 1) return row(byName[0]);
      if (byName.length > 1) throw new UserError(msg(`有多位成员叫「${name}」，请用 @ 提及来指明。`, `More than one member is called "${name}"; use an @-mention.`));
    }
  }
  throw new UserError(msg(`找不到成员「${ref}」。请用 @ 提及，例如 @张三（对方需先和机器人互动过一次）。`, `No member "${ref}". Use an @-mention such as @Zhang (they must have used the bot once).`));
}

export async function setRole(core: Core, memberId: number, role: Role): Promise<MemberRow> {
  return row(await core.db.member.update({ where: { id: memberId }, data: { role } }));
}

export async function setLocale(core: Core, memberId: number, locale: Locale): Promise<MemberRow> {
  return row(await core.db.member.update({ where: { id: memberId }, data: { locale } }));
}

/** The platform id to reach a member at, if they have one there. */
export async function identityOf(core: Core, memberId: number, platform: Platform): Promise<string | null> {
  const id = await core.db.identity.findFirst({ where: { memberId, platform } });
  return id?.externalId ?? null;
}
