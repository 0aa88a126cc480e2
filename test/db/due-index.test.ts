import { describe, expect, inject, it } from 'vitest';
import type { Connection } from 'mongoose';
import { defineDueIndex, initDueIndexes } from '../../src/db/due-index.ts';
import { databaseFlavour, forceDatabaseFlavour, isFerretDb } from '../../src/db/flavour.ts';
import { parseConfig } from '../../src/core/config.ts';
import { createMetrics } from '../../src/core/metrics.ts';
import type { Outbound } from '../../src/outbox/sender.ts';
import { Deliveries, enqueueDeliveries } from '../../src/outbox/deliveries.ts';
import { createDeliveryWorker } from '../../src/outbox/worker.ts';
import { Contacts } from '../../src/domain/contacts.ts';
import { createPlacement, dueAgenda, bringAgendaForward } from '../../src/domain/placements/agenda.ts';
import { openTestDb, testDbName, testLog } from '../helpers/db.ts';

// The database seam (src/db/flavour.ts, src/db/due-index.ts) on both paths. The suite's database
// is FerretDB, so the MongoDB path is forced on a connection to it: that path's queries (an
// equality plus a range, `$or` of such, a sort and a limit on the main collection) are ones
// FerretDB 1.24 answers too, only by reading the whole collection.

const HOUR = 3_600_000;
const t0 = new Date('2026-11-24T03:00:00Z'); // 10:00 in Vietnam
const at = (hours: number) => new Date(t0.getTime() + hours * HOUR);

/** A stand-in "growing collection": parcels waiting until `readyAt`, collected ones kept as history. */
const parcelsDue = defineDueIndex({
  collection: 'parcel_due',
  later: { collection: 'parcel_due_later', nearMs: 24 * HOUR },
  times: ['readyAt'],
  sortBy: 'readyAt',
  main: {
    collection: 'parcels',
    dueFilter: ({ readyAt }) => ({ status: 'waiting', readyAt: { $lte: readyAt } }),
    sort: { readyAt: 1 },
    indexes: [{ status: 1, readyAt: 1 }],
  },
});

async function openAs(flavour: 'ferretdb' | 'mongodb', suffix: string): Promise<Connection> {
  const conn = await openTestDb(testDbName(suffix));
  forceDatabaseFlavour(conn, flavour);
  await initDueIndexes(conn);
  return conn;
}

/** Stores a parcel the way an owner of a due index does: its entry first, then the document. */
async function parcel(conn: Connection, id: string, readyAt: Date, status = 'waiting') {
  await parcelsDue.add(conn, [{ _id: id, readyAt }], t0);
  await conn.collection<{ _id: string; status: string; readyAt: Date }>('parcels').insertOne({ _id: id, status, readyAt });
}

const sideCounts = async (conn: Connection) => [await parcelsDue.side(conn).countDocuments(), await parcelsDue.sideLater(conn)!.countDocuments()];

describe('the database flavour', () => {
  it("is read from the server's buildInfo reply", async () => {
    const conn = await openTestDb(testDbName('_flavour'));
    expect(await databaseFlavour(conn)).toBe(inject('dbBackend') === 'ferretdb' ? 'ferretdb' : 'mongodb');
    expect(isFerretDb({ version: '7.0.42', ferretdbVersion: 'v1.24.2', ok: 1 })).toBe(true);
    expect(isFerretDb({ version: '8.2.1', gitVersion: 'abc', ok: 1 })).toBe(false);
  });
});

describe('a due index on FerretDB: a small side collection', () => {
  it('answers from its entries, earliest first, and keeps far entries apart until they come near', async () => {
    const conn = await openAs('ferretdb', '_due_ferret');
    await parcel(conn, 'b', at(2));
    await parcel(conn, 'a', at(1));
    await parcel(conn, 'far', at(48));
    // A document without an entry is not seen: the side collection is what is read.
    await conn.collection<{ _id: string; status: string; readyAt: Date }>('parcels').insertOne({ _id: 'unlisted', status: 'waiting', readyAt: at(0) });
    expect(await sideCounts(conn)).toEqual([2, 1]);

    expect(await parcelsDue.due(conn, { readyAt: at(3) }, 10)).toEqual(['a', 'b']);
    expect(await parcelsDue.due(conn, { readyAt: at(3) }, 1)).toEqual(['a']);

    await parcelsDue.reschedule(conn, 'a', { readyAt: at(30) }, t0);
    await parcelsDue.remove(conn, 'b');
    expect(await parcelsDue.due(conn, { readyAt: at(3) }, 10)).toEqual([]);
    expect(await sideCounts(conn)).toEqual([0, 2]);

    // A day on, both far entries fall within the near part's reach.
    expect((await parcelsDue.comingNear(conn, at(25))).sort()).toEqual(['a', 'far']);
  });
});

