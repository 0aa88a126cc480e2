import { describe, expect, it } from 'vitest';
import { foldDiacritics, normalize } from '../../src/content/normalize.ts';

describe('normalize', () => {
  it.each([
    ['Vay vốn đi Nhật Bản được không?', 'vay von di nhat ban duoc khong'],
    ['ĐI ĐÀI LOAN!!!', 'di dai loan'],
    ['  chi   phí…  đi   Hàn ', 'chi phi di han'],
    ['vay von di nb dc ko', 'vay von di nhat ban duoc khong'],
    ['đi xkld hq hết bn', 'di xuat khau lao dong han quoc het bao nhieu'],
    ['tq có tuyển k', 'trung quoc co tuyen khong'],
    ['hok bít j hết', 'khong biet gi het'],
    ['đc hông', 'duoc khong'],
    ['lam the nao v', 'lam the nao'],
    ['phí 500k, vay 30tr', 'phi 500 nghin vay 30 trieu'],
    ['vay 1.500.000 dong', 'vay 1500000 dong'],
    ['NHCSXH cho vay ko', 'ngan hang chinh sach xa hoi cho vay khong'],
    ['tjen kj quy bh dc tra', 'tien ky quy bao gio duoc tra'],
    ['mun dj nhat vs ban cx dc', 'muon di nhat voi ban cung duoc'],
  ])('%s → %s', (input, expected) => {
    expect(normalize(input)).toBe(expected);
  });

  it('treats decomposed (NFD) and composed (NFC) Vietnamese the same', () => {
    const nfc = 'Hủy đăng ký ở Hưng Vũ';
    expect(normalize(nfc.normalize('NFD'))).toBe(normalize(nfc));
  });

  it('drops "vậy" before folding so it does not become "vay" (borrow)', () => {
    expect(normalize('thế nào vậy')).toBe('the nao');
    expect(normalize('vay vốn')).toBe('vay von');
  });

  it('folds diacritics including đ/Đ', () => {
    expect(foldDiacritics('Đồng Ý, Nhất Hòa, Vũ Lễ')).toBe('dong y, nhat hoa, vu le');
  });

  it('returns an empty string for punctuation or emoji only', () => {
    expect(normalize('?!… 👍')).toBe('');
  });
});
