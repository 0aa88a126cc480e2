import type { Response } from 'express';
import type { Connection } from 'mongoose';
import { z } from 'zod';
import type { AppContext } from '../core/context.ts';
import { notFound } from '../http/errors.ts';
import { UTF8_BOM, pipeRows } from '../core/csv.ts';
import { erasePerson } from '../privacy/erase.ts';
import { mergeLeads } from '../domain/leads/merge.ts';
import { isLeadId, leadFilter, leadListQuerySchema, type LeadListQuery } from '../domain/leads/query.ts';
import { changeLeadStatus } from '../domain/leads/status.ts';
import { labelsFor, type Labels } from '../domain/leads/labels.ts';
import { leadCsvHeader, leadCsvRow, leadDetailView, leadView, toLeadDetail, toLeadView, type LeadRow } from '../domain/leads/view.ts';
import { Leads, leadStatusSchema, marketIdSchema } from '../domain/leads/model.ts';
import { loadContent, type Content } from '../content/index.ts';
import type { AdminApi } from './api.ts';
import type { Actor } from './auth.ts';
import { recordAudit, recordRead } from './audit.ts';
import { visibleTo } from './visible-to.ts';


const idParams = z.object({ id: z.string().max(64) });

type Communes = Content['communes']['communes'];
/** The list's criteria without its paging and output options: what the filter and audit see. */
type LeadCriteria = Omit<LeadListQuery, 'page' | 'pageSize' | 'format' | 'lang'>;

/** Staff follow-up of leads: list/filter, CSV export, detail, status pipeline, merge, erase. */
export function registerLeadRoutes(api: AdminApi, deps: { content?: Content } = {}): void {
  const communes = (deps.content ?? loadContent()).communes.communes;
  registerListRoute(api, communes);
  registerDetailRoute(api);
  registerStatusRoute(api);
  registerMergeRoute(api);
  registerEraseRoute(api);
}

async function findLead(conn: Connection, id: string): Promise<LeadRow> {
  // A malformed id cannot name a lead: same answer as an unknown one.
  const lead = isLeadId(id) ? await Leads(conn).findById(id).lean<LeadRow>() : null;
  if (!lead) throw notFound('lead');
  return lead;
}

function registerListRoute(api: AdminApi, communes: Communes): void {
  api.route(
    {
      method: 'get',
      path: '/leads',
      summary: 'List and filter leads; format=csv streams every matching lead as a CSV file (UTF-8 with BOM; headings and values in Vietnamese, or English with lang=en; dates dd/mm/yyyy Vietnam time)',
      tag: 'leads',
      role: 'staff',
      query: leadListQuerySchema,
      response: z.object({ items: z.array(leadView), total: z.number(), page: z.number(), pageSize: z.number() }),
      produces: ['text/csv'],
    },
    async ({ query, actor, res }) => {
      const { page, pageSize, format, lang, ...criteria } = query;
      if (format === 'csv') {
        await exportLeadsCsv(api.ctx, actor, res, criteria, labelsFor(lang, communes), lang);
        return undefined;
      }
      return listLeadsPage(api.ctx, actor, criteria, page, pageSize);
    },
  );
}

/** One page of matching leads, newest first, with the total for the pager. */
async function listLeadsPage(ctx: AppContext, actor: Actor, criteria: LeadCriteria, page: number, pageSize: number) {
  const { conn, clock } = ctx;
  const filter = leadFilter(criteria);
  const [items, total] = await Promise.all([
    Leads(conn).find(filter).sort({ createdAt: -1, _id: -1 }).skip((page - 1) * pageSize).limit(pageSize).lean<LeadRow[]>(),
    Leads(conn).countDocuments(filter),
  ]);
  // Reads of personal data are audited too: who saw which leads, when.
  await recordAudit(conn, actor, clock.now(), { action: 'lead.list', after: { leadIds: items.map((l) => String(l._id)), page, total } });
  return { items: items.map((l) => toLeadView(visibleTo(actor, l))), total, page, pageSize };
}

