// Exactly-once handling of a delivered request (a Slack retry, a double click,
// a modal submitted twice). The key is claimed inside the same transaction as
// the request's effect: a second delivery fails the claim and changes nothing.
import type { Core } from './core.ts';
import type { Tx } from '../infra/db/client.ts';
import { isUniqueViolation } from './errors.ts';

export class DuplicateRequest extends Error {
  constructor(public readonly key: string) {
    super(`request ${key} was already handled`);
    this.name = 'DuplicateRequest';
  }
}

export async function claimRequest(tx: Tx, key: string | undefined): Promise<void> {
  if (!key) return;
  try {
    await tx.processedRequest.create({ data: { key } });
  } catch (e) {
    if (isUniqueViolation(e)) throw new DuplicateRequest(key);
    throw e;
  }
}

/** Runs `fn` in a transaction that first claims `key`. A repeated key throws DuplicateRequest. */
export async function once<T>(core: Core, key: string | undefined, fn: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await core.db.$transaction(async (tx) => {
      await claimRequest(tx, key);
      return fn(tx);
    });
  } catch (e) {
    if (key && isUniqueViolation(e) && !(e instanceof DuplicateRequest)) {
      // On PostgreSQL the claim may surface as the transaction's error.
      const seen = await core.db.processedRequest.findUnique({ where: { key } });
      if (seen) throw new DuplicateRequest(key);
    }
    throw e;
  }
}
