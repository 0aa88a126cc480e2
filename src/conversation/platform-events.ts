import { ActivityTypes, type Activity, type TurnContext } from 'botbuilder-core';
import type { AppContext } from '../core/context.ts';
import { Contacts } from '../domain/contacts.ts';
import { startHandoff } from '../domain/handoffs.ts';
import { channelOf, contactIdOf } from './contact-id.ts';
import type { ErasePerson } from './types.ts';

/**
 * The event that means "a person just arrived" (a platform's start button, the terminal chat
 * opening). A channel whose own arrival event keeps another name marks it with
 * `channelData.arrival`, so dialogs greet without knowing which platform it came from.
 */
export const ARRIVAL_EVENT = 'getStarted';

export function isArrival(activity: Partial<Activity>): boolean {
  if (activity.type !== ActivityTypes.Event) return false;
  const data: unknown = activity.channelData;
  return activity.name === ARRIVAL_EVENT || (typeof data === 'object' && data !== null && 'arrival' in data && data.arrival === true);
}

/**
 * Events the platforms report about a person that are not the person talking to the bot:
 * - `dataWithdrawal` (Zalo `user_withdraw`): they withdrew consent or asked for deletion in Zalo,
 *   so they are forgotten exactly as with "Xoá dữ liệu của tôi"; "restrict" stops every proactive
 *   message instead. Nothing is said back: they have just told us to stop.
 * - `staffReplied` (Zalo OA Manager, Messenger Page inbox): a person at the office answered them,
 *   so the bot steps back as after "Gặp cán bộ" and the console lists the handoff.
 * Returns true when the turn was one of these (the bot then does nothing else: no state is saved).
 */
export async function handlePlatformEvent(ctx: AppContext, handoffHours: number, erasePerson: ErasePerson, tc: TurnContext): Promise<boolean> {
  const { activity } = tc;
  if (activity.type !== ActivityTypes.Event) return false;
  const now = ctx.clock.now();
  if (activity.name === 'dataWithdrawal') {
    const contactId = contactIdOf(tc);
    if (activity.value === 'restrict') {
      await Contacts(ctx.conn).updateOne({ _id: contactId }, { $set: { 'optOut.reminders': true, 'optOut.nudges': true, 'optOut.broadcasts': true } });
    } else {
      const result = await erasePerson(ctx.conn, { contactId }, 'platform', now);
      ctx.log.info({ channel: channelOf(tc), found: result.found, leads: result.leads }, 'person erased at their request on the platform');
    }
    return true;
  }
  if (activity.name === 'staffReplied') {
    await startHandoff(ctx.conn, { contactId: contactIdOf(tc), channel: channelOf(tc), now, hours: handoffHours, topic: 'staff_replied' });
    return true;
  }
  return false;
}
