// The outbox: every message to a channel or a person is a row written in the
// same transaction as the change that caused it. The sender (infra/outbox.ts)
// delivers each row once. A dedupe key makes writing the same message twice a no-op.
import type { Tx } from '../infra/db/client.ts';
import type { OutMessage } from '../chat/types.ts';

/** 'channel' is the team's broadcast channel; `member:<id>` is a DM to that member. */
export type Target = 'channel' | `member:${number}`;

export type Outgoing = { dedupeKey: string; target: Target; message: OutMessage; notBefore?: Date };

export function toMember(id: number): Target {
  return `member:${id}`;
}

export async function enqueue(tx: Tx, teamId: number, now: Date, items: Outgoing[]): Promise<number> {
  if (items.length === 0) return 0;
  const keys = [...new Set(items.map((i) => i.dedupeKey))];
  const existing = new Set<string>();
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await tx.outboxMessage.findMany({ where: { dedupeKey: { in: keys.slice(i, i + 500) } }, select: { dedupeKey: true } });
    for (const r of rows) existing.add(r.dedupeKey);
  }
  const fresh = new Map<string, Outgoing>();
  for (const it of items) if (!existing.has(it.dedupeKey) && !fresh.has(it.dedupeKey)) fresh.set(it.dedupeKey, it);
  if (fresh.size === 0) return 0;
  await tx.outboxMessage.createMany({
    data: [...fresh.values()].map((it) => ({
      teamId,
      dedupeKey: it.dedupeKey,
      target: it.target,
      text: it.message.text,
      blocks: it.message.buttons?.length ? JSON.stringify({ buttons: it.message.buttons }) : null,
      nextAttemptAt: it.notBefore ?? now,
      createdAt: now,
    })),
  });
  return fresh.size;
}

export function decodeMessage(row: { text: string; blocks: string | null }): OutMessage {
  if (!row.blocks) return { text: row.text };
  const parsed = JSON.parse(row.blocks) as { buttons?: OutMessage['buttons'] };
  return { text: row.text, buttons: parsed.buttons };
}
