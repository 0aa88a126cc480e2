import { ComponentDialog, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import { messageWithChoices, resolveChoice } from '../src/bot/choices.ts';
import { channelOf } from '../src/bot/contact-id.ts';
import type { DialogDeps, FeatureDialog } from '../src/bot/types.ts';
import { parseYesNo } from '../src/leads/answers.ts';
import { erasePerson } from '../src/leads/erase.ts';

export const ERASE_MY_DATA_DIALOG = 'eraseMyData';

/**
 * "Xoá dữ liệu của tôi" / "delete my data": after an explicit confirmation, the person's lead is
 * anonymised, their contact details and the bot's stored state for them removed (src/leads/erase.ts).
 */
export class EraseMyDataDialog extends ComponentDialog {
  constructor(private readonly deps: DialogDeps) {
    super(ERASE_MY_DATA_DIALOG);
    this.addDialog(new WaterfallDialog(`${ERASE_MY_DATA_DIALOG}.steps`, [this.confirm.bind(this), this.erase.bind(this)]));
    this.initialDialogId = `${ERASE_MY_DATA_DIALOG}.steps`;
  }

  private choices(step: WaterfallStepContext) {
    const t = this.deps.t(step.context);
    return [
      { value: 'erase.yes', title: t('leads:erase.yes') },
      { value: 'erase.no', title: t('leads:erase.no') },
    ];
  }

  private async confirm(step: WaterfallStepContext) {
    const t = this.deps.t(step.context);
    await step.context.sendActivity(messageWithChoices(t('leads:erase.confirm'), this.choices(step)));
    return WaterfallDialog.EndOfTurn;
  }

  private async erase(step: WaterfallStepContext) {
    const t = this.deps.t(step.context);
    const text = step.context.activity.text ?? '';
    const picked = resolveChoice(text, this.choices(step));
    const yes = picked ? picked.value === 'erase.yes' : parseYesNo(text) === true;
    if (!yes) {
      await step.context.sendActivity(t('leads:erase.kept'));
      return step.endDialog();
    }
    try {
      const result = await erasePerson(this.deps.ctx.conn, this.deps.contactIdOf(step.context), 'chat', this.deps.ctx.clock.now());
      await step.context.sendActivity(t(result.found ? 'leads:erase.done' : 'leads:erase.nothing'));
    } catch (err) {
      this.deps.ctx.log.error({ err, channel: channelOf(step.context) }, 'erase failed');
      await step.context.sendActivity(t('leads:erase.failed'));
    }
    return step.endDialog();
  }
}

export const eraseMyDataDialog: FeatureDialog = {
  id: ERASE_MY_DATA_DIALOG,
  intents: ['privacy.erase'],
  commands: ['xoá dữ liệu của tôi', 'xóa dữ liệu của tôi', 'xoá dữ liệu', 'xóa dữ liệu', 'delete my data'],
  create: (deps) => new EraseMyDataDialog(deps),
};
