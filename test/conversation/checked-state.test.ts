import { TestAdapter, TurnContext } from 'botbuilder-core';
import { describe, expect, it } from 'vitest';
import { CheckedConversationState } from '../../src/conversation/checked-state.ts';
import { eraseBotState } from '../../src/conversation/erase-state.ts';
import { ETagConflictError, MongoStorage } from '../../src/conversation/storage.ts';
import { openTestDb, testDbName } from '../helpers/db.ts';
import { Chat, newBot } from '../helpers/chat.ts';

const dbName = testDbName();
const connA = await openTestDb(dbName);
const connB = await openTestDb(dbName);

function turnFor(conversation: string): TurnContext {
  return new TurnContext(new TestAdapter(), {
    type: 'message',
    channelId: 'zalo',
    conversation: { id: conversation, isGroup: false, conversationType: 'personal', name: '' },
    from: { id: conversation, name: '' },
    recipient: { id: 'bot', name: '' },
    text: 'hi',
  });
}

describe('eTag-checked conversation state', () => {
  it('of two overlapping turns on one conversation in two service copies, the later save fails instead of silently overwriting', async () => {
    const copyA = new CheckedConversationState(new MongoStorage(connA));
    const copyB = new CheckedConversationState(new MongoStorage(connB));
    const counterA = copyA.createProperty<number>('counter');
    const counterB = copyB.createProperty<number>('counter');

    const setup = turnFor('race');
    await counterA.set(setup, 1);
    await copyA.saveChanges(setup);

    const turnA = turnFor('race');
    const turnB = turnFor('race');
    await counterA.set(turnA, (await counterA.get(turnA, 0)) + 1);
    await counterB.set(turnB, (await counterB.get(turnB, 0)) + 1);
    await copyA.saveChanges(turnA);
    await expect(copyB.saveChanges(turnB)).rejects.toBeInstanceOf(ETagConflictError);

    const check = turnFor('race');
    expect(await counterA.get(check)).toBe(2);
  });

  it('saving twice in one turn, and saving unchanged state, both work', async () => {
    const state = new CheckedConversationState(new MongoStorage(connA));
    const prop = state.createProperty<string>('step');
    const turn = turnFor('twice');
    await prop.set(turn, 'one');
    await state.saveChanges(turn);
    await prop.set(turn, 'two');
    await state.saveChanges(turn);
    await state.saveChanges(turn);
    expect(await prop.get(turnFor('twice'))).toBe('two');
  });
});

describe('eraseBotState', () => {
  it('forgets the dialog state and language of one person only', async () => {
    const bot = newBot(connA);
    const erased = new Chat(bot, 'erase-me', 'facebook');
    const kept = new Chat(bot, 'keep-me', 'facebook');
    for (const chat of [erased, kept]) {
      await chat.say('dialog:language');
      await chat.say('English');
    }
    await eraseBotState(connA, 'messenger:erase-me');
    const rows = await connA.collection('conversationstateversions').find({ key: { $regex: 'erase-me' } }).toArray();
    expect(rows).toEqual([]);
    expect((await kept.say('menu')).at(-1)!.text).toBe('What would you like to know about?');
  });
});
