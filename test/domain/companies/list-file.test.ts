import { describe, expect, it } from 'vitest';
import { ListFileError, readListFile, type ListIssue } from '../../../src/domain/companies/list-file.ts';
import { indexCompany, lookupCompany } from '../../../src/domain/companies/match.ts';
import { readSeedList } from '../../../src/domain/companies/seed.ts';

/** Reading the list as staff download it, and finding a company in it from what a worker types. */
function issuesOf(text: string): ListIssue[] {
  try {
    readListFile(text);
  } catch (err) {
    if (err instanceof ListFileError) return err.issues;
    throw err;
  }
  throw new Error('expected the file to be refused');
}

describe('the list file', () => {
  it('the shipped seed is a valid list marked as a sample', () => {
    const { companies, meta } = readSeedList();
    expect(meta.sample).toBe(true);
    expect(meta.fileName).toMatch(/SAMPLE/);
    expect(companies.length).toBeGreaterThanOrEqual(5);
    expect(new Set(companies.map((c) => c.status))).toEqual(new Set(['active', 'revoked', 'suspended']));
  });

  it('reads headers without diacritics, tabs, quoted cells with line breaks, and DOLAB\'s status words', () => {
    const file = [
      'Danh sach doanh nghiep',
      'STT\tTen doanh nghiep\tTen viet tat\tSo giay phep\tNgay cap\tDia chi tru so chinh\tTinh trang',
      '1\t"Công ty TNHH ""An Khang"""\tAK; AK GROUP\t12/LĐTBXH-GP\t2023-02-01\t"Tầng 2,\nHà Nội"\tDoanh nghiệp đang hoạt động',
      '2\tCông ty CP Bảo Ngọc\t\t13/LĐTBXH-GP\t1/2/2023\t\tĐã thu hồi giấy phép',
      '3\tCông ty CP Cát Tường\t\t14/LĐTBXH-GP\t01.02.2023\t\t',
    ].join('\n');
    const rows = readListFile(file);
    expect(rows.map((r) => [r.line, r.name, r.licenceDate, r.status])).toEqual([
      [3, 'Công ty TNHH "An Khang"', '2023-02-01', 'active'],
      [5, 'Công ty CP Bảo Ngọc', '2023-02-01', 'revoked'],
      [6, 'Công ty CP Cát Tường', '2023-02-01', 'active'],
    ]);
    expect(rows[0]!.shortNames).toEqual(['AK', 'AK GROUP']);
    expect(rows[0]!.address).toBe('Tầng 2,\nHà Nội');
  });

  it('names every bad cell by line and column, Vietnamese first', () => {
    const issues = issuesOf(['Tên doanh nghiệp,Số giấy phép,Ngày cấp,Tình trạng', 'Công ty A,1/GP,32/01/2023,', ',2/GP,01/01/2023,đóng cửa'].join('\n'));
    expect(issues).toEqual([
      { line: 2, column: 'Ngày cấp', message: expect.stringMatching(/^ngày "32\/01\/2023" không đọc được/) },
      { line: 3, column: 'Tên doanh nghiệp', message: expect.stringMatching(/^tên doanh nghiệp đang trống/) },
      { line: 3, column: 'Tình trạng', message: expect.stringMatching(/^tình trạng "đóng cửa" không rõ/) },
    ]);
    expect(issuesOf('Tên doanh nghiệp,Số giấy phép\nCông ty A,1/GP')[0]!.message).toContain('thiếu cột "Ngày cấp"');
    expect(issuesOf('Tên doanh nghiệp,Số giấy phép,Ngày cấp\n')[0]!.message).toContain('không có doanh nghiệp nào');
    expect(issuesOf('Tên doanh nghiệp,Số giấy phép,Ngày cấp\n"Công ty A,1/GP,01/01/2023')[0]!.message).toContain('không đóng');
    expect(issuesOf('T\uFFFDn doanh nghi\uFFFDp')[0]!.message).toContain('không phải UTF-8');
  });
});

describe('finding a company from a question', () => {
  const rows = readListFile(
    [
      'Tên doanh nghiệp,Tên viết tắt,Số giấy phép,Ngày cấp',
      'Công ty TNHH Xuất khẩu lao động Bảo Sơn,BAOSON EXLCO,21/LĐTBXH-GP,01/01/2020',
      'Công ty Cổ phần Thương mại và Đầu tư Hoàng Long,HOANG LONG CMS.JSC,22/LĐTBXH-GP,01/01/2020',
      'Công ty Cổ phần Hoàng Long Nhật Bản,,23/LĐTBXH-GP,01/01/2020',
      'Tổng công ty Cơ khí xây dựng,COMA,24/LĐTBXH-GP,01/01/2020',
    ].join('\n'),
  );
  const index = rows.map((r) => indexCompany(r, r.name, r.shortNames, r.licenceNumber));
  const find = (text: string) => {
    const r = lookupCompany(index, text);
    return r.kind === 'found' ? r.item.licenceNumber : r.kind === 'choose' ? r.items.map((i) => i.licenceNumber) : r.kind;
  };

  it('by the name people say, however it is typed', () => {
    expect(find('cty Bảo Sơn có giấy phép không')).toBe('21/LĐTBXH-GP');
    expect(find('cong ty xkld bao son co that ko')).toBe('21/LĐTBXH-GP');
    expect(find('cty baoson co phep k')).toBe('21/LĐTBXH-GP');
    expect(find('cty Baoo Son co phep k')).toBe('21/LĐTBXH-GP');
    expect(find('BAOSON EXLCO co uy tin ko')).toBe('21/LĐTBXH-GP');
    expect(find('công ty cơ khí xây dựng có phép không')).toBe('24/LĐTBXH-GP');
    expect(find('cty co so giay phep 22/LĐTBXH-GP')).toBe('22/LĐTBXH-GP');
  });

  it('the longer name when both fit, the choice when it is unclear, nothing when nothing fits', () => {
    expect(find('cty Hoang Long Nhat Ban co phep ko')).toBe('23/LĐTBXH-GP');
    expect(find('cty Hoàng Long có giấy phép ko')).toBe('22/LĐTBXH-GP');
    expect(find('cty Hoang Long Han Quoc co phep ko')).toEqual(['22/LĐTBXH-GP']);
    expect(find('cty Hoang Phat co giay phep ko')).toBe('notFound');
    expect(find('công ty đó có giấy phép không')).toBe('noName');
    expect(find('lam sao biet cty xkld co giay phep that')).toBe('noName');
  });
});
