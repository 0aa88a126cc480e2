import { afterAll, describe, expect, it } from 'vitest';
import type { Recipient } from '../../src/outbox/sender.ts';
import { defaultRetry } from '../../src/channels/retry.ts';
import { openTestDb } from '../helpers/db.ts';
import { echoBot, startChannelService, startFakes } from '../helpers/channels.ts';

// The real clients against fakes answering with the platforms' own codes and bodies.
const conn = await openTestDb();
const fakes = await startFakes();
afterAll(async () => fakes.close());
// Production back-off (500 ms first wait, 10 s cap): a test that passes quickly shows nothing was waited out.
const svc = await startChannelService(conn, fakes, echoBot(), { worker: { pollMs: 200, leaseMs: 2000, retryDelayMs: 200 }, retry: defaultRetry });
const messenger = svc.channels.outbound.messenger!;
const zalo = svc.channels.outbound.zalo!;

let n = 0;
const to = (channel: 'messenger' | 'zalo'): Recipient => {
  const userId = channel === 'zalo' ? `60000000000000${String(++n).padStart(5, '0')}` : `psid-err-${++n}`;
  return { contactId: `${channel}:${userId}`, channel, userId, language: 'vi', lastInboundAt: new Date() };
};
const free = { kind: 'free' as const };

describe('Messenger send errors, by code and subcode', () => {
  it.each([
    [10, 2018278, 'window_closed'],
    [10, 2534022, 'window_closed'],
    [10, 2018108, 'unreachable'],
    [551, 1545041, 'unreachable'],
    [200, 1545041, 'unreachable'],
    [10, undefined, 'config'],
    [100, undefined, 'config'],
    [190, undefined, 'auth'],
  ] as const)('%i/%s → %s, not retried', async (code, subcode, reason) => {
    const before = fakes.graph.requests;
    fakes.graph.refuseNext(1, code, subcode);
    await expect(messenger.send(to('messenger'), { text: 'x' }, free)).rejects.toMatchObject({ reason, permanent: true });
    expect(fakes.graph.requests - before).toBe(1);
  });

  it('the 24 h window: the fake answers 10/2018278 and the message is window_closed', async () => {
    const r = to('messenger');
    fakes.graph.userWrote(r.userId, Date.now() - 25 * 3600_000);
    await expect(messenger.send(r, { text: 'x' }, free)).rejects.toMatchObject({ reason: 'window_closed', message: expect.stringContaining('10/2018278') });
  });

  it('1200 and 2 are temporary: retried until accepted', async () => {
    const r = to('messenger');
    fakes.graph.refuseNext(1, 1200, undefined, 'Temporary send message failure. Please try again later.');
    await messenger.send(r, { text: 'lần hai' }, free);
    expect(fakes.graph.textsTo(r.userId)).toEqual(['lần hai']);
  });

  it("613 hands the message back at once with Messenger's 60 s to wait", async () => {
    const started = Date.now();
    fakes.graph.refuseNext(1, 613, undefined, '(#613) Calls to this api have exceeded the rate limit.');
    const before = fakes.graph.requests;
    await expect(messenger.send(to('messenger'), { text: 'x' }, free)).rejects.toMatchObject({ reason: 'retry_later', permanent: false, retryAfterMs: 60_000 });
    expect(fakes.graph.requests - before).toBe(1);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('Zalo send errors', () => {
  it.each([
    [-230, 'window_closed'],
    [-232, 'window_closed'],
    [-227, 'unreachable'],
    [-244, 'unreachable'],
    [-211, 'quota'],
    [-201, 'config'],
  ] as const)('%i → %s, not retried', async (code, reason) => {
    fakes.zalo.refuseNext(1, code);
    await expect(zalo.send(to('zalo'), { text: 'x' }, free)).rejects.toMatchObject({ reason, permanent: true });
  });

  it('-200 is temporary: retried until accepted', async () => {
    const r = to('zalo');
    fakes.zalo.refuseNext(1, -200, 'Gửi tin nhắn thất bại');
    await zalo.send(r, { text: 'lần hai' }, free);
    expect(fakes.zalo.textsTo(r.userId)).toEqual(['lần hai']);
  });

  it('-32 (a per-minute limit) hands the message back at once with a minute to wait', async () => {
    fakes.zalo.throttle(1);
    try {
      const r = to('zalo');
      await zalo.send(r, { text: 'một' }, free);
      const started = Date.now();
      await expect(zalo.send(r, { text: 'hai' }, free)).rejects.toMatchObject({ reason: 'retry_later', permanent: false, retryAfterMs: 60_000 });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(fakes.zalo.textsTo(r.userId)).toEqual(['một']);
    } finally {
      fakes.zalo.throttle(Infinity);
    }
  });
});
