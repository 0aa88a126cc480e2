import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/log.ts';
import { recordForReview, ReviewItems } from '../../src/domain/review/queue.ts';
import { openTestDb } from '../helpers/db.ts';
import { Chat, lastButtons, newBot } from '../helpers/chat.ts';

const conn = await openTestDb();
const bot = newBot(conn);
const NONSENSE = 'cho hỏi cái vụ giấy xanh đỏ ở xóm trên thế nào';

describe('messages the bot could not answer go to the staff review queue', () => {
  it('a message the bot is unsure about is kept once, with its guess and no other personal data', async () => {
    const chat = new Chat(bot, 'rq-unsure');
    const replies = await chat.say(NONSENSE);
    expect(lastButtons(replies)).toEqual(expect.arrayContaining(['Danh mục', 'Gặp cán bộ']));
    await chat.say('menu');
    await chat.say(NONSENSE.toUpperCase());
    const items = await ReviewItems(conn).find({ contactId: 'zalo:rq-unsure' }).lean();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ text: NONSENSE, reason: 'unsure', status: 'open', language: 'vi' });
    expect(typeof items[0]!.guessIntent).toBe('string');
    expect(Object.keys(items[0]!).sort()).toEqual(
      ['_id', 'contactId', 'createdAt', 'guessFaqId', 'guessIntent', 'guessScore', 'language', 'openKey', 'reason', 'status', 'text', 'textKey'].sort(),
    );
  });

  it('"Chưa ích" after an answer to a typed question keeps that question; after a tapped button nothing is kept', async () => {
    const chat = new Chat(bot, 'rq-unhelpful');
    const answer = await chat.say('vay von di han quoc duoc bao nhieu');
    expect(lastButtons(answer)).toContain('Chưa ích');
    await chat.say('Chưa ích');
    const items = await ReviewItems(conn).find({ contactId: 'zalo:rq-unhelpful' }).lean();
    expect(items).toEqual([expect.objectContaining({ text: 'vay von di han quoc duoc bao nhieu', reason: 'unhelpful', guessIntent: 'loans.bank', guessScore: null })]);

    const tapper = new Chat(bot, 'rq-tapper');
    await tapper.say('menu');
    await tapper.say('3');
    await tapper.say('Vay ngân hàng');
    await tapper.say('Chưa ích');
    expect(await ReviewItems(conn).countDocuments({ contactId: 'zalo:rq-tapper' })).toBe(0);
  });

  it('recording never fails the caller and never logs the text', async () => {
    const lines: string[] = [];
    const log = createLogger('warn', { write: (line: string) => void lines.push(line) });
    const bad = { contactId: '', text: 'số của tôi 0912345678', language: 'vi', reason: 'unsure', guess: { intent: 'x', faqId: null, score: 2 }, at: new Date() } as const;
    await expect(recordForReview(conn, bad, log)).resolves.toBeUndefined();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('could not record a message for review');
    expect(lines[0]).not.toContain('0912345678');
    expect(lines[0]).not.toContain('số của tôi');
  });
});
