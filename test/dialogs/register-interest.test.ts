import { Writable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'mongoose';
import { eraseMyDataDialog } from '../../dialogs/erase-my-data.ts';
import { registerInterestDialog } from '../../dialogs/register-interest.ts';
import { createLogger } from '../../src/core/log.ts';
import { ConversationStates } from '../../src/conversation/storage.ts';
import { Leads } from '../../src/domain/leads/model.ts';
import { Chat, appContext, lastButtons, manualClock, newBot, type Reply } from '../helpers/chat.ts';
import { openTestDb } from '../helpers/db.ts';

const features = { featureDialogs: [registerInterestDialog, eraseMyDataDialog] };
const START = 'dialog:registerInterest';
const all = (replies: Reply[]) => replies.map((r) => r.text).join('\n');

/** Every log line the bot writes, to check that no phone number or name reaches the logs. */
function captureLogs() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { log: createLogger('trace', sink), text: () => lines.join('') };
}

/** Answers the questions up to the summary; returns the summary replies. */
async function registerUpToSummary(chat: Chat, phone: string, name = 'nguyễn thị hoà'): Promise<Reply[]> {
  await chat.say(START);
  await chat.say('Tôi đồng ý');
  await chat.say(name);
  await chat.say('1998');
  await chat.say(phone);
  await chat.say('Xã Vũ Lăng');
  await chat.say('Nhật Bản');
  await chat.say('Xong');
  await chat.say('THPT (lớp 12)');
  await chat.say('ko');
  await chat.say('có');
  return chat.say('Không đồng ý');
}

