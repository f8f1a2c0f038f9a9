import type { Msg } from '../i18n.ts';

/** A problem the person can fix; shown to them as it is, in their language. */
export class UserError extends Error {
  constructor(public readonly userMessage: Msg) {
    super(userMessage.en);
    this.name = 'UserError';
  }
}

/** Prisma's unique-constraint violation (P2002), whichever driver adapter raised it. */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string; cause?: { code?: string } } | null;
  if (!err) return false;
  if (err.code === 'P2002' || err.code === '23505' || err.code === 'SQLITE_CONSTRAINT_UNIQUE') return true;
  if (err.cause?.code === '23505' || err.cause?.code === 'SQLITE_CONSTRAINT_UNIQUE') return true;
  return /Unique constraint failed|UNIQUE constraint failed|duplicate key value/i.test(err.message ?? '');
}

/** The database could not be reached or dropped the connection: worth trying again. */
export function isTransientDbError(e: unknown): boolean {
  const err = e as { code?: string; message?: string; cause?: unknown } | null;
  if (!err) return false;
  const codes = ['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', '57P01', '57P02', '57P03', '08006', '08003', '08001', 'SQLITE_BUSY', 'SQLITE_LOCKED'];
  if (err.code && codes.includes(err.code)) return true;
  const text = `${err.message ?? ''} ${String((err.cause as { message?: string } | undefined)?.message ?? '')}`;
  return /Connection terminated|connection error and is not queryable|connection.*(closed|refused|reset|lost)|terminating connection|Can't reach database|server closed the connection|database is locked|SQLITE_BUSY|Transaction already closed|Timed out fetching/i.test(text);
}
