import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { datedContent, defaultContentDir, dueForReview, findFaq, formatAnswer, loadContent, missingLocalContacts, type Content } from '../../src/content/index.ts';
import { sourceLine } from '../../src/conversation/sources.ts';

const content = loadContent();
const answer = (id: string, lang: 'vi' | 'en' = 'vi') => findFaq(content, id)!.answer[lang];
/** Today in Vietnam: the real date, so this file fails once shipped facts go stale. */
const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);

describe('dated facts', () => {
  it('has no factual entry past its reviewBy day (update the figure, then move the date)', () => {
    const stale = datedContent(content).filter((i) => i.reviewBy < today).map((i) => `${i.kind} ${i.id}: ${i.reviewBy}`);
    expect(stale).toEqual([]);
  });

  it('gives each dated figure a reviewBy day and its "as of" date in the answer, in both languages', () => {
    const cases: [string, RegExp, RegExp][] = [
      ['markets.japan.pay', /từ tháng 10\/2025.*1\.121 yên/, /from October 2025.*¥1,121/],
      ['markets.taiwan.jobs', /29\.500 Đài tệ năm 2026 \(áp dụng đến 31\/12\/2026/, /NT\$29,500 in 2026 \(valid to 31\/12\/2026/],
      ['markets.korea.pay', /10\.320 won.*áp dụng đến 31\/12\/2026/, /₩10,320.*valid to 31\/12\/2026/],
      ['markets.overview.countries', /tính đến hết tháng 10\/2025.*121\.190/, /as of the end of October 2025.*121,190/],
      ['markets.china_chongzuo.other_china', /tính đến hết tháng 10\/2025\) cả nước có 2\.507/, /as of the end of October 2025\), 2,507/],
    ];
    for (const [id, vi, en] of cases) {
      const e = findFaq(content, id)!;
      expect(e.reviewBy, id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(e.answer.vi, id).toMatch(vi);
      expect(e.answer.en, id).toMatch(en);
    }
    expect(answer('markets.overview.countries')).toContain('tính đến hết tháng 10/2025');
    // The 2026 wages hold for 2026 only.
    expect(findFaq(content, 'markets.taiwan.jobs')!.reviewBy).toBe('2026-12-31');
    expect(findFaq(content, 'markets.korea.pay')!.reviewBy).toBe('2026-12-31');
    for (const id of ['japan', 'taiwan'] as const) expect(content.markets.find((m) => m.id === id)!.reviewBy, id).toBe('2026-12-31');
  });

  it('lists what falls due within a window by its question, past-due included', () => {
    const due = dueForReview(content, '2026-12-04', 60);
    const pay = due.find((i) => i.id === 'markets.japan.pay')!;
    expect(pay).toMatchObject({ kind: 'faq', reviewBy: '2026-12-31' });
    expect(pay.name.vi).toBe(findFaq(content, 'markets.japan.pay')!.question.vi);
    expect(dueForReview(content, '2026-10-01', 60).map((i) => i.id)).not.toContain('markets.japan.pay');
    expect(dueForReview(content, '2027-03-01', 0).map((i) => i.id)).toContain('markets.korea.pay');
  });
});

describe('the source line shows when the fact was last checked', () => {
  it('ends every factual answer with "Nguồn: … (cập nhật dd/mm/yyyy)" from reviewedAt', () => {
    for (const e of content.faq.filter((f) => f.factual)) {
      const [y, m, d] = e.reviewedAt.split('-');
      expect(formatAnswer(e, 'vi').split('\n').at(-1), e.id).toMatch(new RegExp(`^Nguồn: \\S.* \\(cập nhật ${d}/${m}/${y}\\)$`));
      expect(formatAnswer(e, 'en').split('\n').at(-1), e.id).toMatch(new RegExp(`^Source: \\S.* \\(updated ${d}/${m}/${y}\\)$`));
    }
  });

  it('does the same for the answers the bot composes (loan guide, fee check)', () => {
    const sources = content.loans.bankLoan.sources;
    expect(sourceLine(sources, 'vi', '2026-11-24')).toMatch(/^Nguồn: Nghị định 338\/2025\/NĐ-CP;.* \(cập nhật 24\/11\/2026\)$/);
    expect(sourceLine(sources, 'en', '2026-11-24')).toMatch(/ \(updated 24\/11\/2026\)$/);
  });
});

describe('Chongzuo: the seasonal border scheme is not a licensed company contract', () => {
  const parts = (text: string) => text.split('\n');

  it('keeps the Annex VIII rules (1 year, free lodging) on the company route only', () => {
    for (const lang of ['vi', 'en'] as const) {
      const [intro, seasonal, company, warning] = parts(answer('markets.china_chongzuo.scheme', lang));
      expect(intro, lang).toBeTruthy();
      // The seasonal scheme: what is known, what is being confirmed, and no Annex VIII minimums.
      expect(seasonal, lang).toMatch(lang === 'vi' ? /cán bộ đang xác nhận/ : /being confirmed by staff/);
      expect(seasonal, lang).toMatch(lang === 'vi' ? /khoảng 1 tháng/ : /about one month/);
      expect(seasonal, lang).not.toMatch(/1 năm|1 year|12 tháng|12-month|miễn phí|free lodging/);
      // A real short seasonal job must not look illegal.
      expect(seasonal, lang).toMatch(lang === 'vi' ? /không có nghĩa là trái phép/ : /does not by itself mean it is illegal/);
      // The company route carries the rules and names its source.
      expect(company, lang).toMatch(lang === 'vi' ? /công ty dịch vụ có giấy phép.*từ 1 năm.*Phụ lục VIII/ : /licensed service company.*1 year or longer.*Annex VIII/);
      // A broker's 12-month contract must not look official.
      expect(warning, lang).toMatch(lang === 'vi' ? /hợp đồng 12 tháng.*môi giới.*không làm nó thành chương trình chính thức/ : /12-month contract.*broker.*does not make it the official scheme/);
    }
    const summary = content.markets.find((m) => m.id === 'china_chongzuo')!.summary.vi;
    expect(summary).toMatch(/thời vụ qua biên giới.*cán bộ xác nhận.*công ty có giấy phép \(từ 1 năm/);
  });
});

describe('border passes', () => {
  it('names the border-commune pass and the any-province pass (Circular 43/2011), and says work use is being confirmed', () => {
    const vi = answer('markets.china_chongzuo.border_pass');
    const en = answer('markets.china_chongzuo.border_pass', 'en');
    expect(vi).toMatch(/xã giáp biên giới \(Nghị định 76\/2020\)/);
    expect(vi).toMatch(/bất kỳ tỉnh nào.*Thông tư 43\/2011\/TT-BCA/);
    expect(en).toMatch(/any province.*Circular 43\/2011\/TT-BCA/);
    const workSentence = vi.split('. ').find((s) => /đi làm việc ở Sùng Tả/.test(s))!;
    expect(workSentence).toMatch(/cán bộ đang xác nhận/);
    expect(en).toMatch(/Which pass, if any, allows work in Chongzuo.*being confirmed by staff/);
    const sources = findFaq(content, 'markets.china_chongzuo.border_pass')!.sources.map((s) => s.document ?? '');
    expect(sources).toContain('Thông tư 43/2011/TT-BCA');
  });
});

describe('loan papers and the overstay fine', () => {
  it('cites the 2026 rule, not the repealed decrees, and marks the paper list as unverified', () => {
    const how = findFaq(content, 'loans.bank.how')!;
    expect(how.sources.map((s) => `${s.title} ${s.document ?? ''}`).join(' ')).not.toMatch(/61\/2015|74\/2019/);
    expect(how.sources.some((s) => s.document === 'Nghị định 338/2025/NĐ-CP')).toBe(true);
    expect(how.sources.find((s) => s.url?.includes('Mekong-Labour-ERP'))!.title).toMatch(/chưa kiểm chứng/);
    expect(how.answer.vi).toMatch(/tài liệu tham khảo thứ cấp, chưa đối chiếu với Nghị định 338\/2025 – cán bộ đang xác nhận/);
    expect(content.loans.bankLoan.documents.every((d) => !d.confirmed)).toBe(true);
  });

  it('says a worker who overstays after a labour or training contract "can be" fined 80–100 million', () => {
    const vi = answer('safety.scams.tourist_visa');
    expect(vi).toMatch(/sau khi hết hạn hợp đồng lao động hoặc hợp đồng đào tạo có thể bị phạt 80–100 triệu đồng \(Nghị định 283\/2026, Điều 53/);
    expect(vi).not.toMatch(/(?<!có thể )bị phạt 80/);
    expect(answer('safety.scams.tourist_visa', 'en')).toMatch(/can be fined 80–100 million VND/);
  });
});

describe('local contacts staff fill in (operator.json)', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  function withOperator(edit: (j: Record<string, unknown>) => void): Content {
    const dir = mkdtempSync(path.join(tmpdir(), 'content-'));
    dirs.push(dir);
    cpSync(defaultContentDir, dir, { recursive: true });
    const file = path.join(dir, 'operator.json');
    const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    edit(json);
    writeFileSync(file, JSON.stringify(json));
    return loadContent(dir);
  }

  it('while empty, says whom to ask without inventing a desk, and lists what is missing', () => {
    expect(missingLocalContacts(content.operator)).toEqual([
      'officeAddress',
      'officePhone',
      'localContacts.vbsp.name',
      'localContacts.vbsp.address',
      'localContacts.vbsp.phone',
      'localContacts.employment_centre.name',
      'localContacts.employment_centre.address',
      'localContacts.employment_centre.phone',
    ]);
    expect(answer('loans.bank.how')).toMatch(/^Nộp hồ sơ tại phòng giao dịch Ngân hàng Chính sách xã hội nơi bạn cư trú hợp pháp \(.*cán bộ đang xác nhận; UBND xã nơi bạn thường trú/);
    expect(content.loans.bankLoan.whereToApply.vi).toMatch(/^phòng giao dịch Ngân hàng Chính sách xã hội nơi bạn cư trú hợp pháp/);
    expect(answer('return.reintegration.jobs')).toMatch(/Trung tâm Dịch vụ việc làm tỉnh Lạng Sơn.*\(địa chỉ, số điện thoại: cán bộ đang xác nhận; trong lúc chờ, hỏi UBND xã nơi bạn thường trú\)/);
    const everything = [...content.faq.flatMap((e) => [e.answer.vi, e.answer.en]), content.loans.bankLoan.whereToApply.vi].join('\n');
    expect(everything).not.toContain('{contact:');
    expect(everything).not.toMatch(/bộ phận lao động của UBND xã|labour desk/);
    const bot = (lang: string) => readFileSync(path.join(defaultContentDir, 'locales', lang, 'bot.json'), 'utf8');
    expect(bot('vi')).not.toMatch(/bộ phận lao động của UBND xã/);
    expect(bot('en')).not.toMatch(/labour desk/);
  });

  it('once filled in, answers give the office staff entered', () => {
    const filled = withOperator((j) => {
      const contacts = j.localContacts as Record<string, Record<string, unknown>>;
      contacts.vbsp!.name = { vi: 'Phòng giao dịch NHCSXH Bắc Sơn', en: 'VBSP Bắc Sơn office' };
      contacts.vbsp!.phone = '0205 3837 000';
    });
    expect(findFaq(filled, 'loans.bank.how')!.answer.vi).toContain('Nộp hồ sơ tại Phòng giao dịch NHCSXH Bắc Sơn, ĐT 0205 3837 000.');
    expect(findFaq(filled, 'loans.bank.how')!.answer.en).toContain('VBSP Bắc Sơn office, phone 0205 3837 000');
    expect(filled.loans.bankLoan.whereToApply.vi).toMatch(/^Phòng giao dịch NHCSXH Bắc Sơn/);
    expect(missingLocalContacts(filled.operator)).not.toContain('localContacts.vbsp.name');
    expect(missingLocalContacts(filled.operator)).toContain('localContacts.vbsp.address');
  });

  it('rejects an answer naming a contact operator.json does not have', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'content-'));
    dirs.push(dir);
    cpSync(defaultContentDir, dir, { recursive: true });
    const file = path.join(dir, 'faq', 'loans.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('{contact:vbsp}', '{contact:bank_desk}'));
    expect(() => loadContent(dir)).toThrow(/faq\/loans\.json: field entries\[\d+\]\.answer\.vi: unknown contact "bank_desk"/);
  });
});
