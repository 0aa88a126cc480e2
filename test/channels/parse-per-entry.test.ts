import { describe, expect, it } from 'vitest';
import { parseMessengerBody } from '../../src/channels/messenger/parse.ts';
import { parseZaloBody } from '../../src/channels/zalo/parse.ts';

const text = (psid: string, mid: string, timestamp: number | string = 1767225600000) => ({ sender: { id: psid }, recipient: { id: 'PAGE' }, timestamp, message: { mid, text: 'alo' } });

describe('Messenger batches are parsed entry by entry', () => {
  it('one malformed entry or item does not drop the others; numeric page ids and string timestamps are real shapes', () => {
    const body = {
      object: 'page',
      entry: [
        { id: 1000000000000001, time: 1767225600000, messaging: [text('p1', 'm1')] },
        { id: 'PAGE', time: 1767225600000, messaging: [text('p2', 'm2', '1767225600001')] },
        { id: { wrong: true }, messaging: [text('p3', 'm3')] },
        { id: 'PAGE', messaging: [{ sender: { user_ref: 'ref-1' }, recipient: { id: 'PAGE' }, timestamp: 1, postback: { payload: 'X' } }, text('p4', 'm4')] },
      ],
    };
    const batch = parseMessengerBody(body);
    expect(batch.events.map((e) => [e.userId, e.key, e.occurredAt])).toEqual([
      ['p1', 'm1', 1767225600000],
      ['p2', 'm2', 1767225600001],
      ['p4', 'm4', 1767225600000],
    ]);
    expect(batch.ignored).toBe(2);
  });

  it('echoes: ours are ignored, another app or none is staff; with no app id configured every echo is ignored', () => {
    const echo = (app_id?: number) => ({ object: 'page', entry: [{ id: 'PAGE', messaging: [{ sender: { id: 'PAGE' }, recipient: { id: 'psid' }, timestamp: 5, message: { is_echo: true, mid: 'e1', ...(app_id ? { app_id } : {}) } }] }] });
    expect(parseMessengerBody(echo(42), { appId: '42' }).events).toEqual([]);
    expect(parseMessengerBody(echo(7), { appId: '42' }).events).toMatchObject([{ kind: 'staff_reply', userId: 'psid', key: 'staff:e1', interaction: false }]);
    expect(parseMessengerBody(echo(), { appId: '42' }).events).toMatchObject([{ kind: 'staff_reply' }]);
    expect(parseMessengerBody(echo(7)).events).toEqual([]);
  });
});

describe('Zalo user_withdraw and OA sends', () => {
  it('user_withdraw becomes a withdraw event (erase unless it says restrict); without a user it is refused', () => {
    expect(parseZaloBody({ app_id: 'a', event_name: 'user_withdraw', timestamp: '1767225600000', sender: { id: '123' }, recipient: { id: 'OA' } })).toMatchObject({
      event: { kind: 'withdraw', payload: 'erase', userId: '123', key: 'withdraw:123:1767225600000', interaction: false },
    });
    expect(parseZaloBody({ event_name: 'user_withdraw', timestamp: '1767225600000', user_id: '123', type: 'restrict' })).toMatchObject({ event: { payload: 'restrict' } });
    expect(parseZaloBody({ event_name: 'user_withdraw', timestamp: '1767225600000' })).toHaveProperty('invalid');
  });

  it('oa_send_* is staff only with an admin_id', () => {
    const send = (extra: object) => ({ event_name: 'oa_send_image', timestamp: '1767225600000', sender: { id: 'OA' }, recipient: { id: '123' }, message: { msg_id: 'x1' }, ...extra });
    expect(parseZaloBody(send({}))).toEqual({ ignored: 'oa_send_image' });
    expect(parseZaloBody(send({ admin_id: '9' }))).toMatchObject({ event: { kind: 'staff_reply', userId: '123', accountId: 'OA' } });
    expect(parseZaloBody({ ...send({}), sender: { id: 'OA', admin_id: '9' } })).toMatchObject({ event: { kind: 'staff_reply' } });
  });
});
