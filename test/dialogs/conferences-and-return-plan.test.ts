import { describe, expect, it } from 'vitest';
import { conferencesDialog } from '../../dialogs/conferences.ts';
import { returnPlanDialog } from '../../dialogs/return-plan.ts';
import { stopRemindersDialog } from '../../dialogs/stop-reminders.ts';
import { Deliveries } from '../../src/outbox/deliveries.ts';
import { Conferences, ConferenceSignups } from '../../src/domain/conferences.ts';
import { Contacts } from '../../src/domain/contacts.ts';
import { Placements } from '../../src/domain/placements/model.ts';
import { Chat, lastButtons, manualClock, newBot, type Reply } from '../helpers/chat.ts';
import { openTestDb } from '../helpers/db.ts';

const conn = await openTestDb();
const clock = manualClock(new Date('2026-11-24T03:00:00Z'));
const bot = newBot(conn, { featureDialogs: [conferencesDialog, returnPlanDialog, stopRemindersDialog] }, clock);
const all = (replies: Reply[]) => replies.map((r) => r.text).join('\n');

async function conference(title: string, startsAt: string, communeId: string) {
  const c = await Conferences(conn).create({
    title: { vi: title },
    startsAt: new Date(startsAt),
    place: { vi: `Nhà văn hoá ${communeId}` },
    communeId,
    markets: [],
    status: 'scheduled',
    version: 1,
    year: 2026,
  });
  return String(c._id);
}

describe('conferences in chat', () => {
  it('lists upcoming ones, signs up with one tap and cancels with the reminder button', async () => {
    const first = await conference('Hội nghị Nhật Bản', '2026-12-05T02:00:00Z', 'vu_lang');
    await conference('Hội nghị Hàn Quốc', '2026-12-20T02:00:00Z', 'bac_son');
    await conference('Hội nghị cũ', '2026-11-01T02:00:00Z', 'bac_son');
    const chat = new Chat(bot, 'conf-user', 'zalo');
    const list = await chat.say('hoi nghi');
    const text = all(list);
    expect(text).toContain('Hội nghị Nhật Bản');
    expect(text).toContain('Hội nghị Hàn Quốc');
    expect(text).not.toContain('Hội nghị cũ');
    expect(text.indexOf('Nhật Bản')).toBeLessThan(text.indexOf('Hàn Quốc'));
    const buttons = list.at(-1)!.buttons;
    expect(buttons).toHaveLength(2);

    const signed = all(await chat.say(buttons[0]!.value));
    expect(signed).toContain('Bạn đã đăng ký hội nghị "Hội nghị Nhật Bản"');
    expect(await ConferenceSignups(conn).findOne({ conferenceId: first, contactId: 'zalo:conf-user' }).lean()).toMatchObject({ status: 'signed_up' });
    expect(await Deliveries(conn).countDocuments({ subjectId: first, contactId: 'zalo:conf-user', status: 'pending' })).toBe(3);

    const cancelled = all(await chat.say('huỷ đăng ký hội nghị'));
    expect(cancelled).toContain('Đã huỷ đăng ký hội nghị "Hội nghị Nhật Bản"');
    expect(await ConferenceSignups(conn).findOne({ conferenceId: first, contactId: 'zalo:conf-user' }).lean()).toMatchObject({ status: 'cancelled' });
    expect(await Deliveries(conn).countDocuments({ subjectId: first, contactId: 'zalo:conf-user', status: 'pending' })).toBe(0);
  });
});

describe('stop reminders', () => {
  it('"dung nhac" turns reminders and nudges off, "bật nhắc" back on; plain "stop" does not', async () => {
    const chat = new Chat(bot, 'stop-user', 'zalo');
    await chat.say('xin chào');
    await chat.say('stop');
    expect((await Contacts(conn).findById('zalo:stop-user').lean())?.optOut?.reminders).toBeFalsy();
    expect(all(await chat.say('dung nhac'))).toContain('Đã tắt nhắc nhở');
    expect((await Contacts(conn).findById('zalo:stop-user').lean())?.optOut).toMatchObject({ reminders: true, nudges: true });
    expect(all(await chat.say('bật nhắc'))).toContain('Đã bật lại');
    expect((await Contacts(conn).findById('zalo:stop-user').lean())?.optOut).toMatchObject({ reminders: false, nudges: false });
  });
});