/** Every matching lead as a CSV download, streamed row by row, and the export in the audit log. */
async function exportLeadsCsv(ctx: AppContext, actor: Actor, res: Response, criteria: LeadCriteria, labels: Labels, lang: LeadListQuery['lang']): Promise<void> {
  const { conn, clock } = ctx;
  res.status(200);
  res.setHeader('content-type', 'text/csv; charset=utf-8');
  res.setHeader('content-disposition', `attachment; filename="leads-${clock.now().toISOString().slice(0, 10)}.csv"`);
  res.setHeader('cache-control', 'no-store');
  res.write(UTF8_BOM + leadCsvHeader(lang));
  // No sort: the file needs every lead once, not an order, and FerretDB sorts the whole
  // collection in memory before the first row (seconds for 100,000 leads; the socket times out).
  const cursor = Leads(conn).find(leadFilter(criteria)).lean<LeadRow[]>().cursor({ batchSize: 500 });
  const rows = (async function* () {
    for await (const lead of cursor) yield leadCsvRow(visibleTo(actor, lead as unknown as LeadRow), labels);
  })();
  let result: { rows: number; complete: boolean };
  try {
    result = await pipeRows(rows, res);
  } catch (err) {
    // Headers are gone: cut the download so it cannot pass for a complete file.
    res.destroy();
    throw err;
  } finally {
    await cursor.close().catch(() => undefined);
  }
  await recordAudit(conn, actor, clock.now(), {
    action: 'lead.export',
    // The free-text search may be a name or number: the audit log records only that there was one.
    after: { format: 'csv', filter: { ...criteria, ...(criteria.q ? { q: '[text search]' } : {}) }, rows: result.rows, complete: result.complete, sensitive: actor.role === 'admin' },
  });
  res.end();
}

function registerDetailRoute(api: AdminApi): void {
  const { conn, clock } = api.ctx;
  api.route(
    { method: 'get', path: '/leads/:id', summary: 'One lead with its status history (read audited)', tag: 'leads', role: 'staff', params: idParams, response: leadDetailView, errors: [404] },
    async ({ params, actor }) => {
      const lead = await findLead(conn, params.id);
      await recordRead(conn, actor, clock.now(), 'lead.read', `lead:${String(lead._id)}`);
      return toLeadDetail(visibleTo(actor, lead));
    },
  );
}

function registerStatusRoute(api: AdminApi): void {
  const { conn, clock } = api.ctx;
  api.route(
    {
      method: 'patch',
      path: '/leads/:id/status',
      summary: 'Move a lead along the pipeline (new → contacted → training → departed → returned, or withdrawn)',
      tag: 'leads',
      role: 'staff',
      params: idParams,
      body: z.object({
        status: leadStatusSchema,
        note: z.string().trim().min(1).max(500).optional(),
        market: marketIdSchema.optional().describe('destination market; required when status is departed'),
      }),
      response: leadDetailView,
      errors: [404, 409],
    },
    async ({ params, body, actor }) => {
      await findLead(conn, params.id);
      const now = clock.now();
      const change = await changeLeadStatus(conn, params.id, body, actor.name, now);
      await recordAudit(conn, actor, now, {
        action: 'lead.status',
        target: `lead:${params.id}`,
        before: { status: change.from },
        after: { status: change.to, ...(body.market ? { market: body.market } : {}) },
        // The note stays on the lead (and goes when the lead is erased), not in the audit log.
      });
      return toLeadDetail(visibleTo(actor, await findLead(conn, params.id)));
    },
  );
}

function registerMergeRoute(api: AdminApi): void {
  const { conn, clock } = api.ctx;
  api.route(
    {
      method: 'post',
      path: '/leads/:id/merge',
      summary: 'Merge this lead into another one that is the same person (its contacts and number move to that lead; this lead is deleted)',
      tag: 'leads',
      role: 'staff',
      params: idParams,
      body: z.object({ intoLeadId: z.string().max(64).describe('the lead that stays') }).strict(),
      response: leadDetailView,
      errors: [404, 409],
    },
    async ({ params, body, actor }) => {
      await findLead(conn, params.id);
      const now = clock.now();
      const result = await mergeLeads(conn, params.id, body.intoLeadId, now);
      await recordAudit(conn, actor, now, {
        action: 'lead.merge',
        target: `lead:${result.intoLeadId}`,
        // Ids and counts only: the numbers that moved are personal data and stay on the lead.
        before: { mergedLeadId: result.mergedLeadId, mergedStatus: result.mergedStatus },
        after: { contactsMoved: result.contactsMoved },
      });
      return toLeadDetail(visibleTo(actor, await findLead(conn, result.intoLeadId)));
    },
  );
}

function registerEraseRoute(api: AdminApi): void {
  const { conn, clock } = api.ctx;
  api.route(
    {
      method: 'delete',
      path: '/leads/:id',
      summary: "Erase a person's personal data starting from their lead (lead anonymised, linked contacts and chat state erased)",
      tag: 'leads',
      role: 'admin',
      params: idParams,
      errors: [404],
    },
    async ({ params, actor }) => {
      if (!isLeadId(params.id)) throw notFound('lead');
      const now = clock.now();
      const result = await erasePerson(conn, { leadId: params.id }, 'staff', now);
      if (!result.found) throw notFound('lead');
      if (!result.alreadyErased) await recordAudit(conn, actor, now, { action: 'lead.erase', target: `lead:${params.id}` });
      return undefined;
    },
  );
}
