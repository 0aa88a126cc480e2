import { isValidObjectId, type Connection } from 'mongoose';
import { z } from 'zod';
import { readLocales } from '../content/i18n.ts';
import { findFaq, intentSchema, loadContent, type Content, type Intent } from '../content/index.ts';
import { HttpError } from '../http/errors.ts';
import { attachReviewItem, markReviewItemOffTopic } from '../domain/review/resolve.ts';
import { languageSchema } from '../content/i18n.ts';
import { ReviewItems, reviewReasonSchema, reviewStatuses, reviewStatusSchema } from '../domain/review/queue.ts';
import { TrainingExamples } from '../domain/review/training-examples.ts';
import type { AdminApi } from './api.ts';
import { recordAudit } from './audit.ts';
import type { AdminDeps } from './deps.ts';

/**
 * The staff review loop of the understanding ("Câu hỏi cần xem"): messages the bot was unsure
 * about or whose answer was marked unhelpful; staff attach each to an FAQ entry (it becomes a
 * training example the bot learns at once) or mark it off-topic. Also the list of FAQ entries and
 * topic names the console shows instead of raw ids.
 */
const localized = z.object({ vi: z.string(), en: z.string() });

const reviewItemView = z.object({
  id: z.string(),
  text: z.string(),
  language: languageSchema,
  reason: reviewReasonSchema,
  status: reviewStatusSchema,
  createdAt: z.iso.datetime(),
  guess: z.object({ intent: z.string(), faqId: z.string().nullable(), score: z.number().nullable() }),
  resolved: z.object({ faqId: z.string().nullable(), by: z.string(), at: z.iso.datetime() }).nullable(),
});
type ReviewItemView = z.infer<typeof reviewItemView>;

interface ReviewRow {
  _id: unknown;
  text: string;
  textKey: string;
  language: string;
  reason: string;
  status: string;
  createdAt: Date;
  guessIntent: string;
  guessFaqId?: string | null;
  guessScore?: number | null;
  resolvedFaqId?: string | null;
  resolvedBy?: string | null;
  resolvedAt?: Date | null;
}

// The contactId is deliberately not in the view: staff need the words, not who wrote them.
const toView = (r: ReviewRow): ReviewItemView => ({
  id: String(r._id),
  text: r.text,
  language: languageSchema.catch('vi').parse(r.language),
  reason: reviewReasonSchema.parse(r.reason),
  status: reviewStatusSchema.parse(r.status),
  createdAt: r.createdAt.toISOString(),
  guess: { intent: r.guessIntent, faqId: r.guessFaqId ?? null, score: r.guessScore ?? null },
  resolved: r.resolvedAt && r.resolvedBy ? { faqId: r.resolvedFaqId ?? null, by: r.resolvedBy, at: r.resolvedAt.toISOString() } : null,
});

const countsView = z.object({
  status: z.object({ open: z.number(), attached: z.number(), off_topic: z.number() }),
  intents: z.array(z.object({ intent: z.string(), count: z.number() })).describe('guessed intents among the items of the chosen status'),
});

const itemParams = z.object({ id: z.string().max(64) });

/** Vietnamese first, then English, like the console shows it. */
const badInput = (path: string, vi: string, en: string) => new HttpError(400, 'invalid_request', `invalid body: ${path}: ${vi} (${en})`, [{ path, message: `${vi} (${en})` }]);
const notFoundVi = (vi: string, en: string) => new HttpError(404, 'not_found', `${vi} (${en})`);

const attachBody = z
  .object({
    faqId: z.string().trim().min(1).max(120).optional().describe('the FAQ entry the message means'),
    intent: intentSchema.optional().describe("or an intent: its first FAQ entry is used"),
  })
  .strict()
  .refine((b) => (b.faqId === undefined) !== (b.intent === undefined), 'cần đúng một trong hai: faqId hoặc intent (exactly one of faqId, intent)');

export function registerReviewRoutes(api: AdminApi, deps: Pick<AdminDeps, 'content' | 'trainingChanged'>): void {
  const content = deps.content ?? loadContent();
  const trainingChanged = deps.trainingChanged ?? (() => undefined);
  registerFaqListRoute(api, content);
  registerReviewItemRoutes(api, content, trainingChanged);
  registerTrainingExampleRoutes(api, trainingChanged);
}

