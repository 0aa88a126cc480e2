import { Schema, type Connection, type Model } from 'mongoose';
import type { Filter, IndexSpecification, Document } from 'mongodb';
import { insertedDespiteDuplicates } from './errors.ts';
import { databaseFlavour } from './flavour.ts';

/**
 * A "due index": which documents of a growing collection need looking at by some time. The main
 * collection (deliveries, placements…) stays the truth; its owner re-reads the document behind
 * every due key, so an early or stale entry costs one look-up, never a wrong action.
 *
 * The one place that chooses by database flavour (flavour.ts):
 * - FerretDB 1.24 answers any query that is not an `_id` look-up by reading the whole collection
 *   (10–13 s per tick over 100,000 settled deliveries on the benchmark machine). There the index
 *   keeps small side documents `{ _id: key, <time fields> }` in its own collection, optionally in
 *   two parts: `later` holds what falls due beyond `nearMs`, so a tick reads only the near part.
 *   Owners write the entry *before* the main document it announces (and remove it after), so a copy
 *   that dies in between leaves an entry to re-check, never a due document nobody sees.
 * - MongoDB uses its indexes: nothing extra is written (add/reschedule/remove do nothing) and
 *   `due` is the owner's indexed query on the main collection.
 */
export interface DueIndexSpec<T extends string> {
  /** The side collection (FerretDB only). */
  collection: string;
  /** A second side collection for entries due beyond `nearMs` from now (FerretDB only). */
  later?: { collection: string; nearMs: number };
  /** The time fields of an entry; an entry is due when any of them is within its bound. */
  times: readonly [T, ...T[]];
  /** Side entries come out of `due` earliest first by this field (default: unordered). */
  sortBy?: T;
  main: {
    collection: string;
    /** The main documents due within the bounds (MongoDB path). */
    dueFilter(bounds: Record<T, Date>): Filter<Document>;
    sort?: Record<string, 1 | -1>;
    /** Indexes that serve `dueFilter` (+ `sort`), created on MongoDB only. */
    indexes: IndexSpecification[];
  };
}

export type DueTimes<T extends string> = Partial<Record<T, Date | null>>;
export type DueEntry<T extends string> = { _id: string } & DueTimes<T>;

export interface DueIndex<T extends string> {
  readonly spec: DueIndexSpec<T>;
  /** Adds entries; one already there is left as it is. `now` places them near or later. */
  add(conn: Connection, entries: readonly DueEntry<T>[], now: Date): Promise<void>;
  /** Sets (upserts) these times of one entry, in the part they belong to; null times only clear. */
  reschedule(conn: Connection, key: string, times: DueTimes<T>, now: Date): Promise<void>;
  /** The main document needs nothing more (settled or gone). */
  remove(conn: Connection, key: string): Promise<void>;
  /** Keys due within the bounds (one per time field), at most `limit`. */
  due(conn: Connection, bounds: Record<T, Date>, limit: number): Promise<string[]>;
  /** Keys of the later part that now fall within `nearMs` (the owner refreshes each); [] on MongoDB. */
  comingNear(conn: Connection, now: Date): Promise<string[]>;
  /** The side collection's model (tests and benchmarks look into it; it stays empty on MongoDB). */
  side(conn: Connection): Model<Document>;
  sideLater(conn: Connection): Model<Document> | undefined;
  /** FerretDB: the side collections and their indexes; MongoDB: the main collection's indexes. */
  ensureIndexes(conn: Connection): Promise<void>;
}

const registered: DueIndex<string>[] = [];

/** Declares a due index (once per module, like `defineModel`); its indexes are made at connect. */
export function defineDueIndex<T extends string>(spec: DueIndexSpec<T>): DueIndex<T> {
  if (registered.some((d) => d.spec.collection === spec.collection)) throw new Error(`due index ${spec.collection} defined twice`);
  const index = makeDueIndex(spec);
  registered.push(index as unknown as DueIndex<string>);
  return index;
}

/** Run by connectDatabase after the models' indexes. */
export async function initDueIndexes(conn: Connection): Promise<void> {
  for (const index of registered) await index.ensureIndexes(conn);
}

function sideSchema(times: readonly string[], collection: string): Schema {
  const fields: Record<string, unknown> = { _id: { type: String, required: true } };
  for (const t of times) fields[t] = { type: Date, default: null };
  const schema = new Schema(fields, { versionKey: false, collection });
  for (const t of times) schema.index({ [t]: 1 });
  return schema;
}

