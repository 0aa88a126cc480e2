import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { isCommand } from '../src/content/commands.ts';
import type { DialogDeps, FeatureDialog } from '../src/conversation/types.ts';
import { Contacts } from '../src/domain/contacts.ts';

export const STOP_REMINDERS_DIALOG = 'stopReminders';

/**
 * Plain "stop" / "dừng" / "huỷ" stay the conversation's cancel command (H2); only these longer
 * phrases, which cannot mean "cancel this question", switch reminders off.
 */
const offCommands = ['dừng nhắc', 'dừng nhắc nhở', 'huỷ nhắc nhở', 'hủy nhắc nhở', 'tắt nhắc nhở', 'tắt nhắc', 'stop reminders', 'no more reminders'];
const onCommands = ['bật nhắc', 'bật nhắc nhở', 'reminders on', 'turn reminders on'];

/**
 * Turns conference reminders and return-home nudges off (or on again) for this person. The worker
 * reads the contact's `optOut` at send time, so it applies to messages already planned.
 */
export class StopRemindersDialog extends ComponentDialog {
  constructor(private readonly deps: DialogDeps) {
    super(STOP_REMINDERS_DIALOG);
    this.addDialog(new WaterfallDialog(`${STOP_REMINDERS_DIALOG}.steps`, [this.apply.bind(this)]));
    this.initialDialogId = `${STOP_REMINDERS_DIALOG}.steps`;
  }

  private async apply(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const t = this.deps.t(step.context);
    const on = isCommand(step.context.activity.text ?? '', onCommands);
    await Contacts(this.deps.ctx.conn).updateOne(
      { _id: this.deps.contactIdOf(step.context) },
      { $set: { 'optOut.reminders': !on, 'optOut.nudges': !on } },
    );
    await step.context.sendActivity(t(on ? 'scheduler:optOut.on' : 'scheduler:optOut.done'));
    return step.endDialog();
  }
}

export const stopRemindersDialog: FeatureDialog = {
  id: STOP_REMINDERS_DIALOG,
  intents: [],
  commands: [...offCommands, ...onCommands],
  create: (deps) => new StopRemindersDialog(deps),
};
