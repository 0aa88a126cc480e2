import { describe, expect, it } from 'vitest';
import { parseBirthYear, parseFullName, parseMarket, parseYesNo } from '../../../src/domain/leads/answers.ts';
import { csvCell } from '../../../src/core/csv.ts';
import { formatPhoneKey, maskPhoneKey, normalisePhone } from '../../../src/domain/leads/phone.ts';

describe('Vietnamese mobile numbers', () => {
  it.each([
    ['0912345678', '84912345678'],
    ['0912 345 678', '84912345678'],
    ['0912.345.678', '84912345678'],
    ['0912-345-678', '84912345678'],
    ['+84 912 345 678', '84912345678'],
    ['+84912345678', '84912345678'],
    ['84912345678', '84912345678'],
    ['(+84) 0912 345 678', '84912345678'],
    ['0386 123 456', '84386123456'],
    ['０９１２３４５６７８', '84912345678'],
  ])('normalises written form %#', (typed, key) => {
    expect(normalisePhone(typed)).toBe(key);
  });

  it.each(['091234567', '09123456789', '0212345678', '0112345678', 'abc', '0912 345 67a', '+1 912 345 678', ''])('rejects malformed number %#', (typed) => {
    expect(normalisePhone(typed)).toBeNull();
  });

  it('shows only the last three digits when masked, and the usual grouping for staff', () => {
    expect(maskPhoneKey('84912345678')).toBe('0••••••678');
    expect(formatPhoneKey('84912345678')).toBe('0912 345 678');
  });
});

describe('typed answers', () => {
  it('reads yes/no in Vietnamese with and without diacritics, and in English', () => {
    for (const yes of ['có', 'co', 'Có', 'ok', 'yes', '1', 'Đồng ý']) expect(parseYesNo(yes)).toBe(true);
    for (const no of ['không', 'khong', 'ko', 'k', 'no', '2', 'Chưa']) expect(parseYesNo(no)).toBe(false);
    expect(parseYesNo('có lẽ')).toBeUndefined();
  });

  it('reads a year of birth and refuses under-18s and unrealistic years', () => {
    expect(parseBirthYear('1998', 2026)).toEqual({ year: 1998 });
    expect(parseBirthYear('sinh năm 1998', 2026)).toEqual({ year: 1998 });
    expect(parseBirthYear('12/03/1998', 2026)).toEqual({ year: 1998 });
    expect(parseBirthYear('98', 2026)).toEqual({ year: 1998 });
    expect(parseBirthYear('2008', 2026)).toEqual({ year: 2008 });
    expect(parseBirthYear('2010', 2026)).toEqual({ error: 'young', year: 2010 });
    expect(parseBirthYear('1920', 2026)).toEqual({ error: 'range', year: 1920 });
    expect(parseBirthYear('2030', 2026)).toEqual({ error: 'range', year: 2030 });
    expect(parseBirthYear('không nhớ', 2026)).toEqual({ error: 'format' });
  });

  it('reads short market names with or without diacritics', () => {
    expect(parseMarket('Nhật')).toBe('japan');
    expect(parseMarket('han quoc')).toBe('korea');
    expect(parseMarket('Đài Loan')).toBe('taiwan');
    expect(parseMarket('trung quốc')).toBe('china_chongzuo');
    expect(parseMarket('sao hoả')).toBeUndefined();
  });

  it('accepts Vietnamese names and refuses digits', () => {
    expect(parseFullName('  Nguyễn   Thị Hoà ')).toBe('Nguyễn Thị Hoà');
    expect(parseFullName('Hoang 123')).toBeUndefined();
    expect(parseFullName('A')).toBeUndefined();
  });
});

describe('CSV cells', () => {
  it('quotes text and neutralises formulas', () => {
    expect(csvCell('Vũ Lăng')).toBe('Vũ Lăng');
    expect(csvCell('say "hi", ok')).toBe('"say ""hi"", ok"');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    for (const bad of ['+1', '-2', '@SUM(A1)']) expect(csvCell(bad)).toBe(`'${bad}`);
    expect(csvCell(' padded ')).toBe('" padded "');
    expect(csvCell(1998)).toBe('1998');
    expect(csvCell(undefined)).toBe('');
  });
});