describe('a due index on MongoDB: the main collection through its index', () => {
  it('writes nothing beside the main collection and finds due documents there', async () => {
    const conn = await openAs('mongodb', '_due_mongo');
    await parcel(conn, 'late', at(2));
    await parcel(conn, 'early', at(1));
    await parcel(conn, 'collected', at(0), 'collected');
    await parcel(conn, 'far', at(48));
    await parcelsDue.reschedule(conn, 'late', { readyAt: at(0) }, t0);
    await parcelsDue.remove(conn, 'early');
    expect(await sideCounts(conn)).toEqual([0, 0]);

    // The truth is the main collection: its waiting documents, earliest first, within the limit.
    expect(await parcelsDue.due(conn, { readyAt: at(3) }, 10)).toEqual(['early', 'late']);
    expect(await parcelsDue.due(conn, { readyAt: at(3) }, 1)).toEqual(['early']);
    expect(await parcelsDue.comingNear(conn, at(47))).toEqual([]);
    const indexes = await conn.collection('parcels').indexes();
    expect(indexes.map((i) => i.key)).toContainEqual({ status: 1, readyAt: 1 });
  });

  it('the delivery worker sends due messages in order and leaves delivery_queue empty', async () => {
    const conn = await openAs('mongodb', '_due_outbox');
    const sent: string[] = [];
    const outbound: Outbound = {
      console: {
        route: () => ({ kind: 'free' }),
        async send(recipient, activity) {
          sent.push(`${recipient.userId}:${activity.text}`);
          return { messageIds: [`m${sent.length}`] };
        },
      },
    };
    const ctx = { config: parseConfig({}), conn, log: testLog, clock: { now: () => t0 }, metrics: createMetrics() };
    const worker = createDeliveryWorker(ctx, outbound, { quietHours: { start: '22:00', end: '07:00' } });
    await Contacts(conn).create({ _id: 'console:lan', channel: 'console', userId: 'lan', firstInboundAt: t0, lastInboundAt: t0 });
    const notice = (subjectId: string, dueAt: Date, text: string) =>
      ({ kind: 'broadcast', subjectId, contactId: 'console:lan', occurrence: '1', dueAt, purpose: 'broadcast', text: { vi: text } }) as const;
    await enqueueDeliveries(conn, [notice('second', at(0.5), 'Hai'), notice('first', at(0), 'Một'), notice('later', at(5), 'Ba')]);

    await worker.runOnce(at(1));
    expect(sent).toEqual(['lan:Một', 'lan:Hai']);
    expect(await Deliveries(conn).findById('broadcast:later:console:lan:1').lean()).toMatchObject({ status: 'pending' });
    await worker.runOnce(at(6));
    expect(sent).toEqual(['lan:Một', 'lan:Hai', 'lan:Ba']);
    expect(await conn.db!.collection('delivery_queue').countDocuments()).toBe(0);
  });

  it('the placement agenda finds due nudges and overdue contracts on placements, with no agenda written', async () => {
    const conn = await openAs('mongodb', '_due_agenda');
    const base = { country: 'JP', timeZone: 'Asia/Tokyo', registeredBy: 'self', status: 'abroad', planVersion: 1, nudgeStep: 0 };
    const place = (contactId: string, contractEnd: Date, nextNudgeAt: Date | null, status = 'abroad') =>
      createPlacement(conn, { ...base, contactId, contractEnd, contractEndYear: contractEnd.getUTCFullYear(), nextNudgeAt, status }, t0);
    const soon = await place('console:soon', at(24 * 90), at(24 * 2));
    const ended = await place('console:ended', at(-48), null);
    await place('console:far', at(24 * 120), at(24 * 30));
    await place('console:home', at(-48), null, 'returned');

    const due = await dueAgenda(conn, t0, at(24 * 3), 100);
    expect(due.sort()).toEqual([String(soon._id), String(ended._id)].sort());
    expect(await bringAgendaForward(conn, t0)).toBe(0);
    expect(await conn.db!.collection('placement_agenda').countDocuments()).toBe(0);
    expect(await conn.db!.collection('placement_agenda_later').countDocuments()).toBe(0);
  });
});