describe('register-interest dialog', () => {
  let conn: Connection;
  const logs = captureLogs();
  beforeAll(async () => {
    conn = await openTestDb();
  });
  const bot = () => newBot(conn, { ...features, ctx: { ...appContext(conn, manualClock()), log: logs.log } });

  it('explains and asks consent first, then asks one question at a time and stores only after Save', async () => {
    const chat = new Chat(bot(), 'hoa', 'zalo');
    const consent = await chat.say(START);
    expect(all(consent)).toContain('Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15');
    expect(all(consent)).not.toContain('13/2023');
    expect(all(consent)).toContain('Xoá dữ liệu của tôi');
    expect(lastButtons(consent)).toEqual(['Tôi đồng ý', 'Không đồng ý']);
    expect(all(await chat.say('Tôi đồng ý'))).toContain('Họ và tên');
    expect(all(await chat.say('nguyễn thị hoà'))).toContain('sinh năm');

    const young = all(await chat.say('2015'));
    expect(young).toContain('đủ 18 tuổi');
    expect(young).toContain('sinh năm'); // the question is asked again
    expect(all(await chat.say('không nhớ'))).toContain('4 chữ số');
    expect(all(await chat.say('1998'))).toContain('Số điện thoại');

    const badPhone = all(await chat.say('0912 34'));
    expect(badPhone).toContain('10 chữ số');
    expect(badPhone).toContain('+84');
    const commune = await chat.say('+84 912.000.111');
    expect(lastButtons(commune)).toEqual(expect.arrayContaining(['Xã Bắc Sơn', 'Xã Vũ Lăng', 'Xã khác']));
    const markets = await chat.say('Xã Vũ Lăng');
    expect(lastButtons(markets)).toEqual(expect.arrayContaining(['Nhật Bản', 'Hàn Quốc', 'Xong']));
    expect(lastButtons(await chat.say('Nhật Bản'))).not.toContain('Nhật Bản');
    await chat.say('Đài Loan');
    expect(lastButtons(await chat.say('Xong'))).toContain('THPT (lớp 12)');
    expect(lastButtons(await chat.say('THPT (lớp 12)'))).toEqual(['Có', 'Không']);
    await chat.say('ko');
    const sensitive = await chat.say('có');
    expect(all(sensitive)).toContain('nhạy cảm');
    expect(all(await chat.say('đồng ý'))).toContain('dân tộc');
    await chat.say('Tày');
    const summary = all(await chat.say('Hộ nghèo'));
    expect(summary).toContain('Nguyễn Thị Hoà');
    expect(summary).toContain('Nhật Bản, Đài Loan');
    // The whole number, as people write it, so its owner can spot a typo (logs stay masked).
    expect(summary).toContain('0912 000 111');
    expect(await Leads(conn).countDocuments()).toBe(0);

    // Correct one answer from the summary, then come back to it.
    expect(lastButtons(await chat.say('Sửa'))).toContain('Nước muốn đi');
    await chat.say('Nước muốn đi');
    await chat.say('Hàn Quốc');
    expect(all(await chat.say('Xong'))).toContain('• Nước muốn đi: Hàn Quốc\n');
    expect(all(await chat.say('Lưu'))).toContain('Đã lưu');

    const lead = await Leads(conn).findOne({ contactIds: 'zalo:hoa' }).lean();
    expect(lead).toMatchObject({
      fullName: 'Nguyễn Thị Hoà',
      birthYear: 1998,
      phoneKey: '84912000111',
      communeId: 'vu_lang',
      markets: ['korea'],
      education: 'upper_secondary',
      hasPassport: false,
      wantsLoan: true,
      status: 'new',
      consent: { version: '2026-12-v2', channel: 'zalo' },
      sensitive: { ethnicity: 'Tày', householdCategory: 'poor', consentVersion: '2026-12-v2' },
    });
  });

  it('shows a registered person their record and updates it instead of creating a second lead', async () => {
    const chat = new Chat(bot(), 'hoa', 'zalo');
    const intro = await chat.say(START);
    expect(all(intro)).toContain('Bạn đã đăng ký rồi');
    expect(all(intro)).toContain('Nguyễn Thị Hoà');
    expect(lastButtons(intro)).toEqual(['Cập nhật', 'Giữ nguyên', 'Xoá dữ liệu']);
    await chat.say('Cập nhật');
    await chat.say('Năm sinh');
    await chat.say('1990');
    expect(all(await chat.say('Lưu'))).toContain('Đã cập nhật');
    const leads = await Leads(conn).find({ phoneKey: '84912000111' }).lean();
    expect(leads).toHaveLength(1);
    expect(leads[0]!.birthYear).toBe(1990);
    expect(leads[0]!.sensitive).toMatchObject({ ethnicity: 'Tày' });
  });

  it('merges a registration from Messenger with the same phone into the same lead', async () => {
    const chat = new Chat(bot(), 'hoa-fb', 'facebook');
    await registerUpToSummary(chat, '0912 000 111');
    expect(all(await chat.say('Lưu'))).toContain('Đã lưu');
    const leads = await Leads(conn).find({ phoneKey: '84912000111' }).lean();
    expect(leads).toHaveLength(1);
    expect([...leads[0]!.contactIds].sort()).toEqual(['messenger:hoa-fb', 'zalo:hoa']);
    // Declining the sensitive questions this time withdraws the earlier answers.
    expect(leads[0]!.sensitive).toBeUndefined();
  });

  it('understands typed answers instead of buttons: a former commune by name, a list of countries, 1/2 for yes/no', async () => {
    const chat = new Chat(bot(), 'typist', 'zalo');
    await chat.say(START);
    await chat.say('ok');
    await chat.say('Hà Văn Quý');
    await chat.say('sinh nam 1996');
    await chat.say('0386.000.555');
    await chat.say('Thôn Long Đống');
    expect(lastButtons(await chat.say('nhat, dai loan'))).toContain('THPT (lớp 12)');
    await chat.say('3');
    await chat.say('1');
    await chat.say('2');
    const summary = all(await chat.say('không'));
    // Long Đống was merged into xã Bắc Sơn (Resolution 1672).
    expect(summary).toContain('Xã Bắc Sơn');
    expect(summary).toContain('Nhật Bản, Đài Loan');
    expect(all(await chat.say('Lưu'))).toContain('Đã lưu');
    const lead = await Leads(conn).findOne({ contactIds: 'zalo:typist' }).lean();
    expect(lead).toMatchObject({ communeId: 'bac_son', markets: ['japan', 'taiwan'], education: 'upper_secondary', hasPassport: true, wantsLoan: false });
    expect(lead!.communeText).toBeUndefined();
  });

  it('ignores platform events mid-form and hands a message over as a new question after repeated unclear answers', async () => {
    const chat = new Chat(bot(), 'asker', 'zalo');
    await chat.say(START);
    await chat.say('đồng ý');
    expect(await chat.event('delivery')).toEqual([]);
    expect(all(await chat.say('Nguyễn Văn 1'))).toContain('không có số');
    expect(all(await chat.say('???'))).toContain('không có số');
    const rerouted = all(await chat.say('vay vốn đi Nhật ở đâu?'));
    expect(rerouted).not.toContain('Họ và tên');
    expect(rerouted.length).toBeGreaterThan(0);
    expect(await Leads(conn).countDocuments({ contactIds: 'zalo:asker' })).toBe(0);
  });

  it('stores nothing when the person cancels or declines consent', async () => {
    const cancel = new Chat(bot(), 'cancel', 'zalo');
    await cancel.say(START);
    await cancel.say('Tôi đồng ý');
    await cancel.say('Lò Văn Tú');
    await cancel.say('1995');
    await cancel.say('0977 000 333');
    await cancel.say('huỷ');
    const summaryCancel = new Chat(bot(), 'cancel2', 'zalo');
    await registerUpToSummary(summaryCancel, '0977 000 444');
    expect(all(await summaryCancel.say('Huỷ'))).toContain('Đã huỷ');
    const decline = new Chat(bot(), 'decline', 'zalo');
    await decline.say(START);
    expect(all(await decline.say('Không đồng ý'))).toContain('Không sao');
    expect(await Leads(conn).countDocuments({ contactIds: { $in: ['zalo:cancel', 'zalo:cancel2', 'zalo:decline'] } })).toBe(0);
    expect(await Leads(conn).countDocuments({ phoneKey: { $in: ['84977000333', '84977000444'] } })).toBe(0);
  });

  it('erases the person after confirmation when they write "xoa du lieu cua toi"', async () => {
    const chat = new Chat(bot(), 'hoa', 'zalo');
    const asked = await chat.say('xoa du lieu cua toi');
    expect(lastButtons(asked)).toEqual(['Xoá', 'Không xoá']);
    expect(all(await chat.say('Xoá'))).toContain('Đã xoá dữ liệu');
    const lead = await Leads(conn).findOne({ createdYear: 2026, erasedAt: { $exists: true } }).lean();
    expect(lead).not.toBeNull();
    expect(lead!.fullName).toBeUndefined();
    expect(await Leads(conn).countDocuments({ phoneKey: '84912000111' })).toBe(0);
    const keys = (await ConversationStates(conn).distinct('key')) as string[];
    expect(keys.filter((k) => k.includes('/hoa/') && k.includes('/users/'))).toEqual([]);
  });

  it('never writes a phone number or a name to the logs', () => {
    const text = logs.text();
    expect(text).toContain('lead saved');
    for (const secret of ['912000111', '0912 000 111', '977000333', '386000555', 'Hoà', 'Nguyễn', 'Lò Văn Tú', 'Hà Văn Quý', 'Long Đống']) expect(text.includes(secret), 'personal data in logs').toBe(false);
  });
});
