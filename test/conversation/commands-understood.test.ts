import { describe, expect, it } from 'vitest';
import { featureDialogs } from '../../dialogs/index.ts';
import { openTestDb } from '../helpers/db.ts';
import { Chat, newBot, type Reply } from '../helpers/chat.ts';

const conn = await openTestDb();
const bot = newBot(conn, { featureDialogs });

/**
 * Commands never fail: each way people type a command (with or without diacritics, a typo,
 * polite words around it) does exactly what the command itself does.
 */
const commands: Record<string, readonly string[]> = {
  menu: ['Menu', 'MENU', 'menu nhé', 'mở menu', 'danh mục', 'danh muc', 'xem danh muc'],
  'đăng ký': ['Đăng ký', 'dang ky', 'dang ki', 'đăng kí', 'dky', 'dang kyy', 'cho minh dang ky voi', 'em muốn đăng ký ạ', 'toi muon dang ky', 'dang ky nhe ad'],
  'gặp cán bộ': ['Gặp cán bộ', 'gap can bo', 'gap can boo', 'cho em gặp cán bộ', 'toi muon gap can bo', 'gặp cán bộ ạ', 'gap nhan vien'],
  'xoá dữ liệu': ['xóa dữ liệu', 'xoa du lieu', 'xoa du lieu cua toi', 'xóa dữ liệu của tôi', 'cho minh xoa du lieu', 'xoa du lieuu'],
  huỷ: ['hủy', 'huy', 'Hủy bỏ', 'huy bo', 'thoát', 'dừng'],
  giúp: ['giup', 'trợ giúp', 'tro giup', 'help', 'hướng dẫn', 'huong dan'],
  'ngôn ngữ': ['ngon ngu', 'đổi ngôn ngữ', 'doi ngon ngu', 'language', 'cho minh doi ngon ngu', 'ngon nguu'],
  'hội nghị': ['hoi nghi', 'hội nghị sắp tới', 'hoi nghi sap toi', 'hoi ngi', 'cho xem hoi nghi'],
  'kế hoạch về nước': ['ke hoach ve nuoc', 'kế hoạch về nước của tôi', 'ke hoach ve nuoc cua toi', 'xem ke hoach ve nuoc', 'ke hoach ve nuoc nhe'],
};

/** What a person sees: texts and buttons. */
function seen(replies: Reply[]): string {
  return replies.map((r) => `${r.text} [${r.buttons.map((b) => b.title).join(' | ')}]`).join('\n');
}

let people = 0;
async function firstReplies(text: string): Promise<string> {
  return seen(await new Chat(bot, `cmd-${people++}`).say(text));
}

describe('commands, as people type them', () => {
  it('"đăng ký" starts the registration itself (its consent question), not an FAQ text', async () => {
    const replies = await new Chat(bot, 'reg-direct').say('đăng ký');
    const buttons = replies.at(-1)?.buttons.map((b) => b.title) ?? [];
    expect(buttons).toContain('Tôi đồng ý');
    expect(replies.map((r) => r.text).join(' ')).not.toContain('Nguồn:');
  });

  for (const [command, variants] of Object.entries(commands)) {
    it(`every way of typing "${command}" does what "${command}" does`, async () => {
      const expected = await firstReplies(command);
      for (const typed of variants) expect(await firstReplies(typed), typed).toBe(expected);
    });
  }

  it('inside the registration form, "huy" cancels it and "gap can bo" reaches staff', async () => {
    const chat = new Chat(bot, 'cmd-in-form');
    await chat.say('dang ky');
    expect(await chat.sayText('huy')).toMatch(/huỷ/i);
    const other = new Chat(bot, 'cmd-in-form-2');
    await other.say('dang ky');
    expect(await other.sayText('gap can bo')).toContain('Đã chuyển cuộc trò chuyện cho cán bộ');
  });

  it('a sentence that only contains a command word is still a question ("đăng ký vay vốn ở đâu")', async () => {
    const text = seen(await new Chat(bot, 'cmd-not').say('đăng ký vay vốn ngân hàng chính sách ở đâu'));
    expect(text).not.toContain('Tôi đồng ý');
  });
});
