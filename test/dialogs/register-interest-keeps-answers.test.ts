import { Writable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'mongoose';
import { eraseMyDataDialog } from '../../dialogs/erase-my-data.ts';
import { registerInterestDialog } from '../../dialogs/register-interest.ts';
import { resolveChoice } from '../../src/conversation/choices.ts';
import { createLogger } from '../../src/core/log.ts';
import { LeadDrafts } from '../../src/domain/leads/drafts.ts';
import { Leads } from '../../src/domain/leads/model.ts';
import { Chat, appContext, lastButtons, manualClock, newBot, type Reply } from '../helpers/chat.ts';
import { openTestDb } from '../helpers/db.ts';

/**
 * Issue 13, played as people on cheap phones type: one record per person whatever number they
 * give, forms that keep what was typed, the full number shown to its owner only, communes by
 * their old names.
 */
const features = { featureDialogs: [registerInterestDialog, eraseMyDataDialog] };
const all = (replies: Reply[]) => replies.map((r) => r.text).join('\n');

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

/** From "đăng ký" to the summary, answering as typed on a phone without diacritics. */
async function typeUpToSummary(chat: Chat, phone: string, name = 'nguyễn thị hoà'): Promise<Reply[]> {
  await chat.say('dang ky');
  await chat.say('dong y');
  await chat.say(name);
  await chat.say('1998');
  await chat.say(phone);
  await chat.say('vu lang');
  await chat.say('nhat');
  await chat.say('xong');
  await chat.say('lop 12');
  await chat.say('ko');
  await chat.say('co');
  return chat.say('khong dong y');
}

describe('one person, one record', () => {
  let conn: Connection;
  beforeAll(async () => {
    conn = await openTestDb();
  });

  it('changing the phone twice updates the same lead, and erasing leaves nothing personal in any collection', async () => {
    const chat = new Chat(newBot(conn, features), 'mover', 'zalo');
    await typeUpToSummary(chat, '0912 000 111');
    expect(all(await chat.say('luu'))).toContain('Đã lưu');

    for (const phone of ['0977 000 222', '+84 386 000 333']) {
      const intro = await chat.say('dang ky');
      expect(lastButtons(intro)).toContain('Cập nhật');
      // Typed, not pressed: the field named goes straight to its question.
      expect(all(await chat.say('doi so dien thoai'))).toContain('Số điện thoại');
      const summary = all(await chat.say(phone));
      expect(summary).toContain('Xin kiểm tra');
      expect(all(await chat.say('Lưu'))).toContain('Đã cập nhật');
    }
    const leads = await Leads(conn).find({}).lean();
    expect(leads).toHaveLength(1);
    expect(leads[0]).toMatchObject({ phoneKey: '84386000333', fullName: 'Nguyễn Thị Hoà', contactIds: ['zalo:mover'] });
    expect(leads[0]!.phoneHistory!.map((h) => h.phoneKey)).toEqual(['84912000111', '84977000222']);

    await chat.say('xoa du lieu cua toi');
    expect(all(await chat.say('Xoá'))).toContain('Đã xoá dữ liệu');

    const secrets = ['912000111', '977000222', '386000333', 'Hoà', 'hoà', 'nguyen thi hoa'];
    const collections = await conn.db!.listCollections().toArray();
    expect(collections.length).toBeGreaterThan(3);
    for (const { name } of collections) {
      const docs = JSON.stringify(await conn.db!.collection(name).find({}).toArray());
      for (const secret of secrets) expect(docs.includes(secret), `${secret} left in ${name}`).toBe(false);
    }
    expect(await Leads(conn).countDocuments({ erasedAt: { $exists: true } })).toBe(1);
  });

  it('does not take over a number that is another lead: the person is offered staff, nothing changes', async () => {
    const other = new Chat(newBot(conn, features), 'other-fb', 'facebook');
    await typeUpToSummary(other, '0945 000 555', 'lò văn tú');
    await other.say('Lưu');
    const chat = new Chat(newBot(conn, features), 'second', 'zalo');
    await typeUpToSummary(chat, '0945 000 666', 'lò văn tú');
    await chat.say('Lưu');
    await chat.say('dang ky');
    await chat.say('Điện thoại');
    await chat.say('0945 000 555');
    const refused = await chat.say('Lưu');
    expect(all(refused)).toContain('đã có trong một hồ sơ đăng ký khác');
    expect(lastButtons(refused)).toEqual(expect.arrayContaining(['Sửa', 'Gặp cán bộ']));
    expect(await Leads(conn).countDocuments({ phoneKey: { $in: ['84945000555', '84945000666'] } })).toBe(2);
    expect((await Leads(conn).findOne({ contactIds: 'zalo:second' }).lean())!.phoneKey).toBe('84945000666');
  });
});

describe('forms keep what was typed', () => {
  let conn: Connection;
  const clock = manualClock();
  const logs = captureLogs();
  beforeAll(async () => {
    conn = await openTestDb();
  });
  const bot = () => newBot(conn, { ...features, ctx: { ...appContext(conn, clock), log: logs.log } });

  it('reads buttons in any typed form', () => {
    const levels = ['Tiểu học', 'THCS (lớp 9)', 'THPT (lớp 12)', 'Trung cấp/Cao đẳng', 'Đại học', 'Chưa đi học'].map((title, i) => ({ value: `level${i}`, title }));
    expect(resolveChoice('lop 9', levels)?.title).toBe('THCS (lớp 9)');
    expect(resolveChoice('cao dang', levels)?.title).toBe('Trung cấp/Cao đẳng');
    expect(resolveChoice('2', levels)?.title).toBe('THCS (lớp 9)');
    const knows = [{ value: 'yes', title: 'Có' }, { value: 'no', title: 'Không' }, { value: 'unknown', title: 'Không biết' }];
    for (const typed of ['ko biet', 'k bit', 'khong bik', 'Không biết']) expect(resolveChoice(typed, knows)?.value, typed).toBe('unknown');
    expect(resolveChoice('ko', knows)?.value).toBe('no');
    // A word two buttons share picks neither; diacritics typed must be the button's own.
    expect(resolveChoice('hoc', levels)).toBeUndefined();
    expect(resolveChoice('đúng', [{ value: 'stop', title: 'Dừng' }])).toBeUndefined();
  });

  it('re-asks once, then offers the ways out; "để sau" keeps the answers and "tiếp tục đăng ký" goes on', async () => {
    const chat = new Chat(bot(), 'later', 'zalo');
    await chat.say('dang ky');
    await chat.say('dong y');
    await chat.say('hà văn quý');
    await chat.say('1996');
    await chat.say('0386 000 777');
    await chat.say('long dong');
    await chat.say('han');
    await chat.say('xong');
    const first = await chat.say('hết cấp');
    expect(lastButtons(first)).toContain('THCS (lớp 9)');
    expect(lastButtons(first)).not.toContain('Để sau');
    const second = await chat.say('hết cấp 2 rồi');
    expect(all(second)).toContain('Để sau');
    expect(lastButtons(second)).toEqual(expect.arrayContaining(['THCS (lớp 9)', 'Gặp cán bộ', 'Để sau']));
    expect(lastButtons(second)).not.toContain('Bỏ qua'); // education is not optional
    expect(all(await chat.say('Để sau'))).toContain('tiếp tục đăng ký');
    expect(await Leads(conn).countDocuments({ contactIds: 'zalo:later' })).toBe(0);
    expect(await LeadDrafts(conn).countDocuments({ _id: 'zalo:later' })).toBe(1);

    // Something else in between, then the menu's entry offers to go on.
    await chat.say('menu');
    const offer = await chat.say('dang ky');
    expect(all(offer)).toContain('chưa xong');
    expect(all(offer)).toContain('Hà Văn Quý');
    expect(lastButtons(offer)).toEqual(['Tiếp tục', 'Làm lại từ đầu']);
    expect(lastButtons(await chat.say('tiep tuc'))).toContain('THCS (lớp 9)');
    await chat.say('menu');

    // Three days later, straight back to the question where it stopped.
    clock.advanceHours(72);
    const resumed = await chat.say('tiep tuc dang ky');
    expect(all(resumed)).toContain('Trình độ học vấn');
    await chat.say('lop 9');
    await chat.say('k');
    await chat.say('co');
    await chat.say('dong y');
    await chat.say('Nùng');
    const skipOffered = await chat.say('ko bit');
    const skipOffered2 = await chat.say('?? ko ro');
    expect(lastButtons(skipOffered)).not.toContain('Bỏ qua');
    expect(lastButtons(skipOffered2)).toEqual(expect.arrayContaining(['Bỏ qua', 'Gặp cán bộ', 'Để sau']));
    const summary = all(await chat.say('bo qua'));
    // The full number, to its owner: a typo can be seen.
    expect(summary).toContain('0386 000 777');
    expect(summary).toContain('Xã Bắc Sơn');
    expect(summary).toContain('THCS (lớp 9)');
    expect(all(await chat.say('luu'))).toContain('0386 000 777');
    expect(await Leads(conn).findOne({ contactIds: 'zalo:later' }).lean()).toMatchObject({
      communeId: 'bac_son',
      markets: ['korea'],
      education: 'lower_secondary',
      hasPassport: false,
      wantsLoan: true,
      sensitive: { ethnicity: 'Nùng' },
    });
    expect(await LeadDrafts(conn).countDocuments({ _id: 'zalo:later' })).toBe(0);
  });

  it('hands a question over after unclear answers, saying the answers are kept', async () => {
    const chat = new Chat(bot(), 'asker', 'zalo');
    await chat.say('dang ky');
    await chat.say('dong y');
    await chat.say('Nông Văn Dũng');
    await chat.say('không nhớ');
    await chat.say('quên rồi');
    const rerouted = all(await chat.say('vay vốn đi Nhật ở đâu?'));
    expect(rerouted).toContain('tiếp tục đăng ký');
    expect(rerouted).not.toContain('sinh năm nào');
    const resumed = all(await chat.say('tiếp tục đăng ký'));
    expect(resumed).toContain('sinh năm nào');
  });

  it('"huỷ" forgets the draft; a draft untouched for a week is not offered', async () => {
    const cancel = new Chat(bot(), 'cancel', 'zalo');
    await cancel.say('dang ky');
    await cancel.say('dong y');
    await cancel.say('Lý Thị Mai');
    await cancel.say('huỷ');
    expect(await LeadDrafts(conn).countDocuments({ _id: 'zalo:cancel' })).toBe(0);

    const old = new Chat(bot(), 'old', 'zalo');
    await old.say('dang ky');
    await old.say('dong y');
    await old.say('Hoàng Văn Nam');
    await old.say('menu');
    expect(await LeadDrafts(conn).countDocuments({ _id: 'zalo:old' })).toBe(1);
    clock.advanceHours(24 * 8);
    const fresh = await old.say('dang ky');
    expect(all(fresh)).not.toContain('chưa xong');
    expect(lastButtons(fresh)).toEqual(['Tôi đồng ý', 'Không đồng ý']);
    expect(await LeadDrafts(conn).countDocuments({ _id: 'zalo:old' })).toBe(0);
  });

  it('maps the six communes and every former one, typed any way; only unknown places become "other"', async () => {
    const cases: [string, string, string | undefined][] = [
      ['long dong', 'bac_son', undefined],
      ['Thị trấn Bắc Sơn', 'bac_son', undefined],
      ['xa chieu vu', 'vu_lang', undefined],
      ['Vạn Thuỷ', 'tan_tri', undefined],
      ['nhat hoa', 'nhat_hoa', undefined],
      ['Hữu Lũng', 'other', 'Hữu Lũng'],
    ];
    for (const [i, [typed, communeId, communeText]] of cases.entries()) {
      const chat = new Chat(bot(), `commune-${i}`, 'zalo');
      await chat.say('dang ky');
      await chat.say('dong y');
      await chat.say('Mã Văn Sinh');
      await chat.say('1990');
      await chat.say(`0912 000 9${String(i).padStart(2, '0')}`);
      await chat.say(typed);
      await chat.say('Nhật Bản, Hàn Quốc');
      await chat.say('1');
      await chat.say('1');
      await chat.say('1');
      await chat.say('2');
      await chat.say('Lưu');
      const lead = await Leads(conn).findOne({ contactIds: `zalo:commune-${i}` }).lean();
      expect(lead, typed).toMatchObject({ communeId });
      expect(lead!.communeText, typed).toBe(communeText);
    }
  });

  it('never writes a phone number or a name to the logs', () => {
    const text = logs.text();
    expect(text).toContain('lead saved');
    for (const secret of ['386000777', '0386 000 777', 'Quý', 'Hà Văn', 'Nùng', 'Lý Thị Mai', '912000900']) expect(text.includes(secret), 'personal data in logs').toBe(false);
  });
});