/** Statuses and intents counted in code: one $sum accumulator per $group (FerretDB 1.24). */
async function reviewCounts(api: AdminApi, status: string | undefined): Promise<z.infer<typeof countsView>> {
  const model = ReviewItems(api.ctx.conn);
  const [byStatus, byIntent] = await Promise.all([
    model.aggregate<{ _id: string; n: number }>([{ $group: { _id: '$status', n: { $sum: 1 } } }]),
    model.aggregate<{ _id: string; n: number }>([...(status ? [{ $match: { status } }] : []), { $group: { _id: '$guessIntent', n: { $sum: 1 } } }]),
  ]);
  const counts = Object.fromEntries(reviewStatuses.map((s) => [s, byStatus.find((r) => r._id === s)?.n ?? 0])) as z.infer<typeof countsView>['status'];
  const intents = byIntent.map((r) => ({ intent: r._id, count: r.n })).sort((a, b) => b.count - a.count || a.intent.localeCompare(b.intent));
  return { status: counts, intents };
}

function registerReviewItemRoutes(api: AdminApi, content: Content, trainingChanged: () => void): void {
  registerReviewListRoute(api);
  registerAttachRoute(api, content, trainingChanged);
  registerOffTopicRoute(api, trainingChanged);
}

async function findItem(conn: Connection, id: string): Promise<ReviewRow> {
  const row = isValidObjectId(id) && /^[0-9a-f]{24}$/i.test(id) ? await ReviewItems(conn).findById(id).lean<ReviewRow>() : null;
  if (!row) throw notFoundVi('không tìm thấy câu hỏi cần xem này', 'review item not found');
  return row;
}

/** The FAQ entry staff chose: named directly, or the first entry of the intent they picked. */
function faqOf(content: Content, body: z.infer<typeof attachBody>): string {
  if (body.faqId) {
    if (!findFaq(content, body.faqId)) throw badInput('faqId', 'không có câu hỏi (FAQ) với mã này', 'no FAQ entry with this id');
    return body.faqId;
  }
  const first = content.faq.find((e) => e.intent === body.intent);
  if (!first) throw badInput('intent', 'chủ đề này không có câu hỏi (FAQ) nào', 'no FAQ entry for this intent');
  return first.id;
}

function registerReviewListRoute(api: AdminApi): void {
  const { conn } = api.ctx;
  api.route(
    {
      method: 'get',
      path: '/review-items',
      summary: 'Messages the bot could not answer well, newest first, with counts per status and guessed intent',
      tag: 'review',
      role: 'staff',
      query: z.object({
        status: reviewStatusSchema.optional(),
        intent: z.string().regex(/^[a-z_.]+$/).max(60).optional().describe('the guessed intent'),
        before: z.iso.datetime().optional().describe('only items created before this time (paging)'),
        limit: z.coerce.number().int().min(1).max(200).default(50),
      }),
      response: z.object({ items: z.array(reviewItemView), counts: countsView }),
    },
    async ({ query }) => {
      const filter: Record<string, unknown> = {};
      if (query.status) filter.status = query.status;
      if (query.intent) filter.guessIntent = query.intent;
      if (query.before) filter.createdAt = { $lt: new Date(query.before) };
      const [rows, counts] = await Promise.all([
        ReviewItems(conn).find(filter).sort({ createdAt: -1, _id: -1 }).limit(query.limit).lean<ReviewRow[]>(),
        reviewCounts(api, query.status),
      ]);
      return { items: rows.map(toView), counts };
    },
  );
}

function registerAttachRoute(api: AdminApi, content: Content, trainingChanged: () => void): void {
  const { conn, clock } = api.ctx;
  api.route(
    {
      method: 'post',
      path: '/review-items/:id/attach',
      summary: 'Attach a message to an FAQ entry (or an intent): the bot learns it as a training example at once',
      tag: 'review',
      role: 'staff',
      params: itemParams,
      body: attachBody,
      response: z.object({ item: reviewItemView, example: z.enum(['created', 'changed', 'unchanged']), alsoResolved: z.number() }),
      errors: [404],
    },
    async ({ params, body, actor }) => {
      const item = await findItem(conn, params.id);
      const faqId = faqOf(content, body);
      const now = clock.now();
      const result = await attachReviewItem(conn, item, faqId, actor.name, now);
      if (result.example !== 'unchanged') trainingChanged();
      // Ids only: the text may hold what the person typed about themselves.
      await recordAudit(conn, actor, now, { action: 'review.attach', target: `review:${params.id}`, before: { status: item.status }, after: { faqId, ...result } });
      return { item: toView(await findItem(conn, params.id)), ...result };
    },
  );
}

