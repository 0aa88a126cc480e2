import { beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'mongoose';
import { storeEvents } from '../../src/channels/inbox/store.ts';
import type { InboundEvent } from '../../src/channels/inbox/event.ts';
import { InboxEvents, InboxPending } from '../../src/store/inbox.ts';
import { openTestDb } from '../helpers/db.ts';

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
    expect(await storeEvents(conn, [event('m_a'), event('m_b')])).toEqual({ stored: 2, duplicates: 0 });
    expect(await storeEvents(conn, [event('m_a')])).toEqual({ stored: 0, duplicates: 1 });
    expect(await InboxPending(conn).countDocuments({ conversation: 'messenger:psid-inbox' })).toBe(2);
  });

  it('gives a still-pending event its work item back when the platform retries after a crash between the two writes', async () => {
    await storeEvents(conn, [event('m_c')]);
    await InboxPending(conn).deleteOne({ _id: 'messenger:m_c' }); // as if the process died right after the first insert
    expect(await storeEvents(conn, [event('m_c')])).toEqual({ stored: 0, duplicates: 1 });
    expect(await InboxPending(conn).findById('messenger:m_c').lean()).toMatchObject({ conversation: 'messenger:psid-inbox' });
  });

  it('does not bring back work for an event already handled', async () => {
    await storeEvents(conn, [event('m_d')]);
    await InboxEvents(conn).updateOne({ _id: 'messenger:m_d' }, { $set: { status: 'done' } });
    await InboxPending(conn).deleteOne({ _id: 'messenger:m_d' });
    await storeEvents(conn, [event('m_d')]);
    expect(await InboxPending(conn).findById('messenger:m_d').lean()).toBeNull();
  });
});
