import { createHash } from 'node:crypto';
import { z } from 'zod';
import { foldDiacritics } from '../../content/normalize.ts';
import { CsvError, parseCsv, type CsvRow } from './csv.ts';

/**
 * The list of licensed service enterprises ("doanh nghiệp dịch vụ đưa người lao động đi làm việc ở
 * nước ngoài") as staff import it: a CSV in the columns of DOLAB's published list. Headers are
 * recognised in Vietnamese (with or without diacritics) or English; other columns (STT, phone,
 * e-mail…) are ignored, and title lines above the header are skipped, so a re-saved download
 * works as it is. Every problem is reported with its line and column and nothing is imported.
 */
export const companyStatuses = ['active', 'revoked', 'suspended'] as const;
export const companyStatusSchema = z.enum(companyStatuses);
export type CompanyStatus = z.infer<typeof companyStatusSchema>;

export interface CompanyRow {
  /** Line of the file, kept so staff can find the row again. */
  line: number;
  name: string;
  shortNames: string[];
  licenceNumber: string;
  /** ISO date (YYYY-MM-DD). */
  licenceDate: string;
  address: string | null;
  status: CompanyStatus;
}

/** Where the list came from, shown to users with every answer. */
export const listMetaSchema = z.object({
  source: z.object({
    title: z.string().trim().min(3).max(300),
    url: z.url({ protocol: /^https?$/ }).max(500).optional(),
  }),
  /** The day the list was downloaded from the source (office date). */
  retrievedAt: z.iso.date('ngày lấy danh sách phải có dạng 2026-12-04 (must be an ISO date)'),
  /** A made-up list for trying the system: the bot then says it is not the official list. */
  sample: z.boolean().default(false),
  fileName: z.string().trim().max(200).nullable().default(null),
});
export type ListMeta = z.infer<typeof listMetaSchema>;

export interface ListIssue {
  line: number;
  /** The column as written in the file's header, or null for the whole row or file. */
  column: string | null;
  /** Vietnamese first, then English in brackets. */
  message: string;
}

export class ListFileError extends Error {
  constructor(readonly issues: ListIssue[]) {
    super(issues.map(describeIssue).join('; '));
  }
}

/** `dòng 5, cột "Ngày cấp"` — how staff find the cell. */
export function issuePlace(issue: ListIssue): string {
  return issue.column === null ? `dòng ${issue.line} (line ${issue.line})` : `dòng ${issue.line}, cột "${issue.column}" (line ${issue.line}, column "${issue.column}")`;
}

export function describeIssue(issue: ListIssue): string {
  return `${issuePlace(issue)}: ${issue.message}`;
}

type Field = 'name' | 'shortNames' | 'licenceNumber' | 'licenceDate' | 'address' | 'status';

/** Header words per field, folded (no diacritics, lower case); a header matches one exactly. */
const HEADERS: Record<Field, readonly string[]> = {
  name: ['ten doanh nghiep', 'ten cong ty', 'doanh nghiep', 'ten doanh nghiep tieng viet', 'ten', 'name', 'company', 'company name'],
  shortNames: ['ten viet tat', 'ten giao dich', 'ten tieng anh', 'ten viet tat ten giao dich', 'ten giao dich ten viet tat', 'viet tat', 'short name', 'short names', 'abbreviation'],
  licenceNumber: ['so giay phep', 'so gp', 'giay phep so', 'so hieu giay phep', 'licence number', 'license number', 'licence no', 'license no', 'licence'],
  licenceDate: ['ngay cap', 'ngay cap giay phep', 'ngay cap gp', 'ngay cap phep', 'licence date', 'license date', 'date issued', 'issued'],
  address: ['dia chi', 'dia chi tru so', 'dia chi tru so chinh', 'tru so', 'tru so chinh', 'address', 'head office'],
  status: ['tinh trang', 'trang thai', 'tinh trang hoat dong', 'tinh trang giay phep', 'status'],
};
const REQUIRED: readonly Field[] = ['name', 'licenceNumber', 'licenceDate'];
const FIELD_LABEL: Record<Field, string> = {
  name: 'Tên doanh nghiệp',
  shortNames: 'Tên viết tắt',
  licenceNumber: 'Số giấy phép',
  licenceDate: 'Ngày cấp',
  address: 'Địa chỉ trụ sở chính',
  status: 'Tình trạng',
};
/** The header line of the files this project writes (and the seed in content/companies). */
export const LIST_HEADER = Object.values(FIELD_LABEL);