function bind(conn: Connection, name: string, schema: Schema): Model<Document> {
  return (conn.models[name] ?? conn.model(name, schema)) as unknown as Model<Document>;
}

/** The earliest of an entry's times (Infinity when none is set). */
function firstTime<T extends string>(fields: readonly T[], times: DueTimes<T>): number {
  return Math.min(...fields.map((f) => times[f]?.getTime() ?? Infinity));
}

/** Side-collection filter: any time field within its bound. */
function sideDueFilter<T extends string>(times: readonly T[], bounds: Record<T, Date>): Filter<Document> {
  const parts = times.map((t) => ({ [t]: { $lte: bounds[t] } }));
  return parts.length === 1 ? parts[0]! : { $or: parts };
}

function makeDueIndex<T extends string>(spec: DueIndexSpec<T>): DueIndex<T> {
  const nearSchema = sideSchema(spec.times, spec.collection);
  const laterSchema = spec.later ? sideSchema(spec.times, spec.later.collection) : undefined;
  const side = (conn: Connection) => bind(conn, `due:${spec.collection}`, nearSchema);
  const sideLater = (conn: Connection) => (spec.later && laterSchema ? bind(conn, `due:${spec.later.collection}`, laterSchema) : undefined);
  const onFerret = async (conn: Connection) => (await databaseFlavour(conn)) === 'ferretdb';
  const isNear = (times: DueTimes<T>, now: Date) => !spec.later || firstTime(spec.times, times) <= now.getTime() + spec.later.nearMs;

  return {
    spec,
    side,
    sideLater,
    async add(conn, entries, now) {
      if (entries.length === 0 || !(await onFerret(conn))) return;
      const later = sideLater(conn);
      const near = later ? entries.filter((e) => isNear(e, now)) : entries;
      const far = later ? entries.filter((e) => !isNear(e, now)) : [];
      await insertIgnoringDuplicates(side(conn), near);
      if (later) await insertIgnoringDuplicates(later, far);
    },
    async reschedule(conn, key, times, now) {
      if (!(await onFerret(conn))) return;
      const later = sideLater(conn);
      const [into, outOf] = !later || isNear(times, now) ? [side(conn), later] : [later, side(conn)];
      // Written where it belongs before it is removed from the other: a crash in between leaves two.
      await into.updateOne({ _id: key }, { $set: times }, { upsert: true });
      await outOf?.deleteOne({ _id: key });
    },
    async remove(conn, key) {
      if (!(await onFerret(conn))) return;
      await side(conn).deleteOne({ _id: key });
      await sideLater(conn)?.deleteOne({ _id: key });
    },
    async due(conn, bounds, limit) {
      if (!(await onFerret(conn))) return mainDue(conn, spec, bounds, limit);
      const query = side(conn).find(sideDueFilter(spec.times, bounds), { _id: 1 });
      if (spec.sortBy) query.sort({ [spec.sortBy]: 1 });
      const rows = await query.limit(limit).lean<{ _id: string }[]>();
      return rows.map((r) => r._id);
    },
    async comingNear(conn, now) {
      const later = sideLater(conn);
      if (!later || !spec.later || !(await onFerret(conn))) return [];
      const near = new Date(now.getTime() + spec.later.nearMs);
      const bounds = Object.fromEntries(spec.times.map((t) => [t, near])) as Record<T, Date>;
      const rows = await later.find(sideDueFilter(spec.times, bounds), { _id: 1 }).lean<{ _id: string }[]>();
      return rows.map((r) => r._id);
    },
    async ensureIndexes(conn) {
      if (await onFerret(conn)) {
        for (const model of [side(conn), sideLater(conn)]) {
          await model?.createCollection().catch(() => undefined);
          await model?.createIndexes();
        }
        return;
      }
      for (const index of spec.main.indexes) await conn.collection(spec.main.collection).createIndex(index);
    },
  };
}

async function mainDue<T extends string>(conn: Connection, spec: DueIndexSpec<T>, bounds: Record<T, Date>, limit: number): Promise<string[]> {
  const cursor = conn.collection(spec.main.collection).find(spec.main.dueFilter(bounds), { projection: { _id: 1 } });
  if (spec.main.sort) cursor.sort(spec.main.sort);
  const rows = await cursor.limit(limit).toArray();
  return rows.map((r) => String(r._id));
}

async function insertIgnoringDuplicates(model: Model<Document>, entries: readonly Document[]): Promise<void> {
  if (entries.length === 0) return;
  await model.collection.insertMany(entries as Document[], { ordered: false }).catch((err: unknown) => insertedDespiteDuplicates(err, entries.length));
}
