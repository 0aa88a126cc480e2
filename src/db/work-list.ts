import { Schema, type Connection, type Model } from 'mongoose';
import type { Document, Filter } from 'mongodb';
import { insertedDespiteDuplicates } from './errors.ts';
import { databaseFlavour } from './flavour.ts';

/**
 * A "work list": the documents of a growing main collection that still need handling, grouped (a
 * group is handled in `order`, one item at a time, by whoever holds it) and each due from a time
 * (`due`, in ms). Unlike a due index (due-index.ts) an item carries state of its own — copies of
 * main fields (`copied`) so its owner reads one document per item, and whatever the owner records
 * on it with `update` — and the owner reads items, not only keys.
 *
 * Like due-index.ts, one of the two places that choose by database flavour (flavour.ts):
 * - FerretDB 1.24 answers any query that is not an `_id` look-up by reading the whole collection.
 *   There every item is a small side document `{ _id, group, order, due, …copied }` in its own
 *   collection, added right after the main document and removed once the main document is no longer
 *   `pending`; the owner's queries run over tens of side documents. A copy that dies between the
 *   main insert and the side insert is repaired by the next `add` of the same key (platforms resend).
 * - MongoDB uses its indexes: nothing extra is written; the items are the main documents matching
 *   `pending`, their state is recorded on them, and `remove` has nothing to do (the owner's own
 *   update of the main document made it no longer `pending`).
 */
export interface WorkListSpec {
  /** The side collection (FerretDB only). */
  collection: string;
  main: {
    collection: string;
    /** What makes a main document an item of the list (both paths). */
    pending: Filter<Document>;
    /** Indexes serving `{ pending, due } by order` and `{ pending, group } by order` (MongoDB only). */
    indexes: Record<string, 1 | -1>[];
  };
  /** Field names, alike on the main and the side documents. */
  group: string;
  order: string;
  due: string;
  /** Main fields a new side item carries. */
  copied: readonly string[];
}

export type WorkItem = { _id: string } & Document;

export interface WorkList {
  readonly spec: WorkListSpec;
  /**
   * Makes work items of just-inserted main documents (`fresh`) and of those whose insert was a
   * duplicate (`repeated`) that are still pending; returns the keys that are work.
   */
  add(conn: Connection, fresh: readonly WorkItem[], repeated: readonly WorkItem[]): Promise<string[]>;
  /** Groups with an item due by `now`, earliest `order` first (a group may repeat), at most `limit`. */
  dueGroups(conn: Connection, now: number, limit: number): Promise<string[]>;
  /** The group's items in `order`. */
  items(conn: Connection, group: string): Promise<WorkItem[]>;
  /** Records state on an item wherever it lives (FerretDB: side document; MongoDB: main document). */
  update(conn: Connection, key: string, fields: Document): Promise<void>;
  /** The caller has just written these fields on the main document: the side item gets them too. */
  mirror(conn: Connection, key: string, fields: Document): Promise<void>;
  /** The item is done or given up (the main document is no longer pending). */
  remove(conn: Connection, key: string): Promise<void>;
  /** The side collection's model (tests look into it; it stays empty on MongoDB). */
  side(conn: Connection): Model<Document>;
  ensureIndexes(conn: Connection): Promise<void>;
}

const registered: WorkList[] = [];

/** Declares a work list (once per module, like `defineModel`); its indexes are made at connect. */
export function defineWorkList(spec: WorkListSpec): WorkList {
  if (registered.some((w) => w.spec.collection === spec.collection)) throw new Error(`work list ${spec.collection} defined twice`);
  const list = makeWorkList(spec);
  registered.push(list);
  return list;
}

/** Run by connectDatabase (through initDueIndexes) after the models' indexes. */
export async function initWorkLists(conn: Connection): Promise<void> {
  for (const list of registered) await list.ensureIndexes(conn);
}

