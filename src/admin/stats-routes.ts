import type { Response } from 'express';
import { z } from 'zod';
import { dueForReview, loadContent, type Content } from '../content/index.ts';
import { loadPlan } from '../stats/plan.ts';
import { periodSchema, vietnamDay, vietnamYear } from '../core/period.ts';
import { computeStats, statsSchema } from '../stats/report.ts';
import { statsToCsv, statsToXlsx } from '../stats/csv.ts';
import { XLSX_TYPE } from '../core/xlsx.ts';
import { labelsFor } from '../domain/leads/labels.ts';
import type { AdminApi } from './api.ts';
import { recordAudit } from './audit.ts';
import type { Actor } from './auth.ts';

const year = z.coerce.number().int().min(2000).max(2100).optional().describe('calendar year (Vietnam time); default: this year');
const format = z.enum(['json', 'csv', 'xlsx']).default('json').describe('json, or the report file to hand in: csv (UTF-8 with BOM) or xlsx (Excel)');
const localized = z.object({ vi: z.string(), en: z.string() });

export const contentReviewsSchema = z.object({
  today: z.iso.date(),
  withinDays: z.number().int(),
  items: z.array(
    z.object({
      kind: z.enum(['faq', 'market', 'fees', 'loans']),
      id: z.string(),
      name: localized,
      reviewedAt: z.iso.date(),
      reviewBy: z.iso.date(),
      overdue: z.boolean(),
    }),
  ),
});

/**
 * Progress against the district plan's yearly targets, the half-year / annual report view, and
 * the dated content (wages, yearly totals) staff must check again soon.
 */
export function registerStatsRoutes(api: AdminApi, deps: { content?: Content } = {}): void {
  const { conn, clock } = api.ctx;
  const content = deps.content ?? loadContent();

  async function answer(yearAsked: number | undefined, period: 'h1' | 'year', fmt: 'json' | 'csv' | 'xlsx', res: Response, actor: Actor) {
    const now = clock.now();
    const stats = await computeStats(conn, loadPlan(), yearAsked ?? vietnamYear(now), period, now);
    if (fmt === 'json') return stats;
    await recordAudit(conn, actor, now, { action: 'stats.export', target: `stats:${stats.year}:${period}` });
    const labels = labelsFor('vi', content.communes.communes);
    const name = `bao-cao-bac-son-${stats.year}-${period === 'h1' ? '6-thang' : 'ca-nam'}.${fmt}`;
    res.status(200).setHeader('content-disposition', `attachment; filename="${name}"`);
    if (fmt === 'csv') res.type('text/csv; charset=utf-8').send(statsToCsv(stats, labels));
    else res.type(XLSX_TYPE).send(statsToXlsx(stats, labels));
    return undefined;
  }

  api.route(
    {
      method: 'get',
      path: '/stats',
      summary: 'Progress against the plan for a year: leads, departures vs targets, growth, conferences, return plans, broadcasts',
      tag: 'stats',
      role: 'staff',
      query: z.object({ year, format }),
      response: statsSchema,
      produces: ['text/csv', XLSX_TYPE],
    },
    async ({ query, res, actor }) => answer(query.year, 'year', query.format, res, actor),
  );

  api.route(
    {
      method: 'get',
      path: '/stats/report',
      summary: 'The half-year (January–June, due mid-June) or annual (due mid-December) report',
      tag: 'stats',
      role: 'staff',
      query: z.object({ year, period: periodSchema.default('year'), format }),
      response: statsSchema,
      produces: ['text/csv', XLSX_TYPE],
    },
    async ({ query, res, actor }) => answer(query.year, query.period, query.format, res, actor),
  );

  api.route(
    {
      method: 'get',
      path: '/content-reviews',
      summary: 'Dated content (wages for one year, yearly totals) whose reviewBy day is past or within `withinDays` (default 60), soonest first',
      tag: 'stats',
      role: 'staff',
      query: z.object({ withinDays: z.coerce.number().int().min(0).max(366).default(60) }),
      response: contentReviewsSchema,
    },
    async ({ query }) => {
      const today = vietnamDay(clock.now());
      const items = dueForReview(content, today, query.withinDays).map((i) => ({ ...i, overdue: i.reviewBy < today }));
      return { today, withinDays: query.withinDays, items };
    },
  );
}
