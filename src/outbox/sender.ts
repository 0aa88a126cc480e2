import type { Activity } from 'botbuilder-core';
import type { ChannelId } from '../domain/contacts.ts';

/**
 * How the rest of the service sends to a person outside a conversation turn (reminders, nudges,
 * broadcasts). Each platform folder implements `ChannelOutbound`; nothing outside src/channels/
 * knows which platform it is talking to.
 */

/** Why a proactive message is being sent: the platforms' window rules depend on it. */
export type SendPurpose = 'reminder' | 'nudge' | 'broadcast' | 'notice';

/** A platform-approved template to use when the free-form window is closed. */
export interface TemplateMessage {
  /** Our name for it, mapped by each platform to its configured template (utility template / ZNS). */
  kind: 'conference_reminder' | 'return_nudge' | 'notice';
  params: Record<string, string>;
  /** ZNS addresses a phone number the person shared with consent (digits, 84… form). */
  phone?: string;
}

/** The person as the outbound side needs to see them. */
export interface Recipient {
  contactId: string;
  channel: ChannelId;
  userId: string;
  language: 'vi' | 'en';
  lastInboundAt: Date;
}

export type Route =
  | { kind: 'free' } // free-form message inside the platform's window
  | { kind: 'template' } // outside the window, through an approved template
  | { kind: 'closed'; reason: string }; // no lawful route: do not send

/**
 * Which message a platform call belongs to, for send receipts (receipts.ts): an inbox reply's
 * delivery id, or a delivery's claimed attempt. The platform tags message k of it `<id>/<k>`.
 */
export interface SendTag {
  id: string;
  /** Messages of it the platform already confirmed: skipped. */
  confirmed?: ReadonlySet<number>;
}

export interface SendResult {
  messageIds: string[];
}

/** A send that failed. `permanent` failures must not be retried (blocked, window closed, bad config). */
export class SendError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly reason: 'retry_later' | 'window_closed' | 'unreachable' | 'auth' | 'config' | 'quota' | 'unknown',
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export interface ChannelOutbound {
  /** Decides, without sending, how (or whether) a message may reach this person now. */
  route(recipient: Recipient, purpose: SendPurpose, now: Date, template?: TemplateMessage): Route;
  /**
   * Sends a message (text, suggested actions…) as the bot; throws SendError on failure. With a tag,
   * a free-form message is marked for send receipts where the platform can (`confirmsSends`).
   */
  send(recipient: Recipient, activity: Partial<Activity>, route: Route, template?: TemplateMessage, tag?: SendTag): Promise<SendResult>;
  /** Whether a tagged free-form message comes back as a send receipt (Messenger echoes; not Zalo, not templates). */
  readonly confirmsSends?: boolean;
  /** How long after the person's last message free-form messages may go (shown to staff). */
  readonly windowMs?: number;
  /** The platform's rate limit, messages per second (the delivery worker paces each channel to it). */
  readonly ratePerSecond?: number;
}

export type Outbound = Partial<Record<ChannelId, ChannelOutbound>>;
