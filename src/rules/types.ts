/** Types shared by the evaluators: facts in, ledger drafts out. */
import type { EscalationKind } from './policy/schema.ts';

export type MemberId = number;

/**
 * What an evaluator proposes to record. The caller stores each `sourceKey` once (unique constraint), so
 * evaluating the same facts again never records twice.
 *
 * - `kind: 'fine'`: `amountFen` > 0 (fen), `points` 0.
 * - `kind: 'points'`: `points` > 0 (points deducted), `amountFen` 0.
 * - `kind: 'flag'`: an escalation (`dismissal_review` / `disqualification`), no money, no points.
 */
export type LedgerDraft = {
  memberId: MemberId;
  ruleId: string;
  variant?: string;
  kind: 'fine' | 'points' | 'flag';
  amountFen: bigint;
  points: number;
  /** Aggravation multiplier applied (decimal text), when one was. */
  multiplier?: string;
  /** When the violation happened (e.g. the meeting start, the deadline passed). */
  occurredAt: Date;
  /** Local day the entry belongs to (period reports and statements use it). */
  day: string;
  sourceKey: string;
  escalation?: EscalationKind;
  /** Short English-and-Chinese explanation of why. */
  detail: string;
  /** Free text from the admin who reported it. */
  note?: string;
  /** For reversing entries (waivers): the entry reversed. */
  reversesId?: number | null;
  /** Who recorded it (admin member id), when a person did. */
  recordedBy?: number | null;
};

/** A stored ledger entry. */
export type LedgerEntry = LedgerDraft & {
  id: number;
  reversesId?: number | null;
  recordedBy?: number | null;
  createdAt: Date;
};

export type LeaveStatus = 'pending' | 'approved' | 'rejected' | 'cancelled';

/**
 * A leave request. Days and times are local. Without times or `halfDay` it covers whole days
 * `startDay`…`endDay`. `halfDay: 'am'` covers 00:00 until the policy's half-day split (12:00),
 * `'pm'` from the split to the end of the day, on each day of the range. With `startTime`/`endTime` it
 * covers `startDay startTime` until `endDay endTime`.
 */
export type Leave = {
  memberId: MemberId;
  startDay: string;
  endDay: string;
  startTime?: string;
  endTime?: string;
  halfDay?: 'am' | 'pm';
  status: LeaveStatus;
  submittedAt: Date;
  decidedAt?: Date;
};

export type Fact = { memberId: MemberId; at: Date };
