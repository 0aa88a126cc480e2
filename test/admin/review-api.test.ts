import type { Connection } from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { AuditEntries } from '../../src/admin/audit.ts';
import { loadContent } from '../../src/content/index.ts';
import { recordForReview, ReviewItems, type ReviewInput } from '../../src/domain/review/queue.ts';
import { TrainingExamples } from '../../src/domain/review/training-examples.ts';
import { openTestDb, testDbName } from '../helpers/db.ts';
import { waitFor } from '../helpers/http.ts';
import { api, startTestService, type TestService } from '../helpers/service.ts';
import { staffToken } from '../helpers/console-fixtures.ts';

/**
 * The staff review loop through the admin API: messages the bot could not answer are listed,
 * staff attach them to an FAQ entry or mark them off-topic, and the bot (this copy at once, another
 * copy by polling) answers them from then on.
 */
const content = loadContent();
const loanEntry = content.faq.find((e) => e.intent === 'loans.bank')!;
const scamEntry = content.faq.find((e) => e.intent === 'safety.scams')!;
const NONSENSE = 'cho hỏi cái vụ giấy xanh đỏ ở xóm trên thế nào';

const item = (over: Partial<ReviewInput>): ReviewInput => ({
  contactId: 'zalo:rv-1',
  text: 'vụ tiền nong đi làm xa',
  language: 'vi',
  reason: 'unsure',
  guess: { intent: 'loans.bank', faqId: loanEntry.id, score: 0.31 },
  at: new Date('2026-11-20T03:00:00Z'),
  ...over,
});

type ItemView = { id: string; text: string; status: string; reason: string; guess: { intent: string; faqId: string | null }; resolved: { faqId: string | null; by: string } | null };
type ListBody = { items: ItemView[]; counts: { status: Record<string, number>; intents: { intent: string; count: number }[] } };

