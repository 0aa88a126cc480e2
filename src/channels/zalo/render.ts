import type { Activity } from 'botbuilder-core';
import { choicesOf, splitText, withNumberedList } from '../render.ts';
import type { ZaloMessage } from './client.ts';

/**
 * Zalo publishes no text limit (platforms.md E6); Messenger's 2000 characters is used as a safe cap.
 * Button titles are limited to 100 characters (SDK types); more than 5 buttons is untested ground,
 * so longer choice lists are a numbered list only. Zalo shows buttons on its phone app alone: PC and
 * web users see the text, so the choices are always numbered in the text too, and a typed number
 * is read as that choice (resolveChoice).
 */
export const ZALO_TEXT_LIMIT = 2000;
export const MAX_ZALO_BUTTONS = 5;
const BUTTON_TITLE_LIMIT = 100;

/** One outgoing activity → the consultation messages that show it, in order. */
export function renderZalo(activity: Partial<Activity>): ZaloMessage[] {
  let text = activity.text ?? '';
  const choices = choicesOf(activity);
  const asButtons = choices.length > 0 && choices.length <= MAX_ZALO_BUTTONS && choices.every((c) => c.title.length <= BUTTON_TITLE_LIMIT);
  if (choices.length > 0) text = withNumberedList(text, choices);

  const messages: ZaloMessage[] = splitText(text, ZALO_TEXT_LIMIT).map((t) => ({ text: t }));
  for (const a of activity.attachments ?? []) {
    if (a.contentUrl && a.contentType?.startsWith('image/')) {
      messages.push({ attachment: { type: 'template', payload: { template_type: 'media', elements: [{ media_type: 'image', url: a.contentUrl }] } } });
    }
  }
  if (asButtons) {
    // The text always holds the numbered list, so there is a text message to carry the buttons.
    const last = messages.findLast((m) => m.text !== undefined && !m.attachment)!;
    // `oa.query.show` sends the payload back as the person's own visible message, so it carries the
    // title (values are often machine tokens); the bot resolves a choice by its title as well.
    last.attachment = { type: 'template', payload: { buttons: choices.map((c) => ({ title: c.title, type: 'oa.query.show', payload: c.title })) } };
  }
  return messages;
}
