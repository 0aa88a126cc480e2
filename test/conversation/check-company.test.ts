import { beforeAll, describe, expect, it } from 'vitest';
import { checkCompanyDialog } from '../../dialogs/check-company.ts';
import { seedCompaniesIfEmpty } from '../../src/domain/companies/seed.ts';
import { openTestDb } from '../helpers/db.ts';
import { appContext, Chat, content, lastButtons, newBot } from '../helpers/chat.ts';

/**
 * "Is this company licensed?" from the chat, against the list shipped in content/companies (a
 * made-up SAMPLE, which every answer must say). The name is taken from the question itself, with
 * or without diacritics, "cty", "TNHH", "XKLĐ" and the like around it.
 */
const conn = await openTestDb();
const bot = newBot(conn, { featureDialogs: [checkCompanyDialog] });
const dolab = content().operator.hotlines.find((h) => h.id === 'dolab')!.number;

beforeAll(async () => {
  await seedCompaniesIfEmpty(appContext(conn));
});

/** The replies of one message, as one text, and the buttons of the last reply. */
async function ask(user: string, text: string) {
  const replies = await new Chat(bot, user).say(text);
  return { text: replies.map((r) => r.text).join('\n'), buttons: lastButtons(replies) };
}

describe('checking a company from the chat', () => {
  it('a licensed company asked with diacritics and "công ty TNHH": its licence, the list date, what to check besides, the source', async () => {
    const { text, buttons } = await ask('cc-found-vi', 'Công ty TNHH Sao Khuê có giấy phép không?');
    expect(text).toContain('Công ty Cổ phần Nhân lực Quốc tế Sao Khuê CÓ trong danh sách doanh nghiệp được cấp giấy phép');
    expect(text).toContain('Giấy phép số MẪU-001/GP, cấp ngày 15/03/2022. Tình trạng: đang hoạt động.');
    expect(text).toContain('danh sách ngày 04/12/2026');
    expect(text).toContain('đơn hàng phải được Bộ chấp thuận');
    expect(text).toContain('chỉ nộp tiền dịch vụ sau khi đã ký hợp đồng');
    // The shipped list is made up: the answer must not pass for the official list.
    expect(text).toContain('danh sách MẪU');
    expect(text).toContain('KHÔNG phải danh sách chính thức');
    const last = text.split('\n').at(-1)!;
    expect(last).toMatch(/^Nguồn: Danh sách MẪU.*04\/12\/2026.*Luật 69\/2020\/QH14/);
    expect(buttons).toEqual(['Tra công ty khác', 'Gặp cán bộ', 'Danh mục']);
  });

  it('the same company without diacritics, with "cty", in teencode, or by its short name or licence number', async () => {
    for (const question of ['cty sao khue co giay phep ko', 'cty TNHH XKLD Sao Khue co phep k ad', 'SAO KHUE HR co giay phep ko', 'cty co so giay phep MẪU-001/GP co that khong']) {
      const { text } = await ask(`cc-found-${question.length}`, question);
      expect(text, question).toContain('Sao Khuê CÓ trong danh sách');
    }
    const bmx = await ask('cc-short', 'cong ty BMX co giay phep khong');
    expect(bmx.text).toContain('Công ty TNHH Thương mại và Dịch vụ Bình Minh Xanh CÓ trong danh sách');
  });

  it('a revoked company is a plain warning: do not pay, where to report', async () => {
    const { text } = await ask('cc-revoked', 'cty Hong Lam co uy tin ko');
    expect(text).toContain('CẢNH BÁO: Công ty TNHH Một thành viên Cung ứng Nhân lực Hồng Lam đã BỊ THU HỒI giấy phép');
    expect(text).toContain('đừng nộp tiền');
    expect(text).toContain(dolab);
    expect(text).not.toContain('CÓ trong danh sách');
    expect(text.split('\n').at(-1)).toMatch(/^Nguồn: /);
  });

  it('a suspended company is said to be suspended', async () => {
    const { text } = await ask('cc-suspended', 'cty Vân Long có giấy phép xkld không');
    expect(text).toContain('đang BỊ ĐÌNH CHỈ');
    expect(text).toContain('Giấy phép số MẪU-006/GP, cấp ngày 18/08/2021.');
  });

  it('a company not on the list: not licensed as of the list date, do not pay, how to report, with the words as typed', async () => {
    const { text, buttons } = await ask('cc-not-found', 'cty Hoàng Phát có giấy phép ko?');
    expect(text).toContain('Tôi KHÔNG thấy "Hoàng Phát" trong danh sách doanh nghiệp được cấp giấy phép (danh sách ngày 04/12/2026)');
    expect(text).toContain('đừng nộp tiền hay giấy tờ');
    expect(text).toContain(`Cục Quản lý lao động ngoài nước, số ${dolab}`);
    expect(text.split('\n').at(-1)).toMatch(/^Nguồn: /);
    expect(buttons).toContain('Gặp cán bộ');
  });

  it('a name that is a licensed name plus other words is not taken for it: offered as "did you mean" with the warning', async () => {
    const { text, buttons } = await ask('cc-mimic', 'cty Sao Khue Nhat Ban co phep ko');
    expect(text).toContain('Tôi không thấy công ty tên đúng là "Sao Khue Nhat Ban"');
    expect(text).toContain('Có phải bạn muốn hỏi:');
    expect(text).toContain('1. Công ty Cổ phần Nhân lực Quốc tế Sao Khuê (giấy phép số MẪU-001/GP)');
    expect(text).toContain('Nếu không phải các công ty trên');
    expect(buttons[0]).toBe('Sao Khuê');
    expect(text).not.toContain('CÓ trong danh sách');
  });

  it('similar names are buttons; tapping one gives that company', async () => {
    const chat = new Chat(bot, 'cc-similar');
    const first = await chat.say('cty Kim Sa co phep ko');
    expect(first.at(-1)!.text).toContain('Có phải bạn muốn hỏi:');
    const button = first.at(-1)!.buttons[0]!;
    expect(button.title).toContain('Kim Sa');
    const answer = await chat.sayText(button.value);
    expect(answer).toContain('Công ty TNHH Nhân lực Quốc tế Kim Sa Việt Nam CÓ trong danh sách');
    expect(answer).toContain('MẪU-007/GP');
  });

  it('two companies with the same name once folded: the person chooses, by number too', async () => {
    const chat = new Chat(bot, 'cc-two');
    const first = await chat.say('công ty cổ phần Thanh Vân có giấy phép không?');
    const text = first.map((r) => r.text).join('\n');
    expect(text).toContain('Có vài doanh nghiệp tên giống "Thanh Vân"');
    expect(text).toContain('Hợp tác Lao động Thanh Vân');
    expect(text).toContain('Xuất khẩu Lao động Thanh Văn Quốc tế');
    const answer = await chat.sayText('2');
    expect(answer).toContain('Công ty Cổ phần Xuất khẩu Lao động Thanh Văn Quốc tế CÓ trong danh sách');
  });

  it('no name in the message: the general answer, then the bot asks for the name and checks the reply', async () => {
    const chat = new Chat(bot, 'cc-ask');
    const first = await chat.say('cty nay co giay phep ko');
    const text = first.map((r) => r.text).join('\n');
    expect(text).toContain('dolab.moha.gov.vn');
    expect(first.at(-1)!.text).toContain('Bạn gửi tên công ty');
    const answer = await chat.sayText('cong ty Lua Vang');
    expect(answer).toContain('Công ty Cổ phần Dịch vụ Việc làm Ngoài nước Lúa Vàng CÓ trong danh sách');
  });

  it('"check another company" asks for a name; a new question instead is answered as such', async () => {
    const chat = new Chat(bot, 'cc-another');
    await chat.say('cty BMX co phep ko');
    const asked = await chat.say('intent:safety.check_company');
    expect(asked.map((r) => r.text).join('\n')).not.toContain('dolab.moha.gov.vn');
    expect(asked.at(-1)!.text).toContain('Bạn gửi tên công ty');
    const other = await chat.sayText('vay von ngan hang di han quoc duoc bao nhieu');
    expect(other).not.toContain('KHÔNG thấy');
    expect(other).toMatch(/Nguồn: /);
  });

  it('the question about branches is answered as such, not as a company name', async () => {
    const { text } = await ask('cc-branch', 'chi nhanh cty o tp lang son bat ky hop dong voi nop ky quy tai cho, co dung ko mn');
    expect(text).toContain('KHÔNG được ký hợp đồng');
    expect(text).not.toContain('KHÔNG thấy');
  });

  it('in English when the person chose English', async () => {
    const chat = new Chat(bot, 'cc-en');
    await chat.say('dialog:language');
    await chat.say('English');
    const text = await chat.sayText('cty sao khue co giay phep ko');
    expect(text).toContain('IS on the list of companies licensed');
    expect(text).toContain('SAMPLE');
    expect(text).toMatch(/Source: /);
  });
});
