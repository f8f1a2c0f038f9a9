// Storing what the rules module decided. The ledger is append-only: drafts
// whose sourceKey is already stored are skipped, so evaluating the same facts
// twice stores them once. A waiver is a new reversing entry.
import type { Tx } from '../infra/db/client.ts';
import type { LedgerDraft } from '../rules/index.ts';

/** Inserts the drafts not stored yet; returns the ones it inserted. */
export async function recordDrafts(
  tx: Tx,
  teamId: number,
  drafts: LedgerDraft[],
  opts: { recordedBy?: number | null; note?: string | null; now: Date },
): Promise<LedgerDraft[]> {
  if (drafts.length === 0) return [];
  const keys = [...new Set(drafts.map((d) => d.sourceKey))];
  const existing = new Set<string>();
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await tx.ledgerEntry.findMany({ where: { teamId, sourceKey: { in: keys.slice(i, i + 500) } }, select: { sourceKey: true } });
    for (const r of rows) existing.add(r.sourceKey);
  }
  const fresh: LedgerDraft[] = [];
  for (const d of drafts) {
    if (existing.has(d.sourceKey)) continue;
    existing.add(d.sourceKey);
    fresh.push(d);
  }
  if (fresh.length === 0) return [];
  await tx.ledgerEntry.createMany({
    data: fresh.map((d) => ({
      teamId,
      memberId: d.memberId,
      ruleId: d.ruleId,
      variant: d.variant ?? null,
      kind: d.kind,
      amountFen: d.amountFen,
      points: d.points,
      multiplier: d.multiplier ?? null,
      escalation: d.escalation ?? null,
      day: d.day,
      occurredAt: d.occurredAt,
      sourceKey: d.sourceKey,
      detail: d.detail,
      note: opts.note ?? null,
      recordedBy: opts.recordedBy ?? d.recordedBy ?? null,
      reversesId: d.reversesId ?? null,
      createdAt: opts.now,
    })),
  });
  return fresh;
}