function sideSchema(spec: WorkListSpec): Schema {
  const fields = {
    _id: { type: String, required: true },
    [spec.group]: { type: String, required: true },
    [spec.order]: { type: Number, required: true },
    [spec.due]: { type: Number, default: 0 },
  };
  // Not strict: the copied fields and the owner's state are whatever the owner puts there.
  const schema = new Schema(fields, { versionKey: false, strict: false, collection: spec.collection });
  schema.index({ [spec.due]: 1, [spec.order]: 1 });
  schema.index({ [spec.group]: 1, [spec.order]: 1 });
  return schema;
}

function makeWorkList(spec: WorkListSpec): WorkList {
  const schema = sideSchema(spec);
  const side = (conn: Connection) => (conn.models[`work:${spec.collection}`] ?? conn.model(`work:${spec.collection}`, schema)) as unknown as Model<Document>;
  const main = (conn: Connection) => conn.collection(spec.main.collection);
  const onFerret = async (conn: Connection) => (await databaseFlavour(conn)) === 'ferretdb';
  const sideItem = (doc: WorkItem): WorkItem => {
    const item: WorkItem = { _id: doc._id, [spec.group]: doc[spec.group], [spec.order]: doc[spec.order], [spec.due]: doc[spec.due] ?? 0 };
    for (const f of spec.copied) if (doc[f] !== undefined) item[f] = doc[f];
    return item;
  };

  return {
    spec,
    side,
    async add(conn, fresh, repeated) {
      const still = repeated.length ? await stillPending(main(conn), spec, repeated) : new Set<string>();
      const work = [...fresh, ...repeated.filter((d) => still.has(d._id))];
      if (work.length > 0 && (await onFerret(conn))) await insertIgnoringDuplicates(side(conn), work.map(sideItem));
      return work.map((d) => d._id);
    },
    async dueGroups(conn, now, limit) {
      const filter = { [spec.due]: { $lte: now } };
      const options = { projection: { [spec.group]: 1 }, sort: { [spec.order]: 1 as const }, limit };
      const rows = (await onFerret(conn)) ? await side(conn).collection.find(filter, options).toArray() : await main(conn).find({ ...spec.main.pending, ...filter }, options).toArray();
      return rows.map((r) => String(r[spec.group]));
    },
    async items(conn, group) {
      const options = { sort: { [spec.order]: 1 as const } };
      const rows = (await onFerret(conn)) ? await side(conn).collection.find({ [spec.group]: group }, options).toArray() : await main(conn).find({ ...spec.main.pending, [spec.group]: group }, options).toArray();
      return rows.map((r) => ({ ...r, _id: String(r._id) }));
    },
    async update(conn, key, fields) {
      const target = (await onFerret(conn)) ? side(conn).collection : main(conn);
      await target.updateOne({ _id: key as never }, { $set: fields });
    },
    async mirror(conn, key, fields) {
      if (await onFerret(conn)) await side(conn).collection.updateOne({ _id: key as never }, { $set: fields });
    },
    async remove(conn, key) {
      if (await onFerret(conn)) await side(conn).collection.deleteOne({ _id: key as never });
    },
    async ensureIndexes(conn) {
      if (await onFerret(conn)) {
        await side(conn).createCollection().catch(() => undefined);
        await side(conn).createIndexes();
        return;
      }
      for (const index of spec.main.indexes) await main(conn).createIndex(index);
    },
  };
}

/** Keys of these main documents that are still pending (a repeated insert of a handled one is not work). */
async function stillPending(main: ReturnType<Connection['collection']>, spec: WorkListSpec, docs: readonly WorkItem[]): Promise<Set<string>> {
  const rows = await main.find({ _id: { $in: docs.map((d) => d._id) as never[] }, ...spec.main.pending }, { projection: { _id: 1 } }).toArray();
  return new Set(rows.map((r) => String(r._id)));
}

async function insertIgnoringDuplicates(model: Model<Document>, items: readonly Document[]): Promise<void> {
  await model.collection.insertMany(items as Document[], { ordered: false }).catch((err: unknown) => insertedDespiteDuplicates(err, items.length));
}
