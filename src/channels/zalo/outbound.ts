import { randomUUID } from 'node:crypto';
import type { Activity } from 'botbuilder-core';
import type { ZaloConfig } from '../../core/config.ts';
import type { PlatformPart } from '../adapter.ts';
import { SendError, type ChannelOutbound, type Recipient, type Route, type SendPurpose, type TemplateMessage } from '../../outbox/sender.ts';
import type { ZaloClient, ZaloTransactionPayload } from './client.ts';
import { choicesOf } from '../render.ts';

/** Consultation messages need an interaction within the last 7 days (platforms.md B5.3). */
export const ZALO_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Proactive sends on Zalo: consultation messages within 7 days of the last interaction (personal
 * reminders, nudges and notices, not announcements); after that a conference reminder goes as a
 * transaction message when the OA may send them (ZALO_TRANSACTION_REMINDERS), else by ZNS to the
 * phone the person shared, when a template is configured.
 */
export function zaloOutbound(config: ZaloConfig, client: ZaloClient, platform: PlatformPart): ChannelOutbound {
  return {
    route(recipient: Recipient, purpose: SendPurpose, now: Date, template?: TemplateMessage): Route {
      // Consultation messages are for advising one person; general announcements belong to the
      // paid "promotion" class (followers only), which this service does not send (platforms.md B5.3, B9).
      if (purpose === 'broadcast') return { kind: 'closed', reason: 'zalo: announcements cannot go as consultation messages (use OA Manager broadcasts)' };
      if (now.getTime() - recipient.lastInboundAt.getTime() < ZALO_WINDOW_MS) return { kind: 'free' };
      if (template?.kind === 'conference_reminder' && (config.transactionReminders || (config.znsTemplateReminder && template.phone))) return { kind: 'template' };
      return { kind: 'closed', reason: 'zalo: more than 7 days since the last interaction and no transaction messages, ZNS template or phone for this message' };
    },
    async send(recipient: Recipient, activity: Partial<Activity>, route: Route, template?: TemplateMessage) {
      if (route.kind === 'free') return { messageIds: await platform.deliver(recipient.userId, activity, true) };
      if (route.kind === 'template' && template?.kind === 'conference_reminder' && config.transactionReminders) {
        return { messageIds: [await client.sendTransaction(recipient.userId, reminderTransaction(recipient, activity, template))] };
      }
      if (route.kind === 'template' && template?.kind === 'conference_reminder' && config.znsTemplateReminder && template.phone) {
        const id = await client.sendZns(template.phone, config.znsTemplateReminder, template.params, randomUUID());
        return { messageIds: [id] };
      }
      throw new SendError(route.kind === 'closed' ? route.reason : 'zalo: no template for this message', true, 'window_closed');
    },
  };
}

/**
 * A conference reminder as a `transaction_event` message: the conference's name as the header,
 * the reminder the bot wrote (already in the person's language) as the text, its buttons kept.
 */
function reminderTransaction(recipient: Recipient, activity: Partial<Activity>, template: TemplateMessage): ZaloTransactionPayload {
  const buttons = choicesOf(activity).slice(0, 5).map((c) => ({ title: c.title, type: 'oa.query.show' as const, payload: c.title }));
  return {
    template_type: 'transaction_event',
    language: recipient.language === 'en' ? 'EN' : 'VI',
    elements: [
      { type: 'header', content: (template.params.ten_hoi_nghi ?? '').slice(0, 100), align: 'left' },
      { type: 'text', content: (activity.text ?? '').slice(0, 1000), align: 'left' },
    ],
    ...(buttons.length > 0 ? { buttons } : {}),
  };
}
