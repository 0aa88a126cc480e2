import { describe, expect, it } from 'vitest';
import { askingWords } from '../../src/content/asking.ts';
import { questionSentences } from '../../src/content/features.ts';
import { createMatcher, loadContent } from '../../src/content/index.ts';
import { normalize } from '../../src/content/normalize.ts';
import { createCorrector, unconvertedKeyboard } from '../../src/content/typos.ts';

const { match } = createMatcher(loadContent());

describe('long messages: the question, not the story around it', () => {
  // A family story full of another topic's words (a bank loan, a brother back from Korea), then a
  // question about Japan's eyesight rules.
  const story =
    'Nhà em ở xã Vũ Lăng, năm kia bố em vay ngân hàng chính sách 40 triệu nuôi bò, bò chết hết nên giờ còn nợ, anh họ em thì đi Hàn về kể lương cao lắm. ' +
    'Em 23 tuổi, muốn đi Nhật làm thực tập sinh, cho em hỏi bị cận 4 độ thì có được đi không ạ';

  it('answers the question at the end of a story whose words lean to other topics', () => {
    expect(match(story).intent).toBe('markets.japan');
  });

  it('does the same when the story is typed as one run-on line on a phone', () => {
    const phone = 'nha e o vu lang nam kia bo e vay ngan hang chinh sach 40tr nuoi bo bo chet het gio con no anh ho e di han ve ke luong cao lam e 23t muon di nhat lam tts cho e hoi bi can 4 do thi co dc di ko a';
    expect(match(phone).intent).toBe('markets.japan');
  });

  it('a country named only in the story does not outweigh the one the question names', () => {
    const text =
      'Anh trai em đi Hàn Quốc làm 5 năm, về nước mở xưởng mộc, kể bên đó lương cao lắm. Em thì muốn sang Đài Loan làm nhà máy, cho em hỏi 36 tuổi còn đi được không ạ';
    expect(match(text).intent).toBe('markets.taiwan');
  });

  it('finds the asking part: the asking clause and the clause of the same sentence just before it', () => {
    expect(askingWords(story)?.join(' ')).toBe('muon di nhat lam thuc tap sinh cho em hoi bi can 4 do thi co duoc di khong');
  });

  it('reads "không" inside a sentence as "not", not as a question', () => {
    const text = 'Em không có tiền, nhà không có ruộng. Vay vốn đi Nhật được bao nhiêu?';
    expect(questionSentences(text)).toEqual(['Vay vốn đi Nhật được bao nhiêu?']);
  });

  it('when the last words only say "I do not know what to do", the sentence before is the topic', () => {
    const text =
      'Năm ngoái nhà em vay ngân hàng 50 triệu cho con đi. Con em sang Đài Loan được 2 năm, chủ không trả lương 3 tháng nay, gọi về khóc suốt. Em không biết phải làm sao';
    expect(askingWords(text)).toContain('luong');
    expect(askingWords(text)).not.toContain('vay');
    expect(match(text).intent).toBe('rights.worker');
  });

  it('a message about nothing the office answers stays unknown, long or short', () => {
    expect(match('hôm nay trời mưa to quá, ngô ngoài nương đổ hết rồi').intent).toBe('unknown');
  });
});

describe('phone typing', () => {
  it('reads a word typed with the Vietnamese keyboard off (Telex, VNI)', () => {
    expect(unconvertedKeyboard('dduwowcj')).toBe('duoc');
    expect(unconvertedKeyboard('vieecj')).toBe('viec');
    expect(unconvertedKeyboard('d9u7o7c5')).toBe('duoc');
    // Words with no sign of it, and numbers with units, are left alone.
    expect(unconvertedKeyboard('visa')).toBeUndefined();
    expect(unconvertedKeyboard('19t')).toBeUndefined();
    const correct = createCorrector(new Map([['duoc', 40], ['viec', 12]]));
    expect(['dduwowcj', 'vieecj', 'duocs'].map(correct)).toEqual(['duoc', 'viec', 'duoc']);
  });

  it('understands a question typed in Telex without conversion', () => {
    expect(match('vay voons ngaan hangf chinhs sachs ddi Nhaatj dduwowcj bao nhieeu')).toMatchObject({ intent: 'loans.bank', confident: true });
  });

  it('does not read "cũ" (old) or "cư trú" as "củ" (a million)', () => {
    expect(normalize('khoản vay cũ')).toBe('khoan vay cu');
    expect(normalize('cư trú bất hợp pháp')).toBe('cu tru bat hop phap');
    expect(normalize('nộp 150 củ')).toBe('nop 150 trieu');
  });
});