describe('return-home plan in chat', () => {
  it('a worker registers, then answers a nudge with a new contract and later "I am back home"', async () => {
    const chat = new Chat(bot, 'worker-1', 'messenger');
    const who = await chat.say('kế hoạch về nước');
    expect(all(who)).toContain('Đăng ký kế hoạch về nước');
    await chat.say('Cho tôi');
    await chat.say('Hàn Quốc');
    await chat.say('Seoul');
    expect(all(await chat.say('31/02/2027'))).toContain('Chưa hiểu ngày này');
    await chat.say('31/03/2027');
    await chat.say('bỏ qua');
    const summary = all(await chat.say('bỏ qua'));
    expect(summary).toContain('Xin kiểm tra kế hoạch về nước');
    expect(summary).toContain('• Số người nhà: không có');
    expect(await Placements(conn).countDocuments({ contactId: 'messenger:worker-1' })).toBe(0);
    const saved = all(await chat.say('luu'));
    expect(saved).toContain('hợp đồng hết hạn ngày 31/03/2027');
    const p = await Placements(conn).findOne({ contactId: 'messenger:worker-1' }).lean();
    expect(p).toMatchObject({ country: 'KR', city: 'Seoul', timeZone: 'Asia/Seoul', registeredBy: 'self', status: 'abroad', nudgeStep: 0 });
    expect(p?.consent?.version).toBe('return-plan-v1');
    expect((await Contacts(conn).findById('messenger:worker-1').lean())?.timeZone).toBe('Asia/Seoul');

    await chat.say('tôi có hợp đồng mới');
    expect(all(await chat.say('30/06/2028'))).toContain('30/06/2028');
    expect(await Placements(conn).findById(p!._id).lean()).toMatchObject({ status: 'extended', planVersion: 2 });

    clock.advanceHours(24 * 30);
    const home = await chat.say('tôi đã về nhà');
    expect(all(home)).toContain('Chào mừng bạn về nhà');
    expect(await Placements(conn).findById(p!._id).lean()).toMatchObject({ status: 'returned', returnedOnTime: true, nextNudgeAt: null });
  });

  it('a family member registers only with the worker\'s consent', async () => {
    const chat = new Chat(bot, 'family-1', 'zalo');
    await chat.say('kế hoạch về nước');
    await chat.say('Cho người thân');
    expect(all(await chat.say('không'))).toContain('Cần có sự đồng ý của người lao động');
    expect(await Placements(conn).countDocuments({ contactId: 'zalo:family-1' })).toBe(0);
    await chat.say('kế hoạch về nước');
    await chat.say('Cho người thân');
    await chat.say('có');
    await chat.say('Nước khác');
    await chat.say(`${(clock.now().getUTCHours() + 3) % 24}:00`);
    await chat.say('bỏ qua');
    await chat.say('01/09/2027');
    await chat.say('bỏ qua');
    const consent = await chat.say('0912 345 678');
    expect(all(consent)).toContain('đã đồng ý để cán bộ');
    expect(lastButtons(consent)).toEqual(['Có', 'Không']);
    const summary = all(await chat.say('co'));
    expect(summary).toContain('0912345678 (người nhà đã đồng ý được liên lạc)');
    expect(await Placements(conn).countDocuments({ contactId: 'zalo:family-1' })).toBe(0);
    await chat.say('Lưu');
    const p = await Placements(conn).findOne({ contactId: 'zalo:family-1' }).lean();
    expect(p).toMatchObject({
      registeredBy: 'family',
      country: 'other',
      timeZone: 'Etc/GMT-3',
      familyContact: '0912345678',
      familyContactConsent: { version: 'family-contact-v1', confirmedBy: 'family', at: clock.now() },
    });
    // A family member at home keeps their own zone.
    expect((await Contacts(conn).findById('zalo:family-1').lean())?.timeZone).toBeUndefined();
  });

  it("stores a relative's number only when the relative agreed to be contacted, and re-asks a number typed wrong", async () => {
    const chat = new Chat(bot, 'worker-2', 'zalo');
    await chat.say('ke hoach ve nuoc');
    await chat.say('cho toi');
    await chat.say('dai loan');
    await chat.say('bo qua');
    await chat.say('15/03/2027');
    await chat.say('bo qua');
    expect(all(await chat.say('09l2 345 678'))).toContain('Số điện thoại chưa đúng');
    await chat.say('0912 345 679');
    expect(all(await chat.say('ko'))).toContain('không lưu số này');
    // The summary comes after the answer either way; the number is not on it.
    const p0 = await Placements(conn).countDocuments({ contactId: 'zalo:worker-2' });
    expect(p0).toBe(0);
    await chat.say('Lưu');
    const p = await Placements(conn).findOne({ contactId: 'zalo:worker-2' }).lean();
    expect(p).toMatchObject({ country: 'TW', registeredBy: 'self' });
    expect(p!.familyContact).toBeUndefined();
    expect(p!.familyContactConsent).toBeUndefined();

    const cancelled = new Chat(bot, 'worker-3', 'zalo');
    await cancelled.say('ke hoach ve nuoc');
    await cancelled.say('cho toi');
    await cancelled.say('nhat ban');
    await cancelled.say('bo qua');
    await cancelled.say('15/03/2027');
    await cancelled.say('bo qua');
    await cancelled.say('bo qua');
    expect(all(await cancelled.say('huy'))).toContain('huỷ');
    expect(await Placements(conn).countDocuments({ contactId: 'zalo:worker-3' })).toBe(0);
  });
});
