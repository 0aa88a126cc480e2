import { describe, expect, it } from 'vitest';
import { erasePerson } from '../../src/privacy/erase.ts';
import { registerLead } from '../../src/domain/leads/register.ts';
import { leadRetentionJob } from '../../src/privacy/retention.ts';
import { attachReviewItem } from '../../src/domain/review/resolve.ts';
import { Leads } from '../../src/domain/leads/model.ts';
import { recordForReview, ReviewItems, type ReviewInput } from '../../src/domain/review/queue.ts';
import { TrainingExamples } from '../../src/domain/review/training-examples.ts';
import { openTestDb } from '../helpers/db.ts';
import { api, startTestService } from '../helpers/service.ts';
import { consent, createContact, leadInput, PHONE_B } from '../helpers/leads.ts';

const conn = await openTestDb();
const svc = await startTestService(conn);

const item = (contactId: string, text: string, at = new Date('2026-11-20T03:00:00Z')): ReviewInput => ({
  contactId,
  text,
  language: 'vi',
  reason: 'unsure',
  guess: { intent: 'loans.bank', faqId: 'loans.bank.amount', score: 0.3 },
  at,
});

describe('the review queue and privacy', () => {
  it('erasing a person deletes what they typed from the review queue; examples staff made from it keep only the words', async () => {
    await createContact(conn, 'zalo:priv-1');
    await recordForReview(conn, item('zalo:priv-1', 'tôi tên Hoà, vay đi Hàn được không'));
    await recordForReview(conn, item('zalo:priv-1', 'vay ở xã nào'));
    await recordForReview(conn, item('zalo:priv-other', 'vay ở xã nào'));
    const attached = (await ReviewItems(conn).findOne({ contactId: 'zalo:priv-1', text: 'vay ở xã nào' }).lean())!;
    await attachReviewItem(conn, attached, 'loans.bank.amount', 'Cán bộ', new Date('2026-11-21T03:00:00Z'));

    const res = await api(svc.base, 'POST', '/api/contacts/zalo:priv-1/erase');
    expect(res.status).toBe(200);
    expect(await ReviewItems(conn).countDocuments({ contactId: 'zalo:priv-1' })).toBe(0);
    expect(await ReviewItems(conn).countDocuments({ contactId: 'zalo:priv-other' })).toBe(1);
    const examples = await TrainingExamples(conn).find().lean();
    expect(examples).toEqual([{ _id: expect.any(String), faqId: 'loans.bank.amount', text: 'vay ở xã nào', by: 'Cán bộ', createdAt: expect.any(Date), changedAt: expect.any(Date) }]);
  });

  it('erasing from chat, and from a lead on both of its channels, deletes the items too', async () => {
    await recordForReview(conn, item('zalo:priv-2', 'hỏi linh tinh'));
    await erasePerson(conn, { contactId: 'zalo:priv-2' }, 'chat', new Date());
    expect(await ReviewItems(conn).countDocuments({ contactId: 'zalo:priv-2' })).toBe(0);

    await createContact(conn, 'zalo:priv-3');
    await createContact(conn, 'messenger:priv-3');
    await registerLead(conn, { input: leadInput({ phoneKey: PHONE_B }), contactId: 'zalo:priv-3', consent: consent(), now: new Date('2026-11-01T03:00:00Z') });
    await registerLead(conn, { input: leadInput({ phoneKey: PHONE_B }), contactId: 'messenger:priv-3', consent: consent('messenger'), now: new Date('2026-11-02T03:00:00Z') });
    await recordForReview(conn, item('zalo:priv-3', 'câu một'));
    await recordForReview(conn, item('messenger:priv-3', 'câu hai'));
    const found = (await Leads(conn).findOne({ phoneKey: PHONE_B }).lean())!;
    await erasePerson(conn, { leadId: String(found._id) }, 'staff', new Date());
    expect(await ReviewItems(conn).countDocuments({ contactId: { $in: ['zalo:priv-3', 'messenger:priv-3'] } })).toBe(0);
  });

  it('the daily retention job deletes review items older than LEAD_RETENTION_DAYS', async () => {
    await recordForReview(conn, item('zalo:old', 'câu rất cũ', new Date('2024-01-01T03:00:00Z')));
    await recordForReview(conn, item('zalo:new', 'câu mới', new Date('2026-11-25T03:00:00Z')));
    await leadRetentionJob.run(svc.service.ctx, new Date('2026-11-26T03:00:00Z'));
    expect(await ReviewItems(conn).countDocuments({ contactId: 'zalo:old' })).toBe(0);
    expect(await ReviewItems(conn).countDocuments({ contactId: 'zalo:new' })).toBe(1);
    expect(await TrainingExamples(conn).countDocuments()).toBe(1);
  });
});
