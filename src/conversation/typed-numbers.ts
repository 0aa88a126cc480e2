import { ActivityTypes, type Activity, type StatePropertyAccessor, type TurnContext } from 'botbuilder-core';
import type { DialogState } from 'botbuilder-dialogs';

/**
 * Zalo PC and web (and the terminal chat) show buttons as a numbered list, so people answer "2".
 * A question asked by a dialog reads the number itself (resolveChoice); buttons shown outside a
 * question (under an answer, the "not sure" topics, "stop") are remembered here, and a bare number
 * typed next, while no dialog is asking, becomes that button's value — what a tap would have sent.
 */
export interface OfferedChoices {
  values: string[];
}

const BARE_NUMBER = /^\s*(?:s[oố]\s*)?(\d{1,2})[.)]?\s*$/iu;

/** Records the buttons of the turn's last message (none: forgotten), for the next turn. */
export function rememberOfferedChoices(tc: TurnContext, offered: StatePropertyAccessor<OfferedChoices>): void {
  tc.onSendActivities(async (_ctx, activities: Partial<Activity>[], next) => {
    const messages = activities.filter((a) => a.type === undefined || a.type === ActivityTypes.Message);
    const last = messages.at(-1);
    if (last) {
      const values = (last.suggestedActions?.actions ?? []).map((a) => (typeof a.value === 'string' ? a.value : String(a.title ?? '')));
      await offered.set(tc, { values });
    }
    return next();
  });
}

/** Turns a typed "2" into the second button last shown, when no dialog is waiting for an answer. */
export async function readTypedNumber(tc: TurnContext, offered: StatePropertyAccessor<OfferedChoices>, dialogState: StatePropertyAccessor<DialogState>): Promise<void> {
  if (tc.activity.type !== ActivityTypes.Message) return;
  const number = BARE_NUMBER.exec(tc.activity.text ?? '');
  if (!number) return;
  const value = (await offered.get(tc, { values: [] })).values[Number(number[1]) - 1];
  if (value === undefined || (await childDialogActive(tc, dialogState))) return;
  tc.activity.text = value;
}

/** The main dialog's own stack: a child dialog there asks its own questions and reads numbers itself. */
async function childDialogActive(tc: TurnContext, dialogState: StatePropertyAccessor<DialogState>): Promise<boolean> {
  const main = (await dialogState.get(tc))?.dialogStack?.[0];
  const inner = (main?.state as { dialogs?: DialogState } | undefined)?.dialogs?.dialogStack ?? [];
  return inner.length > 0;
}
