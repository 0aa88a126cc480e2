import {
  ActivityTypes,
  BotAdapter,
  TurnContext,
  type Activity,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder-core';
import type { BotLogic } from '../../conversation/types.ts';
import { CONSOLE_CHANNEL_ID } from './channel.ts';

/** Prints the bot's messages; suggested actions become a numbered list (as on Zalo). */
export class ConsoleAdapter extends BotAdapter {
  constructor(
    private readonly userId: string,
    private readonly write: (text: string) => void,
  ) {
    super();
  }

  async turn(activity: Partial<Activity>, logic: BotLogic): Promise<void> {
    const full: Partial<Activity> = {
      channelId: CONSOLE_CHANNEL_ID,
      serviceUrl: '',
      from: { id: this.userId, name: '' },
      recipient: { id: 'bot', name: 'bot' },
      conversation: { id: this.userId, isGroup: false, conversationType: 'personal', name: '' },
      timestamp: new Date(),
      ...activity,
    };
    await this.runMiddleware(new TurnContext(this, full), logic);
  }

  override async sendActivities(_context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    for (const activity of activities) {
      if (activity.type !== ActivityTypes.Message && activity.type !== undefined) continue;
      const lines = [activity.text ?? ''];
      (activity.suggestedActions?.actions ?? []).forEach((action, i) => lines.push(`  ${i + 1}. ${String(action.title)}`));
      this.write(lines.join('\n'));
    }
    return activities.map(() => ({ id: '' }));
  }

  override updateActivity(): Promise<void> {
    return Promise.reject(new Error('the console cannot edit messages'));
  }

  override deleteActivity(): Promise<void> {
    return Promise.reject(new Error('the console cannot delete messages'));
  }

  override async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: 'continueConversation' }, reference, true);
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }
}
