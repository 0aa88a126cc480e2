import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DEFAULT_WEIGHTS } from '../../src/content/features.ts';
import { ContentError, createMatcher, defaultContentDir, intentSchema, loadContent } from '../../src/content/index.ts';

const content = loadContent();
const { match } = createMatcher(content);

const devLine = z.object({ intent: intentSchema, text: z.string().min(1), long: z.boolean() });
const readDevSet = (name: string) =>
  readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => devLine.parse(JSON.parse(l)));

/** The dev set: realistic questions written apart from the training examples, never trained on. */
const dev = readDevSet('dev-questions.jsonl');
/** Written to mirror how people ask in public (long letters, parents asking, phone retyping); never trained on. */
const publicStyle = readDevSet('dev-public-style.jsonl');

describe('the trained understanding', () => {
  it('finds the topic of at least 90 % of the dev set, and of 85 % of its long messages', () => {
    const right = dev.filter((d) => match(d.text).intent === d.intent);
    const long = dev.filter((d) => d.long);
    const longRight = long.filter((d) => match(d.text).intent === d.intent);
    console.log(`dev set: ${right.length}/${dev.length} right, long ${longRight.length}/${long.length}`);
    expect(long.length * 4).toBeGreaterThan(dev.length);
    expect(right.length / dev.length).toBeGreaterThanOrEqual(0.9);
    expect(longRight.length / long.length).toBeGreaterThanOrEqual(0.85);
  });

  it('is right at least 95 % of the time when it says it is confident, and answers 85 % without asking back', () => {
    const confident = dev.map((d) => ({ d, r: match(d.text) })).filter(({ r }) => r.confident);
    const right = confident.filter(({ d, r }) => r.intent === d.intent);
    expect(right.length / confident.length).toBeGreaterThanOrEqual(0.95);
    // At the old bare 0.4 threshold about 85 % of the dev set was answered at once; the margin rule answers ~91 %.
    expect(confident.length / dev.length).toBeGreaterThanOrEqual(0.85);
  });

  it('finds the topic of at least 88 % of the public-style set and of 87 % of its long letters, answers 78 % at once, 95 % right when confident', () => {
    const outcomes = publicStyle.map((d) => ({ d, r: match(d.text) }));
    const right = outcomes.filter(({ d, r }) => r.intent === d.intent);
    const long = outcomes.filter(({ d }) => d.long);
    const longRight = long.filter(({ d, r }) => r.intent === d.intent);
    const confident = outcomes.filter(({ r }) => r.confident);
    const confidentRight = confident.filter(({ d, r }) => r.intent === d.intent);
    console.log(`public-style set: ${right.length}/${publicStyle.length} right, long ${longRight.length}/${long.length}`);
    expect(long.length * 5).toBeGreaterThan(publicStyle.length * 2);
    expect(right.length / publicStyle.length).toBeGreaterThanOrEqual(0.88);
    expect(longRight.length / long.length).toBeGreaterThanOrEqual(0.87);
    expect(confidentRight.length / confident.length).toBeGreaterThanOrEqual(0.95);
    // Asking "which topic?" about a question the bot had right costs a turn: 74 % were answered at once at 0.4.
    expect(confident.length / publicStyle.length).toBeGreaterThanOrEqual(0.78);
  });

  it('gives the same answers every time it is trained on the same content', () => {
    // The same settings spelt out, so the cache of trained matchers does not hand back the first one.
    const again = createMatcher(content, [], { weights: DEFAULT_WEIGHTS });
    expect(again).not.toBe(createMatcher(content));
    for (const d of dev.slice(0, 60)) expect(again.match(d.text).intent, d.text).toBe(match(d.text).intent);
  });

  it('reads a long story by its question: the scam story of the issue is the scam check', () => {
    const story =
      'Có người quen bảo em có suất đi Đức làm nhà hàng, không cần phỏng vấn, không cần tiếng, chỉ cần nộp trước 5.000 euro là bay trong tháng sau, có phải lừa không ạ?';
    expect(match(story)).toMatchObject({ intent: 'safety.scams', confident: true });
  });

  it('a question naming one country goes to that country, even when its words lean to another', () => {
    expect(match('bi viem gan b thi co di dai loan lam duoc khong').intent).toBe('markets.taiwan');
    expect(match('bị viêm gan B có đi Nhật được không').intent).toBe('markets.japan');
    // When it asks instead of answering, the named country is the first topic offered.
    expect(match('bi viem gan b thi co di dai loan lam duoc khong').guesses[0]!.intent).toBe('markets.taiwan');
  });

  it('answers a clear question at once but asks back on a close call between two topics', () => {
    const clear = match('đi Hàn theo EPS về đúng hạn rồi thì có được sang lại lần hai không');
    expect(clear).toMatchObject({ intent: 'markets.korea', confident: true });
    // "hỗ trợ vay vốn" is as much the bank loan as the state support programmes: offer both.
    const close = match('ho tro vay von');
    expect(close.confident).toBe(false);
    expect(close.guesses.map((g) => g.intent).slice(0, 2).sort()).toEqual(['loans.bank', 'loans.support_programs']);
    // A country beside the topic is no second topic: the loan to go to Korea is answered.
    expect(match('vay vốn đi Hàn được bao nhiêu')).toMatchObject({ intent: 'loans.bank', confident: true });
  });

  it('a message with two questions on two topics answers the first and names the second', () => {
    const r = match('Lãi suất vay vốn đi Hàn là bao nhiêu? Còn tiền ký quỹ đi Hàn có phải nộp không?');
    expect(r.intent).toBe('loans.bank');
    expect(r.also).toMatchObject({ intent: 'fees.deposit' });
  });

  it('offers the likeliest topics when not sure: up to three, best first, the answer itself first', () => {
    const r = match('tiền');
    expect(r.guesses.length).toBeGreaterThan(0);
    expect(r.guesses.length).toBeLessThanOrEqual(3);
    for (let i = 1; i < r.guesses.length; i++) expect(r.guesses[i - 1]!.score).toBeGreaterThanOrEqual(r.guesses[i]!.score);
    if (r.intent !== 'unknown') expect(r.guesses[0]!.intent).toBe(r.intent);
  });

  it('learns from an example staff attach: a message it could not place is then answered', () => {
    const text = 'cho hỏi cái vụ giấy xanh đỏ ở xóm trên thế nào';
    expect(match(text).confident).toBe(false);
    const taught = createMatcher(content, [{ faqId: 'procedures.documents.judicial_record', text }]);
    expect(taught.match(text)).toMatchObject({ intent: 'procedures.documents', faqId: 'procedures.documents.judicial_record', confident: true });
  });
});

