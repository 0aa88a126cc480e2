import { beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'mongoose';
import { storeEvents } from '../../src/channels/inbox/store.ts';
import type { InboundEvent } from '../../src/channels/inbox/event.ts';
import { InboxEvents, InboxPending } from '../../src/channels/inbox/models.ts';
import { forceDatabaseFlavour } from '../../src/db/flavour.ts';
import { openTestDb, testDbName } from '../helpers/db.ts';

const event = (key: string): InboundEvent => ({
  channel: 'messenger',
  key,
  accountId: 'page-1',
  userId: 'psid-inbox',
  kind: 'text',
  text: 'xin chào',
  occurredAt: 1_790_000_000_000,
  interaction: true,
});

describe('inbox store', () => {
  let conn: Connection;
  beforeAll(async () => {
    conn = await openTestDb();
  });

  it('records each event once with its work item, and a repeat delivery as a duplicate', async () => {
    expect(await storeEvents(conn, [event('m_a'), event('m_b')])).toMatchObject({ stored: 2, duplicates: 0, conversations: ['messenger:psid-inbox'] });
    expect(await storeEvents(conn, [event('m_a')])).toMatchObject({ stored: 0, duplicates: 1, conversations: ['messenger:psid-inbox'] }); // still pending: its work is there
    expect(await InboxPending(conn).countDocuments({ conversation: 'messenger:psid-inbox' })).toBe(2);
  });

  it('gives a still-pending event its work item back when the platform retries after a crash between the two writes', async () => {
    await storeEvents(conn, [event('m_c')]);
    await InboxPending(conn).deleteOne({ _id: 'messenger:m_c' }); // as if the process died right after the first insert
    expect(await storeEvents(conn, [event('m_c')])).toMatchObject({ stored: 0, duplicates: 1, conversations: ['messenger:psid-inbox'] });
    expect(await InboxPending(conn).findById('messenger:m_c').lean()).toMatchObject({ conversation: 'messenger:psid-inbox' });
  });

  it('does not bring back work for an event already handled', async () => {
    await storeEvents(conn, [event('m_d')]);
    await InboxEvents(conn).updateOne({ _id: 'messenger:m_d' }, { $set: { status: 'done' } });
    await InboxPending(conn).deleteOne({ _id: 'messenger:m_d' });
    await storeEvents(conn, [event('m_d')]);
    expect(await InboxPending(conn).findById('messenger:m_d').lean()).toBeNull();
  });

  it('stores the rest of a batch when one event cannot be kept, and a message twice in one batch once', async () => {
    const bad = { ...event('m_nul'), userId: 'psid\u0000x' };
    const result = await storeEvents(conn, [event('m_e'), bad, event('m_f'), event('m_f')]);
    expect(result).toMatchObject({ stored: 2, duplicates: 1, refused: 1 });
    expect((await InboxEvents(conn).find({ _id: { $in: ['messenger:m_e', 'messenger:m_f', 'messenger:m_nul'] } }).lean()).map((e) => e._id).sort()).toEqual(['messenger:m_e', 'messenger:m_f']);
  });

  it('keeps message text with a NUL character (it is stored as JSON)', async () => {
    const result = await storeEvents(conn, [{ ...event('m_g'), text: 'a\u0000b' }]);
    expect(result).toMatchObject({ stored: 1, refused: 0 });
    const item = await InboxPending(conn).findById('messenger:m_g').lean();
    expect(JSON.parse(item!.event!)).toMatchObject({ text: 'a\u0000b' });
  });
});

describe('inbox store on the MongoDB path (forced)', () => {
  let conn: Connection;
  beforeAll(async () => {
    conn = await openTestDb(testDbName('_mongodb'));
    forceDatabaseFlavour(conn, 'mongodb');
  });

  it('records each event once and writes no work item: the pending events are the work', async () => {
    expect(await storeEvents(conn, [event('m_a'), event('m_b')])).toMatchObject({ stored: 2, duplicates: 0, conversations: ['messenger:psid-inbox'] });
    expect(await InboxEvents(conn).countDocuments({ conversation: 'messenger:psid-inbox', status: 'pending' })).toBe(2);
    expect(await InboxPending(conn).countDocuments()).toBe(0);
  });

  it('names the conversation again for a repeat of a pending event, not for one already handled', async () => {
    expect(await storeEvents(conn, [event('m_a')])).toMatchObject({ stored: 0, duplicates: 1, conversations: ['messenger:psid-inbox'] });
    await InboxEvents(conn).updateMany({ _id: { $in: ['messenger:m_a', 'messenger:m_b'] } }, { $set: { status: 'done' } });
    expect(await storeEvents(conn, [event('m_a')])).toMatchObject({ stored: 0, duplicates: 1, conversations: [] });
    expect(await InboxPending(conn).countDocuments()).toBe(0);
  });
});
