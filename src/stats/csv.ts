import { UTF8_BOM, csvRow } from '../core/csv.ts';
import { xlsxWorkbook } from '../core/xlsx.ts';
import type { Labels } from '../domain/leads/labels.ts';
import { vietnamDate } from '../core/period.ts';
import type { Stats } from './report.ts';

type Cell = string | number | null;
type Rows = Cell[][];

/** 2026-06-15 → 15/06/2026, as dates are written on Vietnamese reports. */
const dmy = (isoDay: string) => isoDay.split('-').reverse().join('/');
const percent = (x: number | null) => (x === null ? '' : `${Math.round(x * 1000) / 10}%`);
const yesNo = (b: boolean | null) => (b === null ? '' : b ? 'Đạt' : 'Chưa đạt');

function heading(s: Stats): Rows {
  const name = s.period === 'h1' ? `6 tháng đầu năm ${s.year}` : `năm ${s.year}`;
  return [
    [`BÁO CÁO KẾT QUẢ ĐƯA NGƯỜI LAO ĐỘNG ĐI LÀM VIỆC Ở NƯỚC NGOÀI THEO HỢP ĐỒNG — ${name.toUpperCase()}`],
    ['Kỳ báo cáo', name],
    ['Số liệu tính từ ngày', vietnamDate(new Date(s.from))],
    ['Đến hết ngày', dmy(s.lastDayCounted) + (s.partial ? ' (ngày lập báo cáo; kỳ chưa kết thúc)' : '')],
    ['Hạn nộp', s.dueBefore ? `trước ngày ${dmy(s.dueBefore)}` : ''],
    ['Nơi nhận', s.reportRecipient?.vi ?? '(chưa đặt)'],
    ['Ghi chú', s.plan.note.vi],
  ];
}

function targets(s: Stats): Rows {
  const d = s.departures;
  const rows: Rows = [['I. CHỈ TIÊU XUẤT CẢNH LAO ĐỘNG'], ['Chỉ tiêu', 'Kế hoạch năm', 'Kế hoạch kỳ', 'Thực hiện', 'Tỷ lệ', 'Đánh giá']];
  for (const t of d.targets) rows.push([t.label.vi, t.yearlyTarget, t.periodTarget, t.actual, percent(t.progress), yesNo(t.met)]);
  rows.push(['Tổng số lao động xuất cảnh trong kỳ', '', '', d.total]);
  rows.push(['Cùng kỳ năm trước', '', '', d.previousPeriodTotal]);
  rows.push([`Tăng trưởng (mục tiêu ${percent(d.growthTarget.min)}–${percent(d.growthTarget.max)})`, '', '', percent(d.growth), '', yesNo(d.growthMet)]);
  if (d.baseline) rows.push([`So với năm gốc ${d.baseline.year} (${d.baseline.departures} người; ${d.baseline.source})`, '', `${d.baseline.targetMin}–${d.baseline.targetMax}`, d.baseline.actual, '', yesNo(d.baseline.met)]);
  return rows;
}

function breakdowns(s: Stats, labels: Labels): Rows {
  const byCommune = new Map(s.departures.byCommune.map((r) => [r.communeId, r.count]));
  const communes = [...new Set([...s.leads.byCommune.map((r) => r.communeId), ...byCommune.keys()])];
  const leadsOf = new Map(s.leads.byCommune.map((r) => [r.communeId, r.count]));
  return [
    ['II. THEO XÃ'],
    ['Xã', 'Người đăng ký mới', 'Lao động xuất cảnh'],
    ...communes.map((c) => [labels.commune(c), leadsOf.get(c) ?? 0, byCommune.get(c) ?? 0]),
    [],
    ['III. LAO ĐỘNG XUẤT CẢNH THEO THỊ TRƯỜNG'],
    ['Thị trường', 'Số người'],
    ...s.departures.byMarket.map((r) => [labels.market(r.market), r.count]),
    [],
    ['IV. NGƯỜI ĐĂNG KÝ'],
    ['Tổng số người đăng ký mới', s.leads.total],
    ...Object.entries(s.leads.byStatus).map(([k, v]) => [`Trạng thái: ${labels.status(k)}`, v]),
    ...s.leads.byMarket.map((r) => [`Muốn đi: ${labels.market(r.market)}`, r.count]),
    [],
    ['V. VAY VỐN'],
    ['Người đăng ký có nhu cầu vay vốn', s.leads.wantsLoan],
  ];
}

function months(s: Stats): Rows {
  return [
    ['VI. THEO THÁNG'],
    ['Tháng', 'Người đăng ký mới', 'Lao động xuất cảnh'],
    ...s.months.map((m, i) => [m.split('-').reverse().join('/'), s.leads.byMonth[i] ?? 0, s.departures.byMonth[i] ?? 0]),
  ];
}

function activities(s: Stats): Rows {
  const b = s.broadcasts;
  return [
    ['VII. HỘI NGHỊ, THÔNG BÁO, VỀ NƯỚC'],
    ['Hội nghị tư vấn đã tổ chức', s.conferences.held],
    ['Lượt đăng ký dự hội nghị', s.conferences.signups],
    ['Hội nghị sắp tới', s.conferences.upcoming],
    ['Hội nghị đã huỷ', s.conferences.cancelled],
    ['Thông báo đã gửi', b.count],
    ['Tin đã đến người nhận', b.deliveries.sent],
    ['Tin không gửi được (lỗi)', b.deliveries.failed],
    ['Tin ngoài thời hạn nhắn tin (cần gọi điện)', b.deliveries.window_closed],
    ['Hợp đồng hết hạn trong kỳ', s.placements.contractsEnding],
    ['Đã về nước', s.placements.returned],
    ['Về nước đúng hạn', s.placements.returnedOnTime],
    ['Quá hạn chưa về', s.placements.overdue],
    ['Còn ở nước ngoài', s.placements.stillAbroad],
  ];
}

/**
 * The half-year or annual report as rows an office can hand in: laid out like the plan's report
 * tables (targets and what was achieved, by commune and market, loans, activities), headings and
 * names in Vietnamese, dates as dd/mm/yyyy in Vietnam time.
 */
export function reportRows(s: Stats, labels: Labels): Rows {
  const blocks = [heading(s), targets(s), breakdowns(s, labels), months(s), activities(s)];
  return blocks.flatMap((b, i) => (i === 0 ? b : [[], ...b]));
}

/** The report as CSV, UTF-8 with a BOM so Excel shows the Vietnamese correctly. */
export function statsToCsv(s: Stats, labels: Labels): string {
  return UTF8_BOM + reportRows(s, labels).map((r) => csvRow(r)).join('');
}

/** The report as an Excel workbook: the same rows, headings bold, the first column wide. */
export function statsToXlsx(s: Stats, labels: Labels): Buffer {
  return xlsxWorkbook(s.period === 'h1' ? `6 tháng ${s.year}` : `Năm ${s.year}`, reportRows(s, labels), [58, 16, 16, 14, 12, 12]);
}
