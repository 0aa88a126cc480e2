import type { Activity } from 'botbuilder-core';
import { choicesOf, splitText, withNumberedList } from '../render.ts';
import type { MessengerMessage } from './client.ts';

/** Send API limits (platforms.md A5.6): 2000 characters of text; 13 quick replies of 20-character titles. */
export const MESSENGER_TEXT_LIMIT = 2000;
export const MAX_QUICK_REPLIES = 13;
export const QUICK_REPLY_TITLE_LIMIT = 20;
const PAYLOAD_LIMIT = 1000;

/** One outgoing activity → the Send API messages that show it, in order. */
export function renderMessenger(activity: Partial<Activity>): MessengerMessage[] {
  let text = activity.text ?? '';
  const choices = choicesOf(activity);
  const asButtons = choices.length > 0 && choices.length <= MAX_QUICK_REPLIES && choices.every((c) => c.value.length <= PAYLOAD_LIMIT);
  if (choices.length > 0 && !asButtons) text = withNumberedList(text, choices);

  const messages: MessengerMessage[] = splitText(text, MESSENGER_TEXT_LIMIT).map((t) => ({ text: t }));
  for (const a of activity.attachments ?? []) {
    const url = a.contentUrl;
    if (!url) continue;
    messages.push({ attachment: { type: a.contentType?.startsWith('image/') ? 'image' : 'file', payload: { url, is_reusable: true } } });
  }
  if (asButtons) {
    // Quick replies need a text to hang on; the title is cut to what Messenger shows, the value stays whole.
    let last = messages.findLast((m) => m.text !== undefined);
    if (!last) {
      last = { text: choices.map((c) => c.title).join(' / ').slice(0, MESSENGER_TEXT_LIMIT) };
      messages.push(last);
    }
    last.quick_replies = choices.map((c) => ({ content_type: 'text', title: truncate(c.title, QUICK_REPLY_TITLE_LIMIT), payload: c.value }));
  }
  return messages;
}

function truncate(s: string, n: number): string {
  const chars = [...s];
  return chars.length <= n ? s : `${chars.slice(0, n - 1).join('')}…`;
}
