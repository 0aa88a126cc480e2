import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SendError, type Recipient } from '../../src/outbox/sender.ts';
import { Contacts } from '../../src/domain/contacts.ts';
import { openTestDb } from '../helpers/db.ts';
import { echoBot, startChannelService, startFakes, type ChannelInstance } from '../helpers/channels.ts';

const HOUR = 60 * 60 * 1000;
const now = new Date('2026-11-20T03:00:00Z');

function recipient(channel: 'messenger' | 'zalo', userId: string, hoursSinceInbound: number): Recipient {
  return { contactId: `${channel}:${userId}`, channel, userId, language: 'vi', lastInboundAt: new Date(now.getTime() - hoursSinceInbound * HOUR) };
}

const reminder = { kind: 'conference_reminder' as const, params: { ten_hoi_nghi: 'Hội nghị tư vấn XKLĐ', thoi_gian: '08:00 25/11' }, phone: '84912345678' };

describe('proactive sends (outbound)', () => {
  let fakes: Awaited<ReturnType<typeof startFakes>>;
  let conn: Connection;
  let svc: ChannelInstance;

  beforeAll(async () => {
    conn = await openTestDb();
    fakes = await startFakes();
    svc = await startChannelService(conn, fakes, echoBot(), undefined, { MESSENGER_UTILITY_TEMPLATE_REMINDER: 'nhac_hoi_nghi', ZALO_ZNS_TEMPLATE_REMINDER: '7001' });
  });
  afterAll(async () => fakes.close());

  it('routes by the platform windows: Messenger 24 h, Zalo 7 days, then templates or nothing', () => {
    const m = svc.channels.outbound.messenger!;
    const z = svc.channels.outbound.zalo!;
    expect(m.route(recipient('messenger', 'p', 23), 'reminder', now, reminder)).toEqual({ kind: 'free' });
    expect(m.route(recipient('messenger', 'p', 25), 'reminder', now, reminder)).toEqual({ kind: 'template' });
    expect(m.route(recipient('messenger', 'p', 25), 'broadcast', now).kind).toBe('closed');
    expect(m.route(recipient('messenger', 'p', 25), 'nudge', now, { kind: 'return_nudge', params: {} }).kind).toBe('closed');
    expect(z.route(recipient('zalo', 'u', 24 * 6), 'nudge', now)).toEqual({ kind: 'free' });
    // Announcements are promotion-class on Zalo, never consultation messages.
    expect(z.route(recipient('zalo', 'u', 1), 'broadcast', now).kind).toBe('closed');
    expect(z.route(recipient('zalo', 'u', 24 * 8), 'reminder', now, reminder)).toEqual({ kind: 'template' });
    expect(z.route(recipient('zalo', 'u', 24 * 8), 'reminder', now, { ...reminder, phone: undefined }).kind).toBe('closed');
  });

  it('sends a free-form Messenger message as UPDATE, with quick replies', async () => {
    const r = recipient('messenger', 'psid-out-1', 1);
    const result = await svc.channels.outbound.messenger!.send(r, { text: 'Mai có hội nghị', suggestedActions: { to: [], actions: [{ type: 'imBack', title: 'Dừng nhắc lịch', value: 'dừng nhắc' }] } }, { kind: 'free' });
    expect(result.messageIds).toHaveLength(1);
    const sent = fakes.graph.sent.find((s) => s.recipientId === 'psid-out-1')!;
    expect(sent.messagingType).toBe('UPDATE');
    expect(sent.message.quick_replies).toEqual([{ content_type: 'text', title: 'Dừng nhắc lịch', payload: 'dừng nhắc' }]);
  });

  it('sends the utility template on Messenger and the ZNS template on Zalo when the window is closed', async () => {
    await svc.channels.outbound.messenger!.send(recipient('messenger', 'psid-out-2', 48), { text: 'x' }, { kind: 'template' }, reminder);
    const utility = fakes.graph.sent.find((s) => s.recipientId === 'psid-out-2')!;
    expect(utility.messagingType).toBe('UTILITY');
    expect(utility.message.template?.name).toBe('nhac_hoi_nghi');
    expect(JSON.stringify(utility.message.template?.components)).toContain('Hội nghị tư vấn XKLĐ');

    await svc.channels.outbound.zalo!.send(recipient('zalo', '6000000000000000001', 24 * 9), { text: 'x' }, { kind: 'template' }, reminder);
    expect(fakes.zalo.zns.at(-1)).toMatchObject({ phone: '84912345678', templateId: '7001', data: reminder.params });
  });

  it('refuses to send when the route is closed', async () => {
    const r = recipient('messenger', 'psid-out-3', 48);
    const route = svc.channels.outbound.messenger!.route(r, 'broadcast', now);
    await expect(svc.channels.outbound.messenger!.send(r, { text: 'x' }, route)).rejects.toMatchObject({ permanent: true, reason: 'window_closed' });
    expect(fakes.graph.sent.some((s) => s.recipientId === 'psid-out-3')).toBe(false);
  });

  it('a blocked person is recorded as unreachable and the error is permanent', async () => {
    await Contacts(conn).create({ _id: 'messenger:psid-blocked', channel: 'messenger', userId: 'psid-blocked', firstInboundAt: now, lastInboundAt: now });
    fakes.graph.block('psid-blocked');
    const err = await svc.channels.outbound.messenger!.send(recipient('messenger', 'psid-blocked', 1), { text: 'x' }, { kind: 'free' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SendError);
    expect(err).toMatchObject({ permanent: true, reason: 'unreachable' });
    const contact = await Contacts(conn).findById('messenger:psid-blocked').lean();
    expect(contact?.unreachable?.at).toBeInstanceOf(Date);
  });

  it('the platforms window errors are permanent (Messenger 10/2018278, Zalo -230)', async () => {
    fakes.graph.userWrote('psid-late', Date.now() - 30 * HOUR);
    await expect(svc.channels.outbound.messenger!.send(recipient('messenger', 'psid-late', 1), { text: 'x' }, { kind: 'free' })).rejects.toMatchObject({ reason: 'window_closed', permanent: true });
    fakes.zalo.userInteracted('6000000000000000002', Date.now() - 8 * 24 * HOUR);
    await expect(svc.channels.outbound.zalo!.send(recipient('zalo', '6000000000000000002', 1), { text: 'x' }, { kind: 'free' })).rejects.toMatchObject({ reason: 'window_closed', permanent: true });
  });

  it('retries a platform error until the message is accepted', async () => {
    fakes.graph.failNext(2);
    await svc.channels.outbound.messenger!.send(recipient('messenger', 'psid-retry', 1), { text: 'sau lỗi' }, { kind: 'free' });
    expect(fakes.graph.textsTo('psid-retry')).toEqual(['sau lỗi']);
  });

  it('throttling that outlasts the retries is a temporary error, so the caller tries again later', async () => {
    fakes.zalo.throttle(1);
    const r = recipient('zalo', '6000000000000000003', 1);
    const results = await Promise.allSettled(['a', 'b'].map((t) => svc.channels.outbound.zalo!.send(r, { text: t }, { kind: 'free' })));
    fakes.zalo.throttle(Infinity);
    const failed = results.flatMap((x) => (x.status === 'rejected' ? [x.reason as SendError] : []));
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ permanent: false, reason: 'retry_later' });
    expect(fakes.zalo.textsTo('6000000000000000003')).toHaveLength(1);
  });

  it('with ZALO_TRANSACTION_REMINDERS, a conference reminder after the 7 days goes as a transaction_event message, no phone needed', async () => {
    const withTx = await startChannelService(conn, fakes, echoBot(), undefined, { ZALO_TRANSACTION_REMINDERS: 'true' });
    const z = withTx.channels.outbound.zalo!;
    const r = recipient('zalo', '6000000000000000009', 24 * 10);
    const noPhone = { ...reminder, phone: undefined };
    expect(z.route(r, 'reminder', now, noPhone)).toEqual({ kind: 'template' });
    // Only conference reminders: a nudge or an announcement is still closed.
    expect(z.route(r, 'nudge', now, { kind: 'return_nudge', params: {} }).kind).toBe('closed');
    const activity = { text: 'Nhắc lịch: Hội nghị tư vấn XKLĐ lúc 08:00 25/11', suggestedActions: { to: [], actions: [{ type: 'imBack', title: 'Dừng nhắc lịch', value: 'dừng nhắc' }] } };
    await z.send(r, activity, { kind: 'template' }, noPhone);
    const sent = fakes.zalo.sent.find((s) => s.userId === r.userId)!;
    expect(sent.type).toBe('transaction');
    expect(sent.message.attachment?.payload).toMatchObject({
      template_type: 'transaction_event',
      language: 'VI',
      elements: [{ type: 'header', content: 'Hội nghị tư vấn XKLĐ' }, { type: 'text', content: activity.text }],
      buttons: [{ title: 'Dừng nhắc lịch' }],
    });
    // Without the setting the same reminder has no route but ZNS (which needs the phone).
    expect(svc.channels.outbound.zalo!.route(r, 'reminder', now, noPhone).kind).toBe('closed');
  });

  it('continueConversation sends proactively through the adapter', async () => {
    const adapter = svc.channels.adapters.messenger!;
    await adapter.continueConversation(adapter.referenceFor('psid-proactive'), async (turn) => {
      await turn.sendActivity('Nhắc lịch: hội nghị sáng mai');
    });
    const sent = fakes.graph.sent.find((s) => s.recipientId === 'psid-proactive')!;
    expect(sent.message.text).toBe('Nhắc lịch: hội nghị sáng mai');
    expect(sent.messagingType).toBe('UPDATE');
  });
});
