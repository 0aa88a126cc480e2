import { afterAll, describe, expect, it } from 'vitest';
import { Contacts } from '../../src/domain/contacts.ts';
import { InboxEvents } from '../../src/channels/inbox/models.ts';
import { messengerBatch, messengerText, postMessenger } from '../helpers/fakes/sign.ts';
import { openTestDb } from '../helpers/db.ts';
import { waitFor } from '../helpers/http.ts';
import { MESSENGER, PAGE_ID, startChannelService, startFakes } from '../helpers/channels.ts';
import { newBot } from '../helpers/chat.ts';

// The real bot behind the real Messenger webhook, talking to a fake Graph API.
const conn = await openTestDb();
const fakes = await startFakes();
afterAll(async () => fakes.close());
const svc = await startChannelService(conn, fakes, newBot(conn));

let mid = 0;
async function send(psid: string, text: string, quickReplyPayload?: string) {
  const event = messengerText(psid, PAGE_ID, `m_bot_${++mid}`, text) as { message: Record<string, unknown> };
  if (quickReplyPayload) event.message.quick_reply = { payload: quickReplyPayload };
  expect((await postMessenger(svc.base, MESSENGER.appSecret, messengerBatch(PAGE_ID, [event]))).status).toBe(200);
}

function sentTo(psid: string) {
  return fakes.graph.sent.filter((s) => s.recipientId === psid);
}

describe('the bot on Messenger', () => {
  it('shows the menu as quick replies, follows a tapped quick reply, and answers with the source', async () => {
    await send('psid-bot-1', 'menu');
    const menu = await waitFor(async () => sentTo('psid-bot-1').at(-1), 15_000);
    expect(menu.message.text).toBe('Bạn muốn tìm hiểu về điều gì?');
    expect(menu.message.quick_replies?.map((q) => q.payload)).toContain('topic:loans');

    const loans = menu.message.quick_replies!.find((q) => q.payload === 'topic:loans')!;
    await send('psid-bot-1', loans.title, loans.payload);
    const submenu = await waitFor(async () => (sentTo('psid-bot-1').length >= 2 ? sentTo('psid-bot-1').at(-1) : undefined), 15_000);
    expect(submenu.message.text).toBe('Về vay vốn và hỗ trợ, bạn muốn biết gì?');

    await send('psid-bot-1', 'vay ngan hang');
    await waitFor(async () => sentTo('psid-bot-1').length >= 4, 15_000);
    expect(sentTo('psid-bot-1')[2]!.message.text).toMatch(/\nNguồn: .+/);
  });

  it('talk to staff: the bot leaves questions to staff on Messenger too', async () => {
    await send('psid-bot-2', 'dialog:talkToStaff');
    await waitFor(async () => sentTo('psid-bot-2').length >= 1, 15_000);
    expect((await Contacts(conn).findById('messenger:psid-bot-2'))!.handoffUntil).toBeInstanceOf(Date);
    await send('psid-bot-2', 'cho hỏi vay vốn đi Hàn');
    // Wait until that event was handled, then check nothing more was sent.
    await waitFor(async () => (await InboxEvents(conn).findById(`messenger:m_bot_${mid}`).lean())?.status === 'done', 15_000);
    expect(sentTo('psid-bot-2')).toHaveLength(1);
    // "menu" takes the conversation back from staff.
    await send('psid-bot-2', 'menu');
    await waitFor(async () => sentTo('psid-bot-2').length >= 2, 15_000);
    expect(sentTo('psid-bot-2')[1]!.message.text).toBe('Bạn muốn tìm hiểu về điều gì?');
  });
});
