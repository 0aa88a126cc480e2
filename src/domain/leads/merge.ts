import type { Connection } from 'mongoose';
import { DomainError, notFoundError } from '../../core/errors.ts';
import { Leads } from './model.ts';
import { LeadNotes } from './notes.ts';
import { Placements } from '../placements/model.ts';
import { isLeadId } from './query.ts';
import { withLeadLocks } from './register.ts';

const MAX_PHONE_HISTORY = 10;

export interface MergeResult {
  intoLeadId: string;
  mergedLeadId: string;
  /** What staff decided about: kept for the audit log (ids and statuses, no personal data). */
  mergedStatus: string;
  contactsMoved: number;
}

/**
 * Staff decided that two leads are one person: `mergedLeadId` goes into `intoLeadId`. The kept
 * lead keeps its answers and status; it takes the other lead's contacts, and the other lead's
 * number (with its history) becomes part of its `phoneHistory`, so it is erased with it. The merged
 * lead's placements point to the kept lead; then the merged lead is deleted, so the person is one
 * record (and counted once). Every step can be repeated: a merge cut short by a crash is completed
 * by running it again.
 */
export async function mergeLeads(conn: Connection, mergedLeadId: string, intoLeadId: string, now: Date): Promise<MergeResult> {
  if (mergedLeadId === intoLeadId) throw new DomainError('invalid', 'invalid_request', 'invalid body: intoLeadId: a lead cannot be merged into itself', [{ path: 'intoLeadId', message: 'must be another lead' }]);
  if (!isLeadId(intoLeadId)) throw new DomainError('invalid', 'invalid_request', 'invalid body: intoLeadId: must be a lead id', [{ path: 'intoLeadId', message: 'must be a lead id' }]);
  const keys = await Leads(conn).find({ _id: { $in: [mergedLeadId, intoLeadId] } }, { phoneKey: 1 }).lean();
  if (keys.length < 2) throw notFoundError('lead');
  return withLeadLocks(conn, keys.map((k) => k.phoneKey), async () => {
    const merged = await Leads(conn).findById(mergedLeadId).lean();
    const into = await Leads(conn).findById(intoLeadId).lean();
    if (!merged || !into) throw notFoundError('lead');
    if (merged.erasedAt || into.erasedAt) throw new DomainError('conflict', 'conflict', 'an erased lead cannot be merged');
    const earlier = [...(into.phoneHistory ?? []), ...(merged.phoneHistory ?? []), { phoneKey: merged.phoneKey, until: now }];
    const history = earlier.filter((h, i) => h.phoneKey !== into.phoneKey && earlier.findIndex((o) => o.phoneKey === h.phoneKey) === i);
    const contactIds = [...new Set([...into.contactIds, ...merged.contactIds])];
    await Leads(conn).updateOne(
      { _id: intoLeadId },
      { $set: { contactIds, phoneHistory: history.slice(-MAX_PHONE_HISTORY), updatedAt: now, lastActivityAt: now } },
    );
    await Placements(conn).updateMany({ leadId: mergedLeadId }, { $set: { leadId: intoLeadId } });
    await LeadNotes(conn).updateMany({ leadId: mergedLeadId }, { $set: { leadId: intoLeadId } });
    await Leads(conn).deleteOne({ _id: mergedLeadId });
    return { intoLeadId, mergedLeadId, mergedStatus: merged.status, contactsMoved: contactIds.length - into.contactIds.length };
  });
}