describe('review queue admin API', () => {
  let conn: Connection;
  let svc: TestService;
  let staff: string;
  const name = testDbName();
  const list = async (query = '') => (await api(svc.base, 'GET', `/api/review-items${query}`, undefined, staff)).json as unknown as ListBody;
  const idOf = async (text: string) => (await list()).items.find((i) => i.text === text)!.id;

  beforeAll(async () => {
    conn = await openTestDb(name);
    svc = await startTestService(conn, { env: { TRAINING_POLL_SECONDS: '1' } });
    staff = await staffToken(svc.base, 'Cán bộ Hoà');
    await recordForReview(conn, item({ text: 'vụ tiền nong đi làm xa', at: new Date('2026-11-20T03:00:00Z') }));
    await recordForReview(conn, item({ contactId: 'zalo:rv-2', text: 'bị đòi tiền trước có sao ko', reason: 'unhelpful', guess: { intent: 'safety.scams', faqId: scamEntry.id, score: null }, at: new Date('2026-11-20T04:00:00Z') }));
    await recordForReview(conn, item({ contactId: 'zalo:rv-3', text: NONSENSE, guess: { intent: 'unknown', faqId: null, score: 0.7 }, at: new Date('2026-11-20T05:00:00Z') }));
    // The same words from someone else, and a repeat from the first person (which must not pile up).
    await recordForReview(conn, item({ contactId: 'zalo:rv-4', text: NONSENSE, at: new Date('2026-11-20T06:00:00Z') }));
    await recordForReview(conn, item({ contactId: 'zalo:rv-3', text: `${NONSENSE}?`, at: new Date('2026-11-20T07:00:00Z') }));
  });

  it('lists items newest first with counts, filters by status and guessed intent, and never shows who wrote them', async () => {
    const all = await list('?status=open');
    expect(all.items.map((i) => i.text)).toEqual([NONSENSE, NONSENSE, 'bị đòi tiền trước có sao ko', 'vụ tiền nong đi làm xa']);
    expect(all.counts.status).toEqual({ open: 4, attached: 0, off_topic: 0 });
    expect(all.counts.intents).toEqual(expect.arrayContaining([{ intent: 'loans.bank', count: 2 }, { intent: 'safety.scams', count: 1 }, { intent: 'unknown', count: 1 }]));
    expect(JSON.stringify(all)).not.toContain('zalo:rv');
    const scams = await list('?status=open&intent=safety.scams');
    expect(scams.items).toEqual([expect.objectContaining({ text: 'bị đòi tiền trước có sao ko', reason: 'unhelpful', guess: { intent: 'safety.scams', faqId: scamEntry.id, score: null } })]);
    expect((await api(svc.base, 'GET', '/api/review-items?status=closed', undefined, staff)).status).toBe(400);
  });

  it('lists FAQ entries with their questions and topic names for the console', async () => {
    const res = await api(svc.base, 'GET', '/api/faqs', undefined, staff);
    expect(res.status).toBe(200);
    const body = res.json as unknown as { items: { id: string; question: { vi: string } }[]; intents: { intent: string; name: { vi: string } }[] };
    expect(body.items).toContainEqual({ id: loanEntry.id, intent: 'loans.bank', question: loanEntry.question });
    expect(body.intents.find((i) => i.intent === 'loans.bank')!.name.vi).toBe('Vay ngân hàng');
    for (const i of body.intents) expect(i.name.vi).not.toBe(i.intent);
  });

  it('refuses bad input with a clear 400 and writes nothing; an unknown item is 404', async () => {
    const id = await idOf('vụ tiền nong đi làm xa');
    for (const body of [{}, { faqId: loanEntry.id, intent: 'loans.bank' }, { faqId: 'no.such.entry' }, { intent: 'unknown' }, { intent: 'nonsense' }, { faqId: loanEntry.id, extra: 1 }]) {
      const res = await api(svc.base, 'POST', `/api/review-items/${id}/attach`, body, staff);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error!.code).toBe('invalid_request');
    }
    const unknownFaq = await api(svc.base, 'POST', `/api/review-items/${id}/attach`, { faqId: 'no.such.entry' }, staff);
    expect(unknownFaq.json.error!.fields).toEqual([{ path: 'faqId', message: expect.stringMatching(/^không có câu hỏi/) }]);
    expect(await TrainingExamples(conn).countDocuments()).toBe(0);
    expect((await ReviewItems(conn).findById(id).lean())!.status).toBe('open');
    for (const bad of ['65f000000000000000000000', 'not-an-id']) {
      expect((await api(svc.base, 'POST', `/api/review-items/${bad}/attach`, { faqId: loanEntry.id }, staff)).status).toBe(404);
      expect((await api(svc.base, 'POST', `/api/review-items/${bad}/off-topic`, undefined, staff)).status).toBe(404);
    }
    expect((await api(svc.base, 'POST', `/api/review-items/${id}/attach`, { faqId: loanEntry.id }, 'wrong-token-0123456789')).status).toBe(401);
  });

  it('attaches an item to an FAQ entry: the bot learns it at once, identical open messages are resolved too, and it is audited', async () => {
    expect(svc.service.matcher!.match(NONSENSE).confident).toBe(false);
    const id = (await list('?status=open')).items.find((i) => i.text === NONSENSE)!.id;
    const res = await api(svc.base, 'POST', `/api/review-items/${id}/attach`, { faqId: loanEntry.id }, staff);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ example: 'created', alsoResolved: 1, item: { status: 'attached', resolved: { faqId: loanEntry.id, by: 'Cán bộ Hoà' } } });
    expect((await list('?status=open')).items.map((i) => i.text)).not.toContain(NONSENSE);
    expect((await list('?status=attached')).counts.status).toEqual({ open: 2, attached: 2, off_topic: 0 });

    const examples = await TrainingExamples(conn).find().lean();
    expect(examples).toEqual([expect.objectContaining({ faqId: loanEntry.id, text: NONSENSE, by: 'Cán bộ Hoà' })]);
    expect(examples[0]).not.toHaveProperty('contactId');
    const audit = await AuditEntries(conn).findOne({ action: 'review.attach' }).lean();
    expect(audit).toMatchObject({ actorName: 'Cán bộ Hoà', target: `review:${id}`, after: { faqId: loanEntry.id } });
    expect(JSON.stringify(audit)).not.toContain('giấy xanh');

    await waitFor(async () => svc.service.matcher!.examples === 1 || undefined, 20_000);
    expect(svc.service.matcher!.match(NONSENSE)).toMatchObject({ faqId: loanEntry.id, confident: true });
  });

  it('attaching twice is harmless', async () => {
    const id = (await list('?status=attached')).items[0]!.id;
    const res = await api(svc.base, 'POST', `/api/review-items/${id}/attach`, { faqId: loanEntry.id }, staff);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ example: 'unchanged', alsoResolved: 0 });
    expect(await TrainingExamples(conn).countDocuments()).toBe(1);
  });

  it('attaches by intent (its first FAQ entry) and marks off-topic, which keeps a message out of training', async () => {
    const id = await idOf('bị đòi tiền trước có sao ko');
    const res = await api(svc.base, 'POST', `/api/review-items/${id}/attach`, { intent: 'safety.scams' }, staff);
    expect(res.json).toMatchObject({ item: { resolved: { faqId: scamEntry.id } } });
    expect(await TrainingExamples(conn).countDocuments({ faqId: scamEntry.id })).toBe(1);

    // Staff change their mind: off-topic withdraws the example it made.
    const off = await api(svc.base, 'POST', `/api/review-items/${id}/off-topic`, undefined, staff);
    expect(off.status).toBe(200);
    expect(off.json).toMatchObject({ withdrawn: true, item: { status: 'off_topic', resolved: { faqId: null, by: 'Cán bộ Hoà' } } });
    expect(await TrainingExamples(conn).countDocuments({ faqId: scamEntry.id })).toBe(0);

    const other = await idOf('vụ tiền nong đi làm xa');
    expect((await api(svc.base, 'POST', `/api/review-items/${other}/off-topic`, undefined, staff)).json).toMatchObject({ withdrawn: false });
    expect(await TrainingExamples(conn).countDocuments()).toBe(1);
    expect(await AuditEntries(conn).countDocuments({ action: 'review.off_topic' })).toBe(2);
  });

  it('a second copy of the service picks up a new example by polling', async () => {
    const second = await startTestService(await openTestDb(name), { env: { TRAINING_POLL_SECONDS: '1' } });
    await waitFor(async () => second.service.matcher!.examples === 1 || undefined, 20_000);
    const text = 'hỏi cái vụ sổ đỏ thế chấp ở ngân hàng xã';
    await recordForReview(conn, item({ contactId: 'zalo:rv-5', text, at: new Date('2026-11-20T08:00:00Z') }));
    const id = await idOf(text);
    expect((await api(svc.base, 'POST', `/api/review-items/${id}/attach`, { faqId: loanEntry.id }, staff)).status).toBe(200);
    // Nobody told the second copy: it notices within a poll or two, and retrains in the background.
    await waitFor(async () => second.service.matcher!.examples === 2 || undefined, 30_000, 200);
    expect(second.service.matcher!.match(text).faqId).toBe(loanEntry.id);
  }, 90_000); // two trainings in worker threads: on a loaded 2-core machine more than the default 30 s

  it('lists and deletes staff training examples; the bot forgets deleted ones', async () => {
    const res = await api(svc.base, 'GET', '/api/training-examples', undefined, staff);
    const body = res.json as unknown as { items: { id: string; text: string; faqId: string }[]; total: number };
    expect(body.total).toBe(2);
    expect(body.items.map((e) => e.text)).toContain(NONSENSE);
    for (const example of body.items) {
      expect((await api(svc.base, 'DELETE', `/api/training-examples/${example.id}`, undefined, staff)).status).toBe(204);
      expect(await AuditEntries(conn).countDocuments({ action: 'training.delete', target: `training:${example.id}` })).toBe(1);
    }
    expect((await api(svc.base, 'DELETE', `/api/training-examples/${body.items[0]!.id}`, undefined, staff)).status).toBe(404);
    await waitFor(async () => svc.service.matcher!.examples === 0 || undefined, 20_000);
    expect(svc.service.matcher!.match(NONSENSE).confident).toBe(false);
  });
});
