import { describe, expect, it } from 'vitest';
import { parseMessengerBody } from '../../src/channels/messenger/parse.ts';
import { verifyMessengerSignature } from '../../src/channels/messenger/verify.ts';
import { parseZaloBody } from '../../src/channels/zalo/parse.ts';
import { verifyZaloSignature } from '../../src/channels/zalo/verify.ts';
import { messengerJson, signMessenger, signZalo, zaloText } from '../helpers/fakes/sign.ts';

describe('Messenger payloads', () => {
  it('reads every event of every entry of a batch, skipping echoes and receipts', () => {
    const batch = parseMessengerBody({
      object: 'page',
      entry: [
        { id: 'P', time: 1, messaging: [{ sender: { id: 'u1' }, recipient: { id: 'P' }, timestamp: 10, message: { mid: 'm1', text: 'a' } }] },
        {
          id: 'P',
          time: 2,
          messaging: [
            { sender: { id: 'u2' }, recipient: { id: 'P' }, timestamp: 11, postback: { mid: 'm2', title: 'Thị trường', payload: 'topic:markets' } },
            { sender: { id: 'u2' }, recipient: { id: 'P' }, delivery: { mids: ['x'], watermark: 5 } },
            { sender: { id: 'u2' }, recipient: { id: 'P' }, timestamp: 12, referral: { ref: 'poster', source: 'SHORTLINK', type: 'OPEN_THREAD' } },
          ],
        },
      ],
    });
    expect(batch.events.map((e) => [e.key, e.kind, e.userId, e.payload ?? e.text])).toEqual([
      ['m1', 'text', 'u1', 'a'],
      ['m2', 'postback', 'u2', 'topic:markets'],
      ['referral:u2:12', 'referral', 'u2', 'poster'],
    ]);
    expect(batch.ignored).toBe(1);
  });

  it("reads the echo of a reply we tagged as a send receipt, not as staff writing, whatever the app id", () => {
    const echo = (metadata: string | undefined, appId: number | undefined) => ({
      sender: { id: 'P' },
      recipient: { id: 'u1' },
      timestamp: 20,
      message: { is_echo: true, mid: 'm_e', text: 'Xin chào', ...(appId ? { app_id: appId } : {}), ...(metadata ? { metadata } : {}) },
    });
    const batch = parseMessengerBody(
      { object: 'page', entry: [{ id: 'P', time: 1, messaging: [echo('bot-send:messenger:m1#0/1', 111), echo('bot-send:messenger:m1#1/0', undefined), echo(undefined, undefined), echo('campaign-7', undefined)] }] },
      { appId: '111' },
    );
    expect(batch.confirmed).toEqual(['messenger:m1#0/1', 'messenger:m1#1/0']);
    // An echo without our tag and without our app id is staff writing from the Page inbox.
    expect(batch.events.map((e) => e.kind)).toEqual(['staff_reply', 'staff_reply']);
  });

  it('verifies the signature over the escaped bytes Meta sends, not a re-serialisation', () => {
    const raw = Buffer.from(messengerJson({ text: 'Hội nghị' }));
    const header = signMessenger(raw, 'secret');
    expect(verifyMessengerSignature(raw, header, 'secret')).toBe(true);
    expect(verifyMessengerSignature(Buffer.from(JSON.stringify({ text: 'Hội nghị' })), header, 'secret')).toBe(false);
    expect(verifyMessengerSignature(raw, header.replace('sha256=', 'sha1='), 'secret')).toBe(false);
    // Trailing junk after a valid digest, or a short digest, is not a signature.
    expect(verifyMessengerSignature(raw, `${header}zz`, 'secret')).toBe(false);
    expect(verifyMessengerSignature(raw, header.slice(0, -2), 'secret')).toBe(false);
    expect(verifyMessengerSignature(raw, header.toUpperCase().replace('SHA256=', 'sha256='), 'secret')).toBe(true);
  });
});

describe('Zalo payloads', () => {
  it('refuses ids sent as JSON numbers (precision already lost)', () => {
    // What JSON.parse makes of an unquoted 19-digit id.
    const raw = JSON.stringify(zaloText('A', 'OA', '1234567890123456789', 'm', 'x')).replace('"1234567890123456789"', '1234567890123456789');
    expect('invalid' in parseZaloBody(JSON.parse(raw))).toBe(true);
  });

  it('keys events without a msg_id by kind, person and time', () => {
    const parsed = parseZaloBody({ app_id: 'A', event_name: 'user_submit_info', timestamp: '1767225604000', sender: { id: 'u' }, recipient: { id: 'OA' }, info: { name: 'N', phone: '84901234567' } });
    expect(parsed).toMatchObject({ event: { key: 'submit_info:u:1767225604000', kind: 'submit_info', interaction: true } });
  });

  it('reads user_submit_info as Zalo sends it: the phone a JSON number, empty fields null', () => {
    const raw = '{"app_id":"A","event_name":"user_submit_info","timestamp":"1767225604000","sender":{"id":"u"},"recipient":{"id":"OA"},"info":{"name":"Nguyễn Văn A","phone":84901234567,"address":null,"city":"Lạng Sơn"}}';
    expect(parseZaloBody(JSON.parse(raw))).toMatchObject({ event: { kind: 'submit_info', sharedInfo: { name: 'Nguyễn Văn A', phone: '84901234567', city: 'Lạng Sơn' } } });
  });

  it('verifies app id + body + timestamp + OA secret, with or without the mac= prefix', () => {
    const raw = Buffer.from(JSON.stringify(zaloText('A', 'OA', 'u', 'm', 'x', 1767225600000)));
    const header = signZalo('A', raw, '1767225600000', 'k');
    expect(verifyZaloSignature(raw, header, 'A', '1767225600000', 'k')).toBe(true);
    expect(verifyZaloSignature(raw, header.slice(4), 'A', '1767225600000', 'k')).toBe(true);
    expect(verifyZaloSignature(raw, header, 'A', '1767225600001', 'k')).toBe(false);
    expect(verifyZaloSignature(raw, header, 'B', '1767225600000', 'k')).toBe(false);
  });
});
