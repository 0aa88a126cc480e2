import type { Activity } from 'botbuilder-core';
import type { MessengerConfig } from '../../core/config.ts';
import { SendError, type ChannelOutbound, type Recipient, type Route, type SendPurpose, type SendTag, type TemplateMessage } from '../../outbox/sender.ts';
import type { PlatformPart } from '../adapter.ts';
import type { MessengerClient } from './client.ts';

/** Messenger's standard messaging window (platforms.md A5.2). */
export const MESSENGER_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * Proactive sends on Messenger: free-form inside 24 h of the person's last message; after that only
 * a conference reminder, through the configured utility template; otherwise nothing.
 */
export function messengerOutbound(config: MessengerConfig, client: MessengerClient, platform: PlatformPart): ChannelOutbound {
  return {
    route(recipient: Recipient, _purpose: SendPurpose, now: Date, template?: TemplateMessage): Route {
      if (now.getTime() - recipient.lastInboundAt.getTime() < MESSENGER_WINDOW_MS) return { kind: 'free' };
      if (template?.kind === 'conference_reminder' && config.utilityTemplateReminder) return { kind: 'template' };
      return { kind: 'closed', reason: 'messenger: more than 24 h since the last message and no utility template for this message' };
    },
    // A free-form message is tagged like a reply (its echo is the receipt); a template is not.
    confirmsSends: platform.confirmsSends === true,
    async send(recipient: Recipient, activity: Partial<Activity>, route: Route, template?: TemplateMessage, tag?: SendTag) {
      if (route.kind === 'free') return { messageIds: await platform.deliver(recipient.userId, activity, true, tag) };
      if (route.kind === 'template' && template?.kind === 'conference_reminder' && config.utilityTemplateReminder) {
        const id = await client.sendUtilityTemplate(recipient.userId, config.utilityTemplateReminder, config.utilityTemplateLanguage, template.params);
        return { messageIds: [id] };
      }
      throw new SendError(route.kind === 'closed' ? route.reason : 'messenger: no template for this message', true, 'window_closed');
    },
  };
}
