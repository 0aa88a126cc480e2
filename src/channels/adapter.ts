import {
  ActivityTypes,
  BotAdapter,
  TurnContext,
  type Activity,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder-core';
import { ARRIVAL_EVENT } from '../conversation/platform-events.ts';
import type { BotLogic } from '../conversation/types.ts';
import type { Language } from '../content/i18n.ts';
import type { InboundEvent } from './inbox/event.ts';
import type { SendTag } from '../outbox/sender.ts';

/** What each platform folder provides to the shared adapter. */
export interface PlatformPart {
  /** botbuilder's channel id, the first part of the bot's state keys (Messenger's is 'facebook', see contact-id.ts). */
  readonly channelId: string;
  /**
   * Sends one message activity; `proactive` when it is not a reply to the person's last event.
   * With a `tag`, each message is marked so the platform's echo confirms it (where the platform can,
   * see `confirmsSends`) and the messages in `tag.confirmed` are not sent again. Returns message ids.
   */
  deliver(userId: string, activity: Partial<Activity>, proactive: boolean, tag?: SendTag): Promise<string[]>;
  /** Whether the platform echoes tagged messages back (outbox/receipts.ts); untagged platforms send at most once across a crash. */
  readonly confirmsSends?: boolean;
  /** Shows a typing indicator, where the platform has one. */
  typing(userId: string): Promise<void>;
}

const bufferKey = Symbol('bufferedReplies');
/** Events that mean the person just arrived: Messenger's Get Started button, a Zalo follow. */
const arrivalKinds: ReadonlySet<InboundEvent['kind']> = new Set(['get_started', 'follow']);

/**
 * A botbuilder adapter for one platform. During an inbox turn the bot's replies are collected, not
 * sent: the inbox stores them first and then delivers each once (src/channels/inbox/worker.ts).
 * Proactive turns (`continueConversation`) send straight away.
 */
export class ChannelAdapter extends BotAdapter {
  constructor(readonly platform: PlatformPart) {
    super();
  }

  /** Runs the bot for one inbound event and returns the message activities it wants to send. */
  async runTurn(event: InboundEvent, language: Language, logic: BotLogic): Promise<Partial<Activity>[]> {
    const replies: Partial<Activity>[] = [];
    const context = new TurnContext(this, this.toActivity(event, language));
    context.turnState.set(bufferKey, replies);
    await this.runMiddleware(context, logic);
    return replies;
  }

  toActivity(event: InboundEvent, language: Language): Partial<Activity> {
    const base: Partial<Activity> = {
      id: event.key,
      channelId: this.platform.channelId,
      conversation: { id: event.userId, isGroup: false, conversationType: 'personal', name: '' },
      from: { id: event.userId, name: '' },
      recipient: { id: event.accountId, name: '' },
      serviceUrl: '',
      timestamp: new Date(event.occurredAt),
      locale: language,
      // `arrival`: the dialogs greet (conversation/platform-events.ts isArrival) without knowing the platform's event names.
      channelData: { kind: event.kind, ...(arrivalKinds.has(event.kind) ? { arrival: true } : {}), ...(event.sharedInfo ? { sharedInfo: event.sharedInfo } : {}) },
    };
    switch (event.kind) {
      case 'text':
        return { ...base, type: ActivityTypes.Message, text: (event.text ?? '').normalize('NFC') };
      case 'quick_reply':
      case 'postback':
        // The payload is both text (so ChoicePrompt matches it, whatever the shortened title) and value.
        return { ...base, type: ActivityTypes.Message, text: event.payload ?? event.text ?? '', value: event.payload };
      case 'attachment':
        return { ...base, type: ActivityTypes.Message, text: (event.text ?? '').normalize('NFC'), attachments: (event.attachments ?? []).map((a) => ({ contentType: a.type, contentUrl: a.url })) };
      case 'get_started':
        return { ...base, type: ActivityTypes.Event, name: ARRIVAL_EVENT, value: event.payload };
      case 'follow':
      case 'unfollow':
      case 'referral':
        return { ...base, type: ActivityTypes.Event, name: event.kind, value: event.payload };
      case 'submit_info':
        return { ...base, type: ActivityTypes.Event, name: 'submitInfo', value: event.sharedInfo ?? {} };
      case 'withdraw':
        return { ...base, type: ActivityTypes.Event, name: 'dataWithdrawal', value: event.payload };
      case 'staff_reply':
        return { ...base, type: ActivityTypes.Event, name: 'staffReplied' };
    }
  }

  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const buffer = context.turnState.get(bufferKey) as Partial<Activity>[] | undefined;
    const userId = context.activity.from?.id ?? context.activity.conversation?.id;
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      const to = activity.recipient?.id ?? userId;
      if (!to) throw new Error('outgoing activity has no recipient');
      switch (activity.type) {
        case ActivityTypes.Trace:
          responses.push({ id: '' });
          break;
        case ActivityTypes.Typing:
          // Cosmetic: a failed typing indicator must not fail the turn.
          await this.platform.typing(to).catch(() => undefined);
          responses.push({ id: '' });
          break;
        case 'delay':
          if (!buffer) await new Promise((r) => setTimeout(r, Math.min(Number(activity.value) || 0, 5000)));
          responses.push({ id: '' });
          break;
        case ActivityTypes.Message:
        case undefined:
          if (buffer) {
            buffer.push(JSON.parse(JSON.stringify({ ...activity, type: ActivityTypes.Message })) as Partial<Activity>);
            responses.push({ id: `pending-${buffer.length}` });
          } else {
            const ids = await this.platform.deliver(to, activity, true);
            responses.push({ id: ids.at(-1) ?? '' });
          }
          break;
        default:
          responses.push({ id: '' });
      }
    }
    return responses;
  }

  override async updateActivity(): Promise<void> {
    throw new Error(`${this.platform.channelId}: editing a sent message is not supported`);
  }

  override async deleteActivity(): Promise<void> {
    throw new Error(`${this.platform.channelId}: deleting a sent message is not supported`);
  }

  /** Proactive turn (scheduler): replies are sent at once as proactive messages. */
  override async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    // Without the old activity id, replies do not point at a stale message (replyToId).
    const { activityId: _stale, ...ref } = reference;
    const activity = TurnContext.applyConversationReference(
      { type: ActivityTypes.Event, name: 'continueConversation', channelId: this.platform.channelId },
      ref,
      true,
    );
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }

  override async continueConversationAsync(
    _botAppIdOrClaims: unknown,
    reference: Partial<ConversationReference>,
    logicOrAudience: unknown,
    maybeLogic?: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    const logic = (typeof logicOrAudience === 'function' ? logicOrAudience : maybeLogic) as ((context: TurnContext) => Promise<void>) | undefined;
    if (!logic) throw new Error('continueConversationAsync: no logic given');
    await this.continueConversation(reference, logic);
  }

  /** A conversation reference for a person, for proactive turns. */
  referenceFor(userId: string, accountId = ''): Partial<ConversationReference> {
    return {
      channelId: this.platform.channelId,
      conversation: { id: userId, isGroup: false, conversationType: 'personal', name: '' },
      user: { id: userId, name: '' },
      bot: { id: accountId, name: '' },
      serviceUrl: '',
    };
  }
}
