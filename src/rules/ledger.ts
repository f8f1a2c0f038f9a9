/**
 * Ledger helpers. The ledger is append-only: a waiver is a reversing entry, never an edit. Each entry
 * keeps its own amount, so a later policy change never rewrites what was recorded.
 */
import type { LedgerDraft, LedgerEntry, MemberId } from './types.ts';

/**
 * A reversing entry for `entry`: same member, rule, variant, kind and day (so it nets out in the same
 * period), negated amount and points, `reversesId` = the entry, source key `waive:<id>` (so an entry is
 * waived at most once).
 */
export function waiverDraft(entry: LedgerEntry, input: { by: number; reason: string; at: Date }): LedgerDraft {
  if (entry.reversesId != null) throw new RangeError(`entry ${entry.id} is itself a waiver and cannot be waived`);
  const reason = input.reason.trim();
  if (reason === '') throw new RangeError('a waiver needs a reason');
  return {
    memberId: entry.memberId,
    ruleId: entry.ruleId,
    ...(entry.variant ? { variant: entry.variant } : {}),
    kind: entry.kind,
    amountFen: -entry.amountFen,
    points: -entry.points,
    ...(entry.escalation ? { escalation: entry.escalation } : {}),
    occurredAt: input.at,
    day: entry.day,
    sourceKey: `waive:${entry.id}`,
    reversesId: entry.id,
    recordedBy: input.by,
    note: reason,
    detail: `免除 #${entry.id}:${reason} / waiver of #${entry.id}: ${reason}`,
  };
}

export type MemberBalance = {
  /** Fines net of waivers, fen. */
  finesFen: bigint;
  /** Error points deducted, net of waivers. */
  points: number;
  /** Open escalation flags (flags minus waived flags). */
  flags: number;
  entries: number;
};

export type Balances = {
  byMember: Map<MemberId, MemberBalance>;
  /** The centre's activity fund: all fines net of waivers. */
  fundFen: bigint;
  totalPoints: number;
};

/** Balances per member and for the activity fund, over entries whose day is within [from, to]. */
export function balances(entries: readonly (LedgerDraft | LedgerEntry)[], range: { from?: string; to?: string } = {}): Balances {
  const byMember = new Map<MemberId, MemberBalance>();
  let fundFen = 0n;
  let totalPoints = 0;
  for (const e of entries) {
    if (range.from && e.day < range.from) continue;
    if (range.to && e.day > range.to) continue;
    let b = byMember.get(e.memberId);
    if (!b) { b = { finesFen: 0n, points: 0, flags: 0, entries: 0 }; byMember.set(e.memberId, b); }
    b.entries++;
    if (e.kind === 'fine') { b.finesFen += e.amountFen; fundFen += e.amountFen; }
    b.points += e.points;
    totalPoints += e.points;
    if (e.kind === 'flag') b.flags += e.reversesId != null ? -1 : 1;
  }
  return { byMember, fundFen, totalPoints };
}
