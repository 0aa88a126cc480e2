import { describe, expect, it } from 'vitest';
import { manualClock } from '../../bench/in-process.ts';
import { featureDialogs } from '../../dialogs/index.ts';
import { withoutStrayYesNo } from '../../dialogs/faq-answer.ts';
import { Deliveries } from '../../src/outbox/deliveries.ts';
import { Contacts } from '../../src/domain/contacts.ts';
import { Handoffs, listOpenHandoffs } from '../../src/domain/handoffs.ts';
import { openTestDb } from '../helpers/db.ts';
import { api, startTestService } from '../helpers/service.ts';
import { Chat, lastButtons, newBot } from '../helpers/chat.ts';

const conn = await openTestDb();

describe('thanks, goodbyes and "ok"', () => {
  it('get one short line, not the greeting and the menu or "I did not understand"', async () => {
    const chat = new Chat(newBot(conn), 'courtesy');
    for (const [said, line] of [
      ['cảm ơn cháu nhé', 'Không có gì ạ.'],
      ['dc roi cam on nhe', 'Không có gì ạ.'],
      ['ok', 'Vâng.'],
      ['vâng ạ', 'Vâng.'],
      ['tam biet nhe', 'Chúc bạn và gia đình mạnh khoẻ.'],
    ] as const) {
      const replies = await chat.say(said);
      expect(replies, said).toHaveLength(1);
      expect(replies[0]!.text, said).toMatch(new RegExp(`^${line}`));
      expect(replies[0]!.buttons, said).toEqual([]);
    }
  });

  it('a thank-you with a question in it is answered as the question', async () => {
    const chat = new Chat(newBot(conn), 'courtesy-question');
    const text = await chat.sayText('cam on, cho hoi vay von ngan hang di han quoc duoc bao nhieu');
    expect(text).toContain('Ngân hàng Chính sách xã hội');
  });
});

describe('an answer opens with yes or no only when that was the question', () => {
  const answer = 'Đúng. Hàn Quốc đã nhiều lần dừng tuyển ở những địa phương có nhiều người bỏ trốn.';
  const question = 'Người đi Hàn bỏ trốn thì địa phương bị cấm tuyển có đúng không?';
  it('drops "Đúng." for a question asked about something else, keeps it for the same question or a tap', () => {
    expect(withoutStrayYesNo(answer, question, 'nếu ở lại thì người nhà có sao không')).toBe('Hàn Quốc đã nhiều lần dừng tuyển ở những địa phương có nhiều người bỏ trốn.');
    expect(withoutStrayYesNo(answer, question, 'người đi hàn bỏ trốn thì địa phương bị cấm tuyển đúng không')).toBe(answer);
    expect(withoutStrayYesNo(answer, question, undefined)).toBe(answer);
  });
});

describe('talking to staff', () => {
  it('while staff have the conversation, "menu" and "xoá dữ liệu" still work and hand it back to the bot; other messages wait for staff', async () => {
    const clock = manualClock();
    const chat = new Chat(newBot(conn, { featureDialogs }, clock), 'handoff-escape');
    const handed = await chat.sayText('gặp cán bộ');
    expect(handed).toContain('gõ "menu"');
    expect(await chat.say('cho hỏi vay vốn')).toEqual([]);
    const menu = await chat.say('menu');
    expect(menu.at(-1)!.text).toBe('Bạn muốn tìm hiểu về điều gì?');
    expect(await listOpenHandoffs(conn, clock.now())).toEqual([]);
    expect((await Handoffs(conn).find({ contactId: 'zalo:handoff-escape' }).lean()).map((h) => h.status)).toEqual(['released']);

    await chat.say('gặp cán bộ');
    const erase = await chat.say('xoá dữ liệu của tôi');
    expect(erase.map((r) => r.text).join('\n')).toMatch(/xoá|xóa/i);
    expect(lastButtons(erase).length).toBeGreaterThan(0);
  });

  it('when staff release the person, the person is told the bot answers again, once', async () => {
    const svc = await startTestService(conn);
    const chat = new Chat(newBot(conn), 'handoff-told');
    await chat.say('gặp cán bộ');
    expect((await Contacts(conn).findById('zalo:handoff-told').lean())?.handoffUntil).toBeInstanceOf(Date);
    expect((await api(svc.base, 'POST', '/api/handoffs/zalo:handoff-told/release')).status).toBe(204);
    expect((await api(svc.base, 'POST', '/api/handoffs/zalo:handoff-told/release')).status).toBe(404);
    const notices = await Deliveries(conn).find({ contactId: 'zalo:handoff-told' }).lean();
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ kind: 'handoff_release', status: 'pending', purpose: 'notice' });
    expect(notices[0]!.text!.vi).toContain('Trợ lý tự động trả lời bạn trở lại');
  });
});
