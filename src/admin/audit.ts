import { Schema } from 'mongoose';
import type { Connection } from 'mongoose';
import { isDuplicateKeyError } from '../db/errors.ts';
import { defineModel } from '../db/define.ts';
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

/**
 * One mark per staff member, record and 10 minutes: a page that refreshes every few seconds writes
 * one "read" entry, not hundreds. The mark is an insert of a uniquely keyed document, so two
 * copies of the service (or two tabs) still write the entry once.
 */
const readMarkSchema = new Schema({ _id: { type: String, required: true }, at: { type: Date, required: true } }, { versionKey: false });
const ReadMarks = defineModel('AuditReadMark', readMarkSchema);
const READ_MARK_MS = 10 * 60_000;

/** Records that staff read someone's personal data (`action` e.g. 'lead.view', `target` e.g. 'lead:65f…'). */
export async function recordRead(conn: Connection, actor: Actor, at: Date, action: string, target: string): Promise<void> {
  const bucket = Math.floor(at.getTime() / READ_MARK_MS);
  try {
    await ReadMarks(conn).create({ _id: `${actor.id}|${action}|${target}|${bucket}`, at });
  } catch (err) {
    if (isDuplicateKeyError(err)) return;
    throw err;
  }
  await recordAudit(conn, actor, at, { action, target });
}