/** Bracketed notes dropped, punctuation to spaces: "Số giấy phép (số/ký hiệu)" → "so giay phep". */
function headerKey(header: string): string {
  return foldDiacritics(header.replace(/\(.*?\)/g, ' '))
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function fieldOfHeader(header: string): Field | undefined {
  const key = headerKey(header);
  return (Object.keys(HEADERS) as Field[]).find((f) => HEADERS[f].includes(key));
}

/** The first of the first ten rows that names at least the company and the licence number. */
function findHeader(rows: CsvRow[]): { index: number; columns: Map<Field, number> } | undefined {
  for (let index = 0; index < Math.min(rows.length, 10); index++) {
    const columns = new Map<Field, number>();
    rows[index]!.cells.forEach((cell, i) => {
      const field = fieldOfHeader(cell);
      if (field && !columns.has(field)) columns.set(field, i);
    });
    if (columns.has('name') && columns.has('licenceNumber')) return { index, columns };
  }
  return undefined;
}

/** dd/mm/yyyy (also with - or .), d/m/yyyy, or yyyy-mm-dd; the calendar must know the day. */
export function parseListDate(value: string): string | undefined {
  const v = value.trim();
  let y: number, m: number, d: number;
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(v);
  const ymd = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(v);
  if (dmy) [d, m, y] = [Number(dmy[1]), Number(dmy[2]), Number(dmy[3])];
  else if (ymd) [y, m, d] = [Number(ymd[1]), Number(ymd[2]), Number(ymd[3])];
  else return undefined;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || y < 1990) return undefined;
  return date.toISOString().slice(0, 10);
}

/** DOLAB's wording of a licence's state; an empty cell means the firm is on the licensed list. */
export function parseListStatus(value: string): CompanyStatus | undefined {
  const key = headerKey(value);
  // Checked first: "Tạm đình chỉ hoạt động" also contains "hoạt động".
  if (/thu hoi|nop lai|revoked|withdrawn/.test(key)) return 'revoked';
  if (/dinh chi|tam dung|suspended/.test(key)) return 'suspended';
  if (key === '' || key === 'active' || /\bhoat dong\b/.test(key) || key === 'con hieu luc' || key === 'duoc cap phep') return 'active';
  return undefined;
}

const cellText = (max: number, what: string) =>
  z.string().trim().min(1, `${what} đang trống (${what === 'tên doanh nghiệp' ? 'company name' : 'value'} missing)`).max(max, `quá dài, tối đa ${max} ký tự (too long, at most ${max} characters)`);

const rowSchema = z.object({
  name: cellText(300, 'tên doanh nghiệp'),
  shortNames: z.array(z.string().trim().min(1).max(120, 'tên viết tắt quá dài, tối đa 120 ký tự (short name too long)')).max(10),
  licenceNumber: cellText(60, 'số giấy phép'),
  licenceDate: z.string().transform((v, ctx) => {
    const date = parseListDate(v);
    if (!date) ctx.addIssue({ code: 'custom', message: `ngày "${v}" không đọc được, hãy ghi dạng 31/12/2024 (date not understood, write it as 31/12/2024)` });
    return date ?? '';
  }),
  address: z.string().trim().max(500, 'địa chỉ quá dài, tối đa 500 ký tự (address too long)').transform((v) => (v === '' ? null : v)),
  status: z.string().transform((v, ctx) => {
    const status = parseListStatus(v);
    if (!status) ctx.addIssue({ code: 'custom', message: `tình trạng "${v}" không rõ: ghi "Đang hoạt động", "Bị thu hồi giấy phép" hoặc "Tạm đình chỉ" (status not understood: active, revoked or suspended)` });
    return status ?? 'active';
  }),
});

