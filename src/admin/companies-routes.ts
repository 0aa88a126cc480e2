import express from 'express';
import { z } from 'zod';
import { currentList } from '../domain/companies/current.ts';
import { companyStatusSchema, issuePlace, ListFileError, listMetaSchema, readListFile, type ListMeta } from '../domain/companies/list-file.ts';
import { lookupCompany } from '../domain/companies/match.ts';
import { HttpError } from '../http/errors.ts';
import { localDate } from '../core/time.ts';
import { importCompanyList, listVersions, type ListVersion, type StoredCompany } from '../domain/companies/model.ts';
import type { AdminApi } from './api.ts';
import { recordAudit } from './audit.ts';

/**
 * The licensed-company list behind the bot's "is this company licensed?" check: staff import a
 * new version of DOLAB's list (the CSV as downloaded and re-saved), see which version is current,
 * and search it as the bot does.
 */
export const DOLAB_LIST_SOURCE = {
  title: 'Cục Quản lý lao động ngoài nước – Bộ Nội vụ: danh sách doanh nghiệp được cấp giấy phép',
  url: 'https://dolab.moha.gov.vn',
} as const;

/** Big enough for the whole national list (about 500 firms) with long addresses. */
const MAX_FILE = '5mb';

const versionView = z.object({
  versionId: z.string(),
  source: z.object({ title: z.string(), url: z.string().optional() }),
  retrievedAt: z.iso.date(),
  sample: z.boolean(),
  fileName: z.string().nullable(),
  companyCount: z.number(),
  importedBy: z.string(),
  completedAt: z.iso.datetime(),
});
const companyView = z.object({
  id: z.string(),
  name: z.string(),
  shortNames: z.array(z.string()),
  licenceNumber: z.string(),
  licenceDate: z.iso.date(),
  address: z.string().nullable(),
  status: companyStatusSchema,
});

const toVersionView = (v: ListVersion): z.infer<typeof versionView> => ({
  versionId: v.versionId,
  source: v.source,
  retrievedAt: v.retrievedAt,
  sample: v.sample,
  fileName: v.fileName,
  companyCount: v.companyCount,
  importedBy: v.importedBy,
  completedAt: v.completedAt.toISOString(),
});
const toCompanyView = ({ id, name, shortNames, licenceNumber, licenceDate, address, status }: StoredCompany) => ({ id, name, shortNames, licenceNumber, licenceDate, address, status });

const importQuery = z.object({
  sourceUrl: z.url({ protocol: /^https?$/ }).max(500).optional().describe(`where the list was downloaded (default ${DOLAB_LIST_SOURCE.url})`),
  sourceTitle: z.string().trim().min(3).max(300).optional().describe('how the source is named to users'),
  retrievedAt: z.iso.date('phải có dạng 2026-12-04 (must be an ISO date)').optional().describe('the day the list was downloaded (default: today, office time)'),
  sample: z.enum(['true', 'false']).optional().describe('true for a made-up list: the bot then says it is not the official list'),
  fileName: z.string().trim().max(200).optional(),
});

/** Vietnamese first, then English, like the rest of the console. */
function invalidFile(err: ListFileError): HttpError {
  const fields = err.issues.map((i) => ({ path: issuePlace(i), message: i.message }));
  const first = fields.slice(0, 3).map((f) => `${f.path}: ${f.message}`).join('; ');
  return new HttpError(400, 'invalid_file', `Tệp danh sách có lỗi, chưa nhập gì (the list has errors, nothing was imported): ${first}`, fields);
}

function metaOf(query: z.infer<typeof importQuery>, today: string): ListMeta {
  const meta = listMetaSchema.parse({
    source: { title: query.sourceTitle ?? DOLAB_LIST_SOURCE.title, url: query.sourceUrl ?? DOLAB_LIST_SOURCE.url },
    retrievedAt: query.retrievedAt ?? today,
    sample: query.sample === 'true',
    fileName: query.fileName ?? null,
  });
  if (meta.retrievedAt > today) {
    throw new HttpError(400, 'invalid_request', 'invalid query: retrievedAt: ngày lấy danh sách không thể ở tương lai (cannot be in the future)', [
      { path: 'retrievedAt', message: 'ngày lấy danh sách không thể ở tương lai (cannot be in the future)' },
    ]);
  }
  return meta;
}

export function registerCompanyRoutes(api: AdminApi): void {
  const { conn, clock, config } = api.ctx;
  // The file comes as it is (text/csv), not wrapped in JSON: staff upload what they downloaded.
  api.router.post('/companies/import', express.text({ type: ['text/csv', 'text/plain', 'application/csv', 'application/vnd.ms-excel', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'], limit: MAX_FILE }));
  api.route(
    {
      method: 'post',
      path: '/companies/import',
      summary: 'Import a new version of the licensed-company list (CSV in the columns of DOLAB\'s list); all or nothing, the same list again changes nothing',
      tag: 'companies',
      role: 'staff',
      query: importQuery,
      body: z.string({ error: 'gửi nội dung tệp CSV với Content-Type: text/csv (send the CSV file with Content-Type: text/csv)' }),
      bodyType: 'text/csv',
      response: z.object({ status: z.enum(['imported', 'unchanged']), version: versionView }),
    },
    async ({ query, body, actor }) => {
      const now = clock.now();
      const meta = metaOf(query, localDate(now, config.tzDefault));
      let companies;
      try {
        companies = readListFile(body);
      } catch (err) {
        if (err instanceof ListFileError) throw invalidFile(err);
        throw err;
      }
      const before = (await listVersions(conn, 1))[0];
      const result = await importCompanyList(conn, { companies, meta, by: actor.name, at: now });
      await recordAudit(conn, actor, now, {
        action: 'companies.import',
        target: `company-list:${result.version.versionId}`,
        before: { versionId: before?.versionId ?? null },
        after: { status: result.status, companyCount: result.version.companyCount, retrievedAt: meta.retrievedAt, sample: meta.sample, source: meta.source.url ?? null },
      });
      return { status: result.status, version: toVersionView(result.version) };
    },
  );

  api.route(
    {
      method: 'get',
      path: '/companies',
      summary: 'The current licensed-company list (version, source, retrieval date) and its companies; with q, what the bot finds for that question',
      tag: 'companies',
      role: 'staff',
      query: z.object({
        q: z.string().trim().min(1).max(300).optional().describe('a company name, short name or licence number, or a whole question as a worker would write it'),
        limit: z.coerce.number().int().min(1).max(1000).default(100),
        offset: z.coerce.number().int().min(0).default(0),
      }),
      response: z.object({
        version: versionView.nullable(),
        versions: z.array(versionView).describe('completed imports, newest first'),
        match: z.enum(['found', 'choose', 'notFound', 'noName']).nullable().describe('with q: what the bot would answer'),
        total: z.number(),
        items: z.array(companyView),
      }),
    },
    async ({ query }) => {
      const [list, versions] = await Promise.all([currentList(conn), listVersions(conn, 10)]);
      if (!list) return { version: null, versions: [], match: null, total: 0, items: [] };
      const base = { version: toVersionView(list.version), versions: versions.map(toVersionView) };
      if (!query.q) return { ...base, match: null, total: list.companies.length, items: list.companies.slice(query.offset, query.offset + query.limit).map(toCompanyView) };
      const result = lookupCompany(list.index, query.q);
      const items = result.kind === 'found' ? [result.item] : result.kind === 'choose' ? result.items : [];
      return { ...base, match: result.kind, total: items.length, items: items.map(toCompanyView) };
    },
  );
}
