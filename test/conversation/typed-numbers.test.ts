import { describe, expect, it } from 'vitest';
import { openTestDb } from '../helpers/db.ts';
import { Chat, lastButtons, newBot, type Reply } from '../helpers/chat.ts';

const conn = await openTestDb();
const bot = newBot(conn);
const texts = (replies: Reply[]) => replies.map((r) => r.text);

// Zalo PC and web show buttons as a numbered list only: "3" must do what tapping the third would.
describe('a number typed for a button shown outside a question', () => {
  it('under an answer, "3" is the third button (a related question), as its title would be', async () => {
    const byNumber = new Chat(bot, 'numbers-1');
    const third = lastButtons(await byNumber.say('vay ngan hang'))[2]!;
    const byTitle = new Chat(bot, 'numbers-2');
    await byTitle.say('vay ngan hang');
    const expected = texts(await byTitle.say(third));
    expect(expected[0]).toMatch(/Nguồn: /);
    expect(texts(await byNumber.say('3'))).toEqual(expected);
  });

  it('a number beyond the buttons shown is taken as typed', async () => {
    const chat = new Chat(bot, 'numbers-3');
    const buttons = lastButtons(await chat.say('vay ngan hang'));
    const reply = await chat.say(String(buttons.length + 1));
    expect(texts(reply).join('\n')).not.toMatch(/Nguồn: Nghị định 338/);
  });

  it('after "huỷ" with nothing running, "1" is its one button (the menu)', async () => {
    const chat = new Chat(bot, 'numbers-4');
    const stopped = await chat.say('huỷ');
    expect(lastButtons(stopped)).toHaveLength(1);
    const byTitle = new Chat(bot, 'numbers-5');
    await byTitle.say('huỷ');
    const expected = texts(await byTitle.say(lastButtons(stopped)[0]!));
    expect(texts(await chat.say('1'))).toEqual(expected);
  });
});
