import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createMatcher, foldDiacriticsForTest, INTENTS, intentSchema, loadContent } from '../helpers/matcher.ts';

const content = loadContent();
const { match } = createMatcher(content);

const labelled = z
  .array(z.object({ q: z.string().min(1), intent: intentSchema }))
  .parse(JSON.parse(readFileSync(new URL('../fixtures/questions.json', import.meta.url), 'utf8')));

describe('matcher', () => {
  it('answers the contract example: "vay von di han quoc duoc bao nhieu" is loans.bank', () => {
    const r = match('vay von di han quoc duoc bao nhieu');
    expect(r).toMatchObject({ intent: 'loans.bank', confident: true });
    expect(r.faqId).toMatch(/^loans\.bank\./);
  });

  it('understands the same question with diacritics, without, in teencode and with a typo', () => {
    for (const q of ['Vay vốn đi Hàn Quốc được bao nhiêu?', 'vay von di hq dc bn', 'VAY VON DI HAN QUOC DUOC BAO NHIEU', 'vay vonn di han quoc duoc bao nhieu']) {
      expect(match(q).intent, q).toBe('loans.bank');
    }
  });

  it('recognises short greetings and the menu command as whole messages', () => {
    expect(match('xin chào').intent).toBe('greeting');
    expect(match('chao ban').intent).toBe('greeting');
    expect(match('Menu').intent).toBe('menu');
    expect(match('menu nhé').intent).toBe('menu');
    // A greeting followed by a real question is the question.
    expect(match('chào em, vay vốn đi Nhật được bao nhiêu').intent).toBe('loans.bank');
  });

  describe('follows the contract conventions', () => {
    it.each([
      ['how much it costs to go to a country is fees.costs', 'đi đài loan hết bao nhiêu tiền', 'fees.costs'],
      ['cost with a country, no diacritics', 'chi phi di han quoc het bao nhieu', 'fees.costs'],
      ['what a company may charge is fees.legal_caps', 'công ty đòi phí dịch vụ 4 tháng lương có đúng luật không', 'fees.legal_caps'],
      ['brokerage is fees.legal_caps', 'phai dong tien moi gioi cho cong ty ko', 'fees.legal_caps'],
      ['refunds are fees.legal_caps', 'khong di nua thi co duoc hoan tien khong', 'fees.legal_caps'],
      ['deposits are fees.deposit', 'tien coc di han la bao nhieu', 'fees.deposit'],
      ['getting a deposit back is fees.deposit', 'lam sao lay lai tien ky quy', 'fees.deposit'],
      ['eligibility for one country is that market', 'di han quoc toi da bao nhieu tuoi', 'markets.korea'],
      ['tattoos for Japan is markets.japan', 'co hinh xam di nhat duoc khong', 'markets.japan'],
      ['running away is return.on_time', 'bỏ trốn ở Hàn Quốc bị phạt thế nào', 'return.on_time'],
      ['overstaying is return.on_time', 'het visa o lai lam tiep co sao khong', 'return.on_time'],
      ['life after coming home is return.reintegration', 've nuoc roi tim viec lam o dau', 'return.reintegration'],
      ['a story of being cheated is safety.scams', 'toi nop 40 trieu cho mot nguoi roi ho bo tron, bi lua roi', 'safety.scams'],
      ['is company X licensed is safety.check_company', 'cong ty ABC co giay phep xuat khau lao dong khong', 'safety.check_company'],
      ['problems at work abroad are rights.worker', 'chủ nợ lương mấy tháng rồi', 'rights.worker'],
      ['where to get help is rights.complaint', 'muon khieu nai thi gui don o dau', 'rights.complaint'],
    ] as const)('%s', (_why, question, intent) => {
      expect(match(question).intent).toBe(intent);
    });
  });

  it('says unknown, not confident, for off-topic questions', () => {
    for (const q of ['thời tiết hôm nay thế nào', 'abc xyz', 'kết quả bóng đá tối qua', 'bạn tên là gì', '???', '']) {
      const r = match(q);
      expect(r, q).toMatchObject({ intent: 'unknown', faqId: null, confident: false });
    }
  });

  it('never answers an off-topic or vague message confidently', () => {
    for (const q of ['hôm nay ăn gì', 'giá lúa hôm nay bao nhiêu', 'ok', 'có', 'cái này là sao', 'hà nội ở đâu']) {
      expect(match(q).confident, q).toBe(false);
    }
  });

  it('scores between 0 and 1 and names an existing entry whenever the intent is known', () => {
    const ids = new Set(content.faq.map((e) => e.id));
    for (const { q } of labelled) {
      const r = match(q);
      expect(r.score).toBeGreaterThanOrEqual(0);
      expect(r.score).toBeLessThanOrEqual(1);
      if (r.intent === 'unknown') expect(r.faqId).toBeNull();
      else expect(ids.has(r.faqId!), q).toBe(true);
    }
  });

  it('prefers the most specific entry within a topic', () => {
    expect(match('lãi suất vay vốn đi nước ngoài bao nhiêu').faqId).toBe('loans.bank.interest');
    expect(match('làm hộ chiếu ở đâu').faqId).toBe('procedures.documents.passport');
    expect(match('chi phi di nhat het bao nhieu').faqId).toBe('fees.costs.japan');
  });

  it("gives a cost question naming one country that country's costs, even inside a story about being poor", () => {
    const story = 'em muon di xkld dai loan thi het bao nhieu tien a, nha em ngheo lam';
    expect(match(story)).toMatchObject({ intent: 'fees.costs', faqId: 'fees.costs.taiwan' });
    expect(match('bo me em lam ruong, em tinh di han quoc lam thi ton tong cong bao nhieu tien')).toMatchObject({ intent: 'fees.costs', faqId: 'fees.costs.korea' });
  });
});

describe('labelled question set', () => {
  it('is varied: at least 150 questions, at least half without diacritics, every intent present', () => {
    expect(labelled.length).toBeGreaterThanOrEqual(150);
    const plain = labelled.filter(({ q }) => foldDiacriticsForTest(q) === q.toLowerCase() || foldDiacriticsForTest(q) === q);
    expect(plain.length * 2).toBeGreaterThanOrEqual(labelled.length);
    const present = new Set(labelled.map((l) => l.intent));
    expect(INTENTS.filter((i) => !present.has(i))).toEqual([]);
  });

  it('gets at least 90 % of intents right (top-1)', () => {
    const wrong = labelled.filter(({ q, intent }) => match(q).intent !== intent);
    const accuracy = 1 - wrong.length / labelled.length;
    console.log(`top-1 intent accuracy: ${(accuracy * 100).toFixed(1)} % of ${labelled.length} questions`);
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
  });
});
