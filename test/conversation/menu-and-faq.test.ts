import { describe, expect, it } from 'vitest';
import { foldDiacritics } from '../../src/content/normalize.ts';
import { openTestDb } from '../helpers/db.ts';
import { Chat, content, lastButtons, newBot } from '../helpers/chat.ts';

const conn = await openTestDb();
const bot = newBot(conn);

describe('main menu', () => {
  it('"menu" shows the nine main buttons; a number opens the submenu; a title typed without diacritics answers with a source', async () => {
    const chat = new Chat(bot, 'menu-user');
    const menu = await chat.say('menu');
    expect(menu.at(-1)!.text).toBe('Bạn muốn tìm hiểu về điều gì?');
    expect(lastButtons(menu)).toEqual([
      'Thị trường',
      'Chi phí, phí',
      'Vay vốn',
      'Quyền lợi, trợ giúp',
      'Giấy tờ, thủ tục',
      'Hội nghị tư vấn',
      'Đăng ký tư vấn',
      'Gặp cán bộ',
      'Ngôn ngữ',
    ]);

    const loans = await chat.say('3');
    expect(loans.at(-1)!.text).toBe('Về vay vốn và hỗ trợ, bạn muốn biết gì?');
    expect(lastButtons(loans)).toEqual(['Tính khoản vay', 'Vay ngân hàng', 'Hỗ trợ của Nhà nước', 'Về danh mục']);

    const answer = await chat.say('vay ngan hang');
    const bank = content().faq.find((e) => e.intent === 'loans.bank')!;
    expect(answer[0]!.text).toContain(bank.answer.vi.slice(0, 40));
    expect(answer[0]!.text).toMatch(/\nNguồn: .+/);
    expect(lastButtons(answer)).toEqual(expect.arrayContaining(['Có ích', 'Chưa ích', 'Danh mục']));
  });

  it('"Về danh mục" in a submenu goes back to the main menu', async () => {
    const chat = new Chat(bot, 'back-user');
    await chat.say('menu');
    await chat.say('1');
    const back = await chat.say('Về danh mục');
    expect(back.at(-1)!.text).toBe('Bạn muốn tìm hiểu về điều gì?');
  });

  it('greets a newcomer (Get Started) with the operator name and the menu', async () => {
    const chat = new Chat(bot, 'new-user');
    const replies = await chat.event('getStarted');
    expect(replies[0]!.text).toContain(content().operator.name.vi);
    expect(lastButtons(replies)).toContain('Thị trường');
  });
});

describe('FAQ answers', () => {
  const groups = content().faq.filter((e) => e.factual);
  const intents = [...new Set(groups.map((e) => e.intent))];

  it.each(intents)('the %s button answers with its source line', async (intent) => {
    const chat = new Chat(bot, `faq-${intent}`);
    const replies = await chat.say(`intent:${intent}`);
    expect(replies[0]!.text).toMatch(/\nNguồn: \S.+$/);
  });

  it('a question typed without diacritics is answered, with its source', async () => {
    const chat = new Chat(bot, 'free-text');
    const text = await chat.sayText('vay von di han quoc duoc bao nhieu');
    expect(text).toMatch(/Nguồn: /);
  });

  it('"was this helpful?" is recorded and thanked; "not helpful" offers staff', async () => {
    const chat = new Chat(bot, 'feedback');
    await chat.say('intent:fees.deposit');
    expect(await chat.sayText('1')).toBe('Cảm ơn bạn! Bạn có thể hỏi tiếp bất cứ lúc nào.');
    await chat.say('intent:fees.deposit');
    const sorry = await chat.say('chua ich');
    expect(lastButtons(sorry)).toEqual(['Gặp cán bộ', 'Danh mục']);
    const stored = await conn.collection('faqfeedbacks').find({}).toArray();
    expect(stored.map((f) => f.helpful).sort()).toEqual([false, true]);
  });

  it('related questions are buttons that answer that question', async () => {
    const withRelated = content().faq.find((e) => (e.related ?? []).length > 0)!;
    const related = content().faq.find((e) => e.id === withRelated.related![0])!;
    const chat = new Chat(bot, 'related');
    const first = await chat.say(`faq:${withRelated.id}`);
    const index = first.at(-1)!.buttons.findIndex((b) => b.value === `faq:${related.id}`);
    expect(index).toBeGreaterThan(1);
    const second = await chat.say(String(index + 1));
    expect(second[0]!.text).toContain(related.answer.vi.slice(0, 40));
  });

  it('a new question typed instead of pressing a button is answered as a new question', async () => {
    const chat = new Chat(bot, 'reroute');
    await chat.say('intent:fees.deposit');
    const text = await chat.sayText(foldDiacritics(content().faq.find((e) => e.intent === 'safety.scams')!.question.vi));
    expect(text).toContain('Nguồn: ');
  });

  it('a message with two questions answers the first and offers the second as the first button', async () => {
    const chat = new Chat(bot, 'two-questions');
    const replies = await chat.say('Lãi suất vay vốn đi Hàn là bao nhiêu? Còn tiền ký quỹ đi Hàn có phải nộp không?');
    expect(replies.map((r) => r.text).join('\n')).toContain('Nguồn:');
    const deposit = content().faq.find((e) => e.id === 'fees.deposit.caps')!.question.vi;
    const buttons = lastButtons(replies);
    expect(buttons.slice(0, 2)).toEqual(['Có ích', 'Chưa ích']);
    expect(buttons[2]!.replace('…', '')).toBe(deposit.slice(0, buttons[2]!.replace('…', '').length));
  });

  it('when not confident it says so and offers the menu and staff, without answering', async () => {
    const chat = new Chat(bot, 'unsure');
    const replies = await chat.say('qwrtp zxcvb');
    const text = replies.map((r) => r.text).join('\n');
    expect(text).toMatch(/chưa (hiểu|chắc)/);
    expect(text).not.toContain('Nguồn:');
    expect(lastButtons(replies)).toEqual(expect.arrayContaining(['Danh mục', 'Gặp cán bộ']));
  });
});
