import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Activity } from 'botbuilder-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Channel, ChannelRuntime } from '../../src/channels/channel.ts';
import { InboxEvents } from '../../src/channels/inbox/models.ts';
import { channelRegistry } from '../../src/channels/registry.ts';
import { Contacts } from '../../src/domain/contacts.ts';
import type { Recipient } from '../../src/outbox/sender.ts';
import { openTestDb } from '../helpers/db.ts';
import { waitFor } from '../helpers/http.ts';
import { echoBot, fastChannels, startChannelService, startFakes } from '../helpers/channels.ts';

/**
 * A made-up SMS gateway channel, written the way a new folder under src/channels/ would be: it
 * uses only the Channel interface and the shared webhook kit, and is switched on by listing it
 * next to the registry's channels. Nothing else in src/ knows about it.
 */
const smsChannelFolder = (() => {
  const SECRET = 'sms-gateway-secret';
  const WINDOW_MS = 3_600_000;
  const sent: { to: string; text: string }[] = [];
  const bodySchema = z.object({ id: z.string(), from: z.string(), text: z.string(), at: z.number().int() });

  const sign = (raw: string) => createHmac('sha256', SECRET).update(raw).digest('hex');
  const signed = (raw: Buffer, header: string | undefined) => {
    const want = Buffer.from(sign(raw.toString('utf8')));
    const got = Buffer.from(header ?? '');
    return got.length === want.length && timingSafeEqual(got, want);
  };
  const deliver = async (to: string, activity: Partial<Activity>) => {
    sent.push({ to, text: activity.text ?? '' });
    return [`sms-${sent.length}`];
  };

  const runtime: ChannelRuntime = {
    platform: { channelId: 'sms', deliver, typing: async () => undefined },
    outbound: {
      route: (recipient: Recipient, _purpose, now: Date) =>
        now.getTime() - recipient.lastInboundAt.getTime() < WINDOW_MS ? { kind: 'free' } : { kind: 'closed', reason: 'sms: window closed' },
      send: async (recipient, activity) => ({ messageIds: await deliver(recipient.userId, activity) }),
    },
    displayName: async () => null,
    mountWebhooks(app, kit) {
      app.post('/webhooks/sms', kit.raw, async (req, res) => {
        const raw = kit.rawBody(req);
        if (!signed(raw, req.get('x-sms-signature'))) throw kit.rejected();
        const body = bodySchema.safeParse(kit.parseJson(raw));
        const events = body.success
          ? [{ channel: 'sms', key: body.data.id, accountId: 'gateway', userId: body.data.from, kind: 'text' as const, text: body.data.text, occurredAt: body.data.at, interaction: true }]
          : [];
        await kit.accept(req, events, body.success ? 0 : 1);
        res.status(200).send('ok');
      });
    },
  };
  const channel: Channel = { id: 'sms', windowMs: WINDOW_MS, ratePerSecond: 1, isOn: () => true, offNote: 'gateway not configured', create: () => runtime };
  return { channel, sent, sign };
})();

/** The registry hook: the registry's own channels plus the new one's line. */
const registry = [...channelRegistry, smsChannelFolder.channel];

const post = (base: string, body: object, signature?: string) => {
  const raw = JSON.stringify(body);
  return fetch(`${base}/webhooks/sms`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-sms-signature': signature ?? smsChannelFolder.sign(raw) }, body: raw });
};

describe('a third channel added in one folder plus one registry line', () => {
  let fakes: Awaited<ReturnType<typeof startFakes>>;
  let svc: Awaited<ReturnType<typeof startChannelService>>;
  let conn: Awaited<ReturnType<typeof openTestDb>>;

  beforeAll(async () => {
    conn = await openTestDb();
    fakes = await startFakes();
    svc = await startChannelService(conn, fakes, echoBot(), { ...fastChannels, registry });
  });
  afterAll(async () => fakes.close());

  it('a signed webhook message reaches the bot, and its reply goes out through the channel', async () => {
    const res = await post(svc.base, { id: 'sms-in-1', from: 'u1', text: 'xin chào', at: Date.now() });
    expect(res.status).toBe(200);
    await waitFor(async () => smsChannelFolder.sent.some((s) => s.to === 'u1'), 10_000);
    expect(smsChannelFolder.sent.filter((s) => s.to === 'u1')).toEqual([{ to: 'u1', text: 'echo: xin chào' }]);
    expect(await Contacts(conn).findById('sms:u1').lean()).toMatchObject({ channel: 'sms', userId: 'u1' });
    // Messenger and Zalo still work beside it.
    expect(svc.channels.adapters.messenger).toBeDefined();
    expect(svc.channels.adapters.zalo).toBeDefined();
  });

  it('an unsigned message is refused with 403 and nothing is stored', async () => {
    const res = await post(svc.base, { id: 'sms-in-forged', from: 'u2', text: 'hi', at: Date.now() }, 'not-the-signature');
    expect(res.status).toBe(403);
    expect(await InboxEvents(conn).findById('sms:sms-in-forged').lean()).toBeNull();
  });

  it('proactive sends use the channel\'s own window rule and rate', async () => {
    const out = svc.channels.outbound.sms!;
    const now = new Date();
    const recipient = { contactId: 'sms:u3', channel: 'sms', userId: 'u3', language: 'vi' as const, lastInboundAt: new Date(now.getTime() - 10 * 60_000) };
    expect(out.route(recipient, 'notice', now)).toEqual({ kind: 'free' });
    expect(out.route({ ...recipient, lastInboundAt: new Date(now.getTime() - 2 * 3_600_000) }, 'notice', now).kind).toBe('closed');
    await out.send(recipient, { type: 'message', text: 'Hội nghị ngày mai' }, { kind: 'free' });
    expect(smsChannelFolder.sent.at(-1)).toEqual({ to: 'u3', text: 'Hội nghị ngày mai' });
    expect(out.ratePerSecond).toBe(1);
  });
});

describe('without its registry line', () => {
  it('the service has no route for it', async () => {
    const conn = await openTestDb();
    const fakes = await startFakes();
    const svc = await startChannelService(conn, fakes, echoBot());
    expect((await post(svc.base, { id: 'sms-in-2', from: 'u4', text: 'hi', at: Date.now() })).status).toBe(404);
    expect(svc.channels.outbound.sms).toBeUndefined();
    await svc.stop();
    await fakes.close();
  });
});
