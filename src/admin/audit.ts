import { Schema } from 'mongoose';
import type { Connection } from 'mongoose';
import { defineModel } from '../store/define.ts';
import type { Actor } from './auth.ts';

/**
 * Who changed what, and when. Every change made through the admin API (create, update, status
 * change, broadcast, erase, export) writes one entry. Entries name records by id, never by a
 * person's name or phone.
 */
const auditSchema = new Schema(
  {
    at: { type: Date, required: true },
    actorId: { type: String, required: true },
    actorName: { type: String, required: true },
    action: { type: String, required: true }, // e.g. 'lead.status', 'conference.create', 'token.revoke'
    target: { type: String }, // e.g. 'lead:65f…'
    before: { type: Schema.Types.Mixed },
    after: { type: Schema.Types.Mixed },
    note: { type: String },
  },
  { versionKey: false },
);
auditSchema.index({ at: -1 });
auditSchema.index({ action: 1, at: -1 });
export const AuditEntries = defineModel('AuditEntry', auditSchema);

export interface AuditInput {
  action: string;
  target?: string;
  before?: unknown;
  after?: unknown;
  note?: string;
}

export async function recordAudit(conn: Connection, actor: Actor, at: Date, entry: AuditInput): Promise<void> {
  await AuditEntries(conn).create({ at, actorId: actor.id, actorName: actor.name, ...entry });
}