function registerOffTopicRoute(api: AdminApi, trainingChanged: () => void): void {
  const { conn, clock } = api.ctx;
  api.route(
    {
      method: 'post',
      path: '/review-items/:id/off-topic',
      summary: 'Mark a message as not about anything the office answers; it stays out of training',
      tag: 'review',
      role: 'staff',
      params: itemParams,
      response: z.object({ item: reviewItemView, withdrawn: z.boolean(), alsoResolved: z.number() }),
      errors: [404],
    },
    async ({ params, actor }) => {
      const item = await findItem(conn, params.id);
      const now = clock.now();
      const result = await markReviewItemOffTopic(conn, item, actor.name, now);
      if (result.withdrawn) trainingChanged();
      await recordAudit(conn, actor, now, { action: 'review.off_topic', target: `review:${params.id}`, before: { status: item.status }, after: result });
      return { item: toView(await findItem(conn, params.id)), ...result };
    },
  );
}

const exampleView = z.object({ id: z.string(), faqId: z.string(), text: z.string(), by: z.string(), createdAt: z.iso.datetime(), changedAt: z.iso.datetime() });

function registerTrainingExampleRoutes(api: AdminApi, trainingChanged: () => void): void {
  const { conn, clock } = api.ctx;
  api.route(
    {
      method: 'get',
      path: '/training-examples',
      summary: 'Training examples staff attached, most recently changed first',
      tag: 'review',
      role: 'staff',
      query: z.object({ faqId: z.string().max(120).optional(), limit: z.coerce.number().int().min(1).max(1000).default(200) }),
      response: z.object({ items: z.array(exampleView), total: z.number() }),
    },
    async ({ query }) => {
      const filter = query.faqId ? { faqId: query.faqId } : {};
      const [rows, total] = await Promise.all([
        TrainingExamples(conn).find(filter).sort({ changedAt: -1, _id: 1 }).limit(query.limit).lean(),
        TrainingExamples(conn).countDocuments(filter),
      ]);
      const items = rows.map((r) => ({ id: r._id, faqId: r.faqId, text: r.text, by: r.by, createdAt: r.createdAt.toISOString(), changedAt: r.changedAt.toISOString() }));
      return { items, total };
    },
  );

  api.route(
    { method: 'delete', path: '/training-examples/:id', summary: 'Remove a staff training example; the bot forgets it', tag: 'review', role: 'staff', params: z.object({ id: z.string().max(64) }), errors: [404] },
    async ({ params, actor }) => {
      const found = await TrainingExamples(conn).findById(params.id, { faqId: 1 }).lean();
      const deleted = found ? (await TrainingExamples(conn).deleteOne({ _id: params.id })).deletedCount : 0;
      if (!found || deleted === 0) throw notFoundVi('không tìm thấy ví dụ huấn luyện này', 'training example not found');
      trainingChanged();
      await recordAudit(conn, actor, clock.now(), { action: 'training.delete', target: `training:${params.id}`, before: { faqId: found.faqId } });
      return undefined;
    },
  );
}

type Strings = { [key: string]: string | Strings };

/** A topic's name for staff: the menu's wording of the intent, else its first FAQ question. */
function intentNames(content: Content): { intent: Intent; name: { vi: string; en: string } }[] {
  const resources = readLocales();
  const lookup = (lang: 'vi' | 'en', intent: string): string | undefined => {
    let node: string | Strings | undefined = (resources[lang]?.bot as Strings | undefined)?.intents;
    for (const part of intent.split('.')) node = typeof node === 'object' ? node[part] : undefined;
    return typeof node === 'string' ? node : undefined;
  };
  const intents = [...new Set(content.faq.map((e) => e.intent))];
  return intents.map((intent) => {
    const first = content.faq.find((e) => e.intent === intent)!;
    return { intent, name: { vi: lookup('vi', intent) ?? first.question.vi, en: lookup('en', intent) ?? first.question.en } };
  });
}

function registerFaqListRoute(api: AdminApi, content: Content): void {
  const items = content.faq.map((e) => ({ id: e.id, intent: e.intent, question: { vi: e.question.vi, en: e.question.en } }));
  const intents = intentNames(content);
  api.route(
    {
      method: 'get',
      path: '/faqs',
      summary: 'The FAQ entries (id, intent, question) and the name of each intent, for choosing in the console',
      tag: 'review',
      role: 'staff',
      response: z.object({
        items: z.array(z.object({ id: z.string(), intent: z.string(), question: localized })),
        intents: z.array(z.object({ intent: z.string(), name: localized })),
      }),
    },
    async () => ({ items, intents }),
  );
}
