import type { Connection } from 'mongoose';
import { isDuplicateKeyError } from '../../db/errors.ts';
import { DomainError, notFoundError } from '../../core/errors.ts';
import { withLeadLock } from './lock.ts';
import { LeadStatusClaims, Leads, type LeadStatus } from './model.ts';

/**
 * The staff pipeline. Forward steps may skip ahead (a person can be met for the first time at a
 * training session) but never go back, except that a withdrawn person may come back as contacted.
 * Only someone who departed can return.
 */
export const allowedTransitions: Record<LeadStatus, readonly LeadStatus[]> = {
  new: ['contacted', 'training', 'departed', 'withdrawn'],
  contacted: ['training', 'departed', 'withdrawn'],
  training: ['departed', 'withdrawn'],
  departed: ['returned'],
  returned: [],
  withdrawn: ['contacted'],
};

export interface StatusChange {
  status: LeadStatus;
  note?: string;
  /** Required when the new status is `departed`: the destination market. */
  market?: string;
}

/**
 * Sets the status and appends to the history. The N-th change inserts the claim `<leadId>:<N>`
 * first, so two staff changing the same lead at once cannot both win (409 for the second).
 */
export async function changeLeadStatus(conn: Connection, leadId: string, change: StatusChange, by: string, now: Date) {
  const model = Leads(conn);
  const found = await model.findById(leadId, { phoneKey: 1 }).lean();
  if (!found) throw notFoundError('lead');
  return withLeadLock(conn, found.phoneKey, async () => {
    const lead = await model.findById(leadId, { status: 1, statusHistory: 1 }).lean();
    if (!lead) throw notFoundError('lead');
    const from = lead.status as LeadStatus;
    if (!allowedTransitions[from].includes(change.status)) {
      throw new DomainError('conflict', 'invalid_transition', `a lead cannot go from ${from} to ${change.status}; allowed: ${allowedTransitions[from].join(', ') || 'none'}`);
    }
    if (change.status === 'departed' && !change.market) {
      throw new DomainError('invalid', 'invalid_request', 'market: required when the status becomes departed', [{ path: 'market', message: 'required when the status becomes departed', code: 'required_for_departed' }]);
    }
    try {
      await LeadStatusClaims(conn).create({ _id: `${leadId}:${(lead.statusHistory ?? []).length + 1}`, at: now });
    } catch (err) {
      if (isDuplicateKeyError(err)) throw new DomainError('conflict', 'conflict', 'the lead was changed by someone else meanwhile; reload and try again');
      throw err;
    }
    const entry = { from, to: change.status, at: now, by, ...(change.note ? { note: change.note } : {}) };
    await model.updateOne(
      { _id: leadId },
      {
        $set: {
          status: change.status,
          updatedAt: now,
          lastActivityAt: now,
          ...(change.status === 'departed' ? { departure: { market: change.market, at: now, year: now.getUTCFullYear() } } : {}),
        },
        $push: { statusHistory: entry },
      },
    );
    return { from, to: change.status, entry };
  });
}
