import type { Storage, StoreItem, StoreItems } from 'botbuilder-core';
import { Schema, type Connection } from 'mongoose';
import { isDuplicateKeyError } from '../db/errors.ts';
import { defineModel } from '../db/define.ts';

/**
 * botbuilder `Storage` on MongoDB with real eTag optimistic concurrency.
 *
 * Compare-and-set is an insert, never an update (FerretDB does not make updates atomic under
 * concurrency): each write inserts the next version of a key, `{key, version}` is unique, and the
 * eTag handed out is the version number. A write with eTag N inserts version N+1, so of two writers
 * holding the same eTag exactly one insert succeeds and the other gets E11000 → conflict. Reads
 * return the highest version. A checked write is that one insert: one round trip per turn.
 *
 * Older versions are removed in the background (`pruneStateVersions`), and only once the version
 * after them is more than KEEP_SUPERSEDED_MS old: an eTag N is only ever beaten by version N+1, so
 * as long as N+1 is there, a stale write with eTag N meets it and fails. A turn holds an eTag for
 * seconds (the inbox lease is 30 s), far below that hour.
 *
 * Deleting writes a tombstone version (no state) instead of removing the key, so that version
 * numbers never restart and an eTag from before the delete can never win afterwards. That is
 * stricter than botbuilder's MemoryStorage, which accepts any eTag once the key is gone.
 *
 * State is stored as a JSON string: dialog state may contain keys with `.` or `$`.
 */
const stateVersionSchema = new Schema(
  {
    key: { type: String, required: true },
    version: { type: Number, required: true },
    /** JSON of the item without its eTag; null for a deletion tombstone. */
    state: { type: String, default: null },
    writtenAt: { type: Date, required: true },
  },
  { versionKey: false },
);
stateVersionSchema.index({ key: 1, version: -1 }, { unique: true });

export const ConversationStates = defineModel('ConversationStateVersion', stateVersionSchema);

/** A write whose eTag no longer matches the stored item. */
export class ETagConflictError extends Error {
  constructor(readonly key: string) {
    // The key names a channel and a platform user id, not a person; no personal data in it.
    super(`eTag conflict: the stored state changed since it was read (key ${key})`);
    this.name = 'ETagConflictError';
  }
}

const maxRetries = 8;

/** How long a superseded version is kept after the version that replaced it (see above). */
export const KEEP_SUPERSEDED_MS = 60 * 60_000;

interface VersionRow {
  _id: unknown;
  key: string;
  version: number;
  state: string | null;
}

export class MongoStorage implements Storage {
  private readonly model;

  constructor(conn: Connection, private readonly now: () => Date = () => new Date()) {
    this.model = ConversationStates(conn);
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!Array.isArray(keys)) throw new TypeError('MongoStorage.read: keys must be an array');
    const items: StoreItems = {};
    if (keys.length === 0) return items;
    const latest = await this.latestVersions(keys);
    for (const [key, row] of latest) {
      if (row.state === null) continue;
      items[key] = { ...(JSON.parse(row.state) as StoreItem), eTag: String(row.version) };
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    if (typeof changes !== 'object' || changes === null) throw new TypeError('MongoStorage.write: changes must be an object');
    for (const [key, item] of Object.entries(changes) as [string, StoreItem][]) {
      const { eTag, ...rest } = item;
      const json = JSON.stringify(rest);
      const version =
        eTag === undefined || eTag === null || eTag === '*'
          ? await this.appendLatest(key, json)
          : await this.appendAfter(key, parseETag(key, eTag), json);
      // Set only after success, so a caller that saves twice in one turn passes the current eTag.
      item.eTag = String(version);
    }
  }

  async delete(keys: string[]): Promise<void> {
    if (!Array.isArray(keys)) throw new TypeError('MongoStorage.delete: keys must be an array');
    for (const key of keys) {
      const latest = (await this.latestVersions([key])).get(key);
      if (!latest || latest.state === null) continue;
      await this.appendLatest(key, null);
    }
  }

  /** Removes every version of these keys, tombstones included (for erasing a person's data). */
  async purge(keys: string[]): Promise<void> {
    if (keys.length > 0) await this.model.deleteMany({ key: { $in: keys } });
  }

  /** Unconditional write: the next version after whatever is current ("last writer wins"). */
  private async appendLatest(key: string, json: string | null): Promise<number> {
    for (let attempt = 0; attempt < maxRetries; attempt++) {
      const current = (await this.latestVersions([key])).get(key)?.version ?? 0;
      try {
        return await this.insertVersion(key, current + 1, json);
      } catch (err) {
        // Someone else wrote the same version meanwhile: read again and go after them.
        if (!isDuplicateKeyError(err)) throw err;
      }
    }
    throw new Error(`MongoStorage: gave up writing key ${key} after ${maxRetries} concurrent attempts`);
  }

  /** Conditional write: succeeds only if `expected` is still the current version. */
  private async appendAfter(key: string, expected: number, json: string): Promise<number> {
    try {
      return await this.insertVersion(key, expected + 1, json);
    } catch (err) {
      if (isDuplicateKeyError(err)) throw new ETagConflictError(key);
      throw err;
    }
  }

  private async insertVersion(key: string, version: number, json: string | null): Promise<number> {
    await this.model.collection.insertOne({ key, version, state: json, writtenAt: this.now() } as never);
    return version;
  }

  private async latestVersions(keys: string[]): Promise<Map<string, VersionRow>> {
    // One key (every turn's case): only its newest version comes back, through the unique index.
    const query = keys.length === 1 ? this.model.find({ key: keys[0] }).sort({ version: -1 }).limit(1) : this.model.find({ key: { $in: keys } });
    const rows = await query.select({ key: 1, version: 1, state: 1 }).lean<VersionRow[]>();
    const latest = new Map<string, VersionRow>();
    for (const row of rows) {
      const seen = latest.get(row.key);
      if (!seen || row.version > seen.version) latest.set(row.key, row);
    }
    return latest;
  }
}

function parseETag(key: string, eTag: unknown): number {
  const n = typeof eTag === 'string' && /^\d+$/.test(eTag) ? Number(eTag) : NaN;
  // An eTag we never issued cannot match what is stored.
  if (!Number.isSafeInteger(n)) throw new ETagConflictError(key);
  return n;
}

/**
 * Removes the versions superseded more than KEEP_SUPERSEDED_MS before `now` (run in the background,
 * not per turn); the newest version of every key stays, tombstones included. Returns how many.
 */
export async function pruneStateVersions(conn: Connection, now: Date): Promise<number> {
  const model = ConversationStates(conn);
  const cutoff = new Date(now.getTime() - KEEP_SUPERSEDED_MS);
  // A version can go when a newer one of its key was itself written before the cutoff.
  const settled = await model.find({ writtenAt: { $lt: cutoff } }, { key: 1, version: 1 }).lean<{ key: string; version: number }[]>();
  const newestSettled = new Map<string, number>();
  for (const row of settled) newestSettled.set(row.key, Math.max(row.version, newestSettled.get(row.key) ?? 0));
  let removed = 0;
  for (const [key, version] of newestSettled) {
    removed += (await model.deleteMany({ key, version: { $lt: version } })).deletedCount;
  }
  return removed;
}
