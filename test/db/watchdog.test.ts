import { describe, expect, it } from 'vitest';
import { connectDatabase, pingDatabase, reopenConnection } from '../../src/db/connection.ts';
import { createWatchdog } from '../../src/db/watchdog.ts';
import { Contacts } from '../../src/domain/contacts.ts';
import { testDbName, testLog, testMongoUri } from '../helpers/db.ts';

/** Probes whose answers the test scripts second by second; counts reconnects. */
function scripted(own: (t: number) => boolean, fresh: (t: number) => boolean) {
  let t = 0;
  const state = { reconnects: 0 };
  const watchdog = createWatchdog(
    {
      ownConnectionAnswers: async () => own(t),
      freshClientAnswers: async () => fresh(t),
      reconnect: async () => {
        state.reconnects++;
      },
    },
    { stuckAfterMs: 20_000 },
  );
  return {
    state,
    /** Checks every 5 s from `from` to `to` seconds; returns the outcomes. */
    async run(from: number, to: number) {
      const outcomes: string[] = [];
      for (t = from; t <= to; t += 5) outcomes.push(await watchdog.check(t * 1000));
      return outcomes;
    },
  };
}

describe('the database watchdog', () => {
  it('does nothing during an outage, however long, or when the driver recovers by itself', async () => {
    // Down for everyone from 10 s to 100 s; the service's own connection is back 3 s after that.
    const w = scripted(
      (t) => t < 10 || t >= 103,
      (t) => t < 10 || t >= 100,
    );
    const outcomes = await w.run(0, 150);
    expect(outcomes).toContain('outage');
    expect(outcomes).not.toContain('reconnected');
    expect(w.state.reconnects).toBe(0);
  });

  it('reconnects once when its own connection stays broken while a new client reaches the database', async () => {
    // The outage ends at 30 s, but the service's connection never comes back by itself.
    let mended = false;
    const w = scripted(
      (t) => t < 10 || mended,
      (t) => t < 10 || t >= 30,
    );
    const outcomes: string[] = [];
    for (const o of await w.run(0, 45)) outcomes.push(o);
    expect(outcomes.slice(-1)).toEqual(['failing']);
    expect(w.state.reconnects).toBe(0);
    const later = await w.run(50, 50);
    expect(later).toEqual(['reconnected']);
    mended = true;
    expect(await w.run(55, 80)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
    expect(w.state.reconnects).toBe(1);
  });

  it('reopening gives the connection a new client on the same database, and its models carry on', async () => {
    const conn = await connectDatabase(testMongoUri(), testLog, { dbName: testDbName('_reopen') });
    await Contacts(conn).create({ _id: 'console:reopen', channel: 'console', userId: 'reopen', lastInboundAt: new Date(), firstInboundAt: new Date() });
    const before = conn.getClient();
    await reopenConnection(conn);
    expect(conn.getClient()).not.toBe(before);
    expect(await pingDatabase(conn)).toBe(true);
    expect(await Contacts(conn).findById('console:reopen').lean()).toMatchObject({ userId: 'reopen' });
    await conn.dropDatabase();
    await conn.close();
  });
});