describe('training examples as content', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  function copyWith(file: string, text: string): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'training-'));
    dirs.push(dir);
    cpSync(defaultContentDir, dir, { recursive: true });
    writeFileSync(path.join(dir, 'training', file), text);
    return dir;
  }

  function errorOf(dir: string): string {
    try {
      loadContent(dir);
    } catch (err) {
      expect(err).toBeInstanceOf(ContentError);
      return (err as Error).message;
    }
    throw new Error('loadContent accepted a broken training file');
  }

  it('every FAQ entry has at least 15 examples on average, and every entry some', () => {
    const perEntry = new Map<string, number>();
    for (const l of content.training) perEntry.set(l.faq, (perEntry.get(l.faq) ?? 0) + 1);
    const real = content.faq.map((e) => perEntry.get(e.id) ?? 0);
    expect(real.reduce((a, b) => a + b, 0) / real.length).toBeGreaterThanOrEqual(15);
    expect(content.faq.filter((e) => (perEntry.get(e.id) ?? 0) < 10).map((e) => e.id)).toEqual([]);
  });

  it('a line naming an unknown FAQ entry is refused with the file and line', () => {
    const dir = copyWith('zz-staff.jsonl', '{"faq":"menu.main","text":"menu"}\n{"faq":"no.such.entry","text":"abc"}\n');
    expect(errorOf(dir)).toMatch(/training[/\\]zz-staff\.jsonl: line 2: field faq: unknown FAQ id "no\.such\.entry"/);
  });

  it('a line that is not JSON, or has no text, is refused with the file and line', () => {
    expect(errorOf(copyWith('zz-a.jsonl', '{"faq":"menu.main","text":"menu"}\nnot json\n'))).toMatch(/zz-a\.jsonl: line 2: not valid JSON/);
    expect(errorOf(copyWith('zz-b.jsonl', '\n{"faq":"menu.main","text":"  "}\n'))).toMatch(/zz-b\.jsonl: line 2: field text/);
  });
});
