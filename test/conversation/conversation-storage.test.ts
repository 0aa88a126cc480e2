import { AutoSaveStateMiddleware, ConversationState, MemoryStorage, MessageFactory, TestAdapter, type Storage, type StoreItem } from 'botbuilder-core';
import { Dialog, DialogSet, TextPrompt, WaterfallDialog, type DialogState } from 'botbuilder-dialogs';
import { describe, expect, it } from 'vitest';
import { ConversationStates, ETagConflictError, KEEP_SUPERSEDED_MS, MongoStorage, pruneStateVersions } from '../../src/conversation/storage.ts';
import { openTestDb, testDbName } from '../helpers/db.ts';

// botbuilder's shared storage contract (botbuilder-core tests/storageBaseTests.js), ported to
// vitest and run against MemoryStorage (the reference) and our MongoDB storage on the real server.
const dbName = testDbName();
const conn = await openTestDb(dbName);

const storages: [string, () => Storage][] = [
  ['MemoryStorage', () => new MemoryStorage()],
  ['MongoStorage', () => new MongoStorage(conn)],
];

describe.each(storages)('storage contract: %s', (_name, make) => {
  it('returns an empty object for an unknown key', async () => {
    expect(await make().read(['unknown'])).toEqual({});
  });

  it('rejects null keys and null changes', async () => {
    const storage = make();
    await expect(storage.read(null as unknown as string[])).rejects.toThrow();
    await expect(storage.write(null as unknown as Record<string, StoreItem>)).rejects.toThrow();
  });

  it('accepts an empty change set', async () => {
    await expect(make().write({})).resolves.toBeUndefined();
  });

  it('creates objects and returns them with an eTag', async () => {
    const storage = make();
    await storage.write({ createPoco: { id: 1 }, createPocoStoreItem: { id: 2 } });
    const read = await storage.read(['createPoco', 'createPocoStoreItem']);
    expect(read.createPoco).toMatchObject({ id: 1 });
    expect(read.createPocoStoreItem).toMatchObject({ id: 2 });
    expect(read.createPoco.eTag).toEqual(expect.any(String));
    expect(read.createPocoStoreItem.eTag).toEqual(expect.any(String));
  });

  it('round-trips a key made of punctuation and a state with dots and dollars in its keys', async () => {
    const storage = make();
    const key = '!@#$%^&*()~/\\><,.?\';"`~';
    await storage.write({ [key]: { id: 1, 'a.b': { $c: 'd' } } });
    const read = await storage.read([key]);
    expect(read[key]).toMatchObject({ id: 1, 'a.b': { $c: 'd' } });
  });

  it('updates with the current eTag, rejects a stale eTag, and lets no eTag or * always win', async () => {
    const storage = make();
    await storage.write({ pocoItem: { id: 1, count: 1 }, pocoStoreItem: { id: 1, count: 1 } });
    const loaded = await storage.read(['pocoItem', 'pocoStoreItem']);
    const pocoItem = loaded.pocoItem as StoreItem;
    delete pocoItem.eTag;
    const pocoStoreItem = loaded.pocoStoreItem as StoreItem;
    const firstETag = pocoStoreItem.eTag;
    pocoItem.count++;
    pocoStoreItem.count++;
    await storage.write(loaded);

    const reloaded = await storage.read(['pocoItem', 'pocoStoreItem']);
    expect(reloaded.pocoItem.count).toBe(2);
    expect(reloaded.pocoStoreItem.count).toBe(2);
    expect(reloaded.pocoStoreItem.eTag).not.toBe(firstETag);

    await expect(storage.write({ pocoItem: { ...pocoItem, count: 123 } })).resolves.toBeUndefined();
    await expect(storage.write({ pocoStoreItem: { ...pocoStoreItem, eTag: firstETag, count: 123 } })).rejects.toThrow();

    const after = await storage.read(['pocoItem', 'pocoStoreItem']);
    expect(after.pocoItem.count).toBe(123);
    expect(after.pocoStoreItem.count).toBe(2);

    await storage.write({ pocoItem: { count: 100 }, pocoStoreItem: { count: 100, eTag: '*' } });
    const final = await storage.read(['pocoItem', 'pocoStoreItem']);
    expect(final.pocoItem.count).toBe(100);
    expect(final.pocoStoreItem.count).toBe(100);
  });

  it('deletes objects, and deleting an unknown key does not throw', async () => {
    const storage = make();
    await storage.write({ delete1: { id: 1, count: 1 } });
    expect((await storage.read(['delete1'])).delete1).toMatchObject({ count: 1 });
    await storage.delete(['delete1']);
    expect((await storage.read(['delete1'])).delete1).toBeUndefined();
    await expect(storage.delete(['unknown_key'])).resolves.toBeUndefined();
  });

  it('performs batch writes, reads and deletes', async () => {
    const storage = make();
    await storage.write({ batch1: { count: 10 }, batch2: { count: 20 }, batch3: { count: 30 } });
    const read = await storage.read(['batch1', 'batch2', 'batch3']);
    expect([read.batch1.count, read.batch2.count, read.batch3.count]).toEqual([10, 20, 30]);
    await storage.delete(['batch1', 'batch2', 'batch3']);
    expect(await storage.read(['batch1', 'batch2', 'batch3'])).toEqual({});
  });

  it('carries a waterfall with a re-prompting text prompt through several turns', async () => {
    const convoState = new ConversationState(make());
    const dialogs = new DialogSet(convoState.createProperty<DialogState>('dialogState'));
    dialogs.add(
      new TextPrompt('textPrompt', async (prompt) => {
        if ((prompt.recognized.value ?? '').length > 3) {
          await prompt.context.sendActivity(`You got it at the ${prompt.attemptCount}th try!`);
          return true;
        }
        await prompt.context.sendActivity(`Please send a name that is longer than 3 characters. ${prompt.attemptCount}`);
        return false;
      }),
    );
    dialogs.add(
      new WaterfallDialog('waterfallDialog', [
        async (step) => {
          await step.context.sendActivity('step1');
          return Dialog.EndOfTurn;
        },
        async (step) => step.prompt('textPrompt', { prompt: MessageFactory.text('Please type your name.') }),
        async (step) => {
          await step.context.sendActivity('step3');
          return Dialog.EndOfTurn;
        },
      ]),
    );
    const adapter = new TestAdapter(async (turnContext) => {
      const dc = await dialogs.createContext(turnContext);
      await dc.continueDialog();
      if (!turnContext.responded) await dc.beginDialog('waterfallDialog');
    }).use(new AutoSaveStateMiddleware(convoState));

    await adapter
      .send('hello')
      .assertReply('step1')
      .send('hello')
      .assertReply('Please type your name.')
      .send('hi')
      .assertReply('Please send a name that is longer than 3 characters. 1')
      .send('hi')
      .assertReply('Please send a name that is longer than 3 characters. 2')
      .send('Kyle')
      .assertReply('You got it at the 3th try!')
      .assertReply('step3')
      .startTest();
  });
});