/** Short names in one cell are separated by ";" or "|" (commas occur inside them: "VINACO.,JSC"). */
function splitShortNames(cell: string, name: string): string[] {
  return [...new Set(cell.split(/[;|\n]/).map((s) => s.trim()).filter((s) => s !== '' && s !== name))];
}

function rowOf(row: CsvRow, columns: Map<Field, number>, headerCells: string[], issues: ListIssue[]): CompanyRow | undefined {
  const cell = (f: Field) => (columns.has(f) ? (row.cells[columns.get(f)!] ?? '') : '');
  const parsed = rowSchema.safeParse({
    name: cell('name'),
    shortNames: splitShortNames(cell('shortNames'), cell('name').trim()),
    licenceNumber: cell('licenceNumber'),
    licenceDate: cell('licenceDate'),
    address: cell('address'),
    status: cell('status'),
  });
  if (parsed.success) return { line: row.line, ...parsed.data };
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as Field;
    issues.push({ line: row.line, column: headerCells[columns.get(field) ?? -1] ?? FIELD_LABEL[field], message: issue.message });
  }
  return undefined;
}

/** At most this many problems are listed: a wrong file would otherwise list every row. */
const MAX_ISSUES = 20;

/** Reads a list file; throws ListFileError (line, column, Vietnamese then English) and nothing else. */
export function readListFile(text: string): CompanyRow[] {
  if (text.startsWith('PK\u0003\u0004')) {
    throw new ListFileError([{ line: 1, column: null, message: 'đây là tệp Excel (.xlsx): hãy mở bằng Excel và "Lưu thành" CSV UTF-8 (this is an Excel file: save it as CSV UTF-8)' }]);
  }
  if (text.includes('\uFFFD')) {
    const line = text.slice(0, text.indexOf('\uFFFD')).split('\n').length;
    throw new ListFileError([{ line, column: null, message: 'tệp không phải UTF-8: hãy lưu lại thành CSV UTF-8 (the file is not UTF-8: save it as CSV UTF-8)' }]);
  }
  let rows: CsvRow[];
  try {
    rows = parseCsv(text);
  } catch (err) {
    if (err instanceof CsvError) throw new ListFileError([{ line: err.line, column: null, message: 'dấu ngoặc kép (") mở mà không đóng (unclosed quote)' }]);
    throw err;
  }
  const header = findHeader(rows);
  if (!header) {
    const needed = REQUIRED.map((f) => `"${FIELD_LABEL[f]}"`).join(', ');
    throw new ListFileError([{ line: rows[0]?.line ?? 1, column: null, message: `không thấy dòng tiêu đề có các cột ${needed} (no header line with these columns)` }]);
  }
  const headerCells = rows[header.index]!.cells;
  const issues: ListIssue[] = REQUIRED.filter((f) => !header.columns.has(f)).map((f) => ({
    line: rows[header.index]!.line,
    column: null,
    message: `thiếu cột "${FIELD_LABEL[f]}" (missing column "${FIELD_LABEL[f]}")`,
  }));
  const companies: CompanyRow[] = [];
  for (const row of rows.slice(header.index + 1)) {
    const company = rowOf(row, header.columns, headerCells, issues);
    if (company) companies.push(company);
  }
  if (issues.length === 0 && companies.length === 0) {
    issues.push({ line: rows[header.index]!.line, column: null, message: 'tệp không có doanh nghiệp nào dưới dòng tiêu đề (no companies below the header)' });
  }
  if (issues.length > 0) throw new ListFileError(issues.slice(0, MAX_ISSUES));
  return companies;
}

/** What makes two imports the same: the companies as read and where and when the list came from. */
export function listHash(companies: readonly CompanyRow[], meta: ListMeta): string {
  const rows = companies.map(({ line: _line, ...c }) => c);
  const { fileName: _fileName, ...origin } = meta;
  return createHash('sha256').update(JSON.stringify({ rows, origin })).digest('hex');
}