describe('MongoStorage on the real database', () => {
  it('of two concurrent writes with the same eTag, exactly one wins', async () => {
    const storage = new MongoStorage(conn);
    await storage.write({ race: { n: 0 } });
    const { race } = await storage.read(['race']);
    const eTag = race!.eTag as string;
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => storage.write({ race: { n: i + 1, eTag } })),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost.every((r) => r.reason instanceof ETagConflictError)).toBe(true);
    const stored = (await storage.read(['race'])).race!;
    expect(stored.n).toBeGreaterThan(0);
  });

  it('two service copies on one database see each other\'s writes and conflicts', async () => {
    const other = new MongoStorage(await openTestDb(dbName));
    const mine = new MongoStorage(conn);
    await mine.write({ shared: { who: 'mine' } });
    const seen = (await other.read(['shared'])).shared!;
    expect(seen.who).toBe('mine');
    await other.write({ shared: { ...seen, who: 'other' } });
    await expect(mine.write({ shared: { who: 'late', eTag: seen.eTag } })).rejects.toBeInstanceOf(ETagConflictError);
    expect((await mine.read(['shared'])).shared!.who).toBe('other');
  });

  it('concurrent writes without an eTag all succeed and the state stays readable', async () => {
    const storage = new MongoStorage(conn);
    await Promise.all(Array.from({ length: 5 }, (_, i) => storage.write({ star: { i, eTag: '*' } })));
    const { star } = await storage.read(['star']);
    expect(star!.i).toBeGreaterThanOrEqual(0);
  });

  it('a very stale eTag is still rejected after old versions were cleaned away', async () => {
    const storage = new MongoStorage(conn);
    await storage.write({ stale: { step: 0 } });
    const first = (await storage.read(['stale'])).stale!;
    for (let step = 1; step <= 3; step++) {
      const current = (await storage.read(['stale'])).stale!;
      await storage.write({ stale: { ...current, step } });
    }
    await expect(storage.write({ stale: { ...first, step: 99 } })).rejects.toBeInstanceOf(ETagConflictError);
    expect((await storage.read(['stale'])).stale!.step).toBe(3);
  });

  it('the background prune removes versions superseded over an hour ago, keeps the newest, and a stale eTag still loses', async () => {
    let now = new Date('2026-12-01T00:00:00Z');
    const storage = new MongoStorage(conn, () => now);
    await storage.write({ pruned: { step: 0 } });
    const first = (await storage.read(['pruned'])).pruned!;
    for (let step = 1; step <= 3; step++) {
      now = new Date(now.getTime() + 60_000);
      await storage.write({ pruned: { ...(await storage.read(['pruned'])).pruned!, step } });
    }
    // Within the hour nothing goes: the version after a stale eTag is still there to refuse it.
    expect(await pruneStateVersions(conn, new Date(now.getTime() + KEEP_SUPERSEDED_MS / 2))).toBe(0);
    await expect(storage.write({ pruned: { ...first, step: 99 } })).rejects.toBeInstanceOf(ETagConflictError);
    await pruneStateVersions(conn, new Date(now.getTime() + KEEP_SUPERSEDED_MS + 1000));
    expect((await ConversationStates(conn).find({ key: 'pruned' }).lean()).map((v) => v.version)).toEqual([4]);
    expect((await storage.read(['pruned'])).pruned!.step).toBe(3);
  });

  it('an eTag from before a delete cannot overwrite what was written after it', async () => {
    const storage = new MongoStorage(conn);
    await storage.write({ gone: { v: 1 } });
    const before = (await storage.read(['gone'])).gone!;
    await storage.delete(['gone']);
    await storage.write({ gone: { v: 2 } });
    await expect(storage.write({ gone: { ...before, v: 3 } })).rejects.toBeInstanceOf(ETagConflictError);
    expect((await storage.read(['gone'])).gone!.v).toBe(2);
  });

  it('sets the new eTag on the written item, so saving twice in one turn works', async () => {
    const storage = new MongoStorage(conn);
    const item: StoreItem = { v: 1 };
    await storage.write({ twice: item });
    item.v = 2;
    await storage.write({ twice: item });
    expect((await storage.read(['twice'])).twice!.v).toBe(2);
  });
});
