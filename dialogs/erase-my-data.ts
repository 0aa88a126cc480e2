import type { TurnContext } from 'botbuilder-core';
import { ActivityTypes } from 'botbuilder-core';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { messageWithChoices, resolveChoice, type Choice } from '../src/conversation/choices.ts';
import { channelOf } from '../src/conversation/contact-id.ts';
import type { DialogDeps, FeatureDialog, NextStep } from '../src/conversation/types.ts';
import { parseYesNo } from '../src/domain/leads/answers.ts';
import { erasePerson } from '../src/privacy/erase.ts';

export const ERASE_MY_DATA_DIALOG = 'eraseMyData';

/** Unclear answers in a row before the message is taken as a new question instead. */
const MAX_MISSES = 2;

/**
 * "Xoá dữ liệu của tôi" / "delete my data": after an explicit confirmation, everything about the
 * person is forgotten (src/privacy/erase.ts: lead, return-home plans and nudges, contact, chat state).
 */
export class EraseMyDataDialog extends Dialog {
  constructor(private readonly deps: DialogDeps) {
    super(ERASE_MY_DATA_DIALOG);
  }

  private choices(context: TurnContext): Choice[] {
    const t = this.deps.t(context);
    return [
      { value: 'erase.yes', title: t('leads:erase.yes') },
      { value: 'erase.no', title: t('leads:erase.no') },
    ];
  }

  override async beginDialog(dc: DialogContext): Promise<DialogTurnResult> {
    dc.activeDialog!.state.misses = 0;
    await dc.context.sendActivity(messageWithChoices(this.deps.t(dc.context)('leads:erase.confirm'), this.choices(dc.context)));
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    // Platform events (delivery, read, follow) are not answers.
    if (dc.context.activity.type !== ActivityTypes.Message) return Dialog.EndOfTurn;
    const t = this.deps.t(dc.context);
    const text = dc.context.activity.text ?? '';
    const picked = resolveChoice(text, this.choices(dc.context));
    const answer = picked ? picked.value === 'erase.yes' : parseYesNo(text);
    if (answer === undefined) {
      const state = dc.activeDialog!.state as { misses: number };
      if (++state.misses >= MAX_MISSES) return dc.endDialog({ kind: 'reroute', text } satisfies NextStep);
      await dc.context.sendActivity(messageWithChoices(t('leads:retry.choice'), this.choices(dc.context)));
      return Dialog.EndOfTurn;
    }
    if (!answer) {
      await dc.context.sendActivity(t('leads:erase.kept'));
      return dc.endDialog();
    }
    try {
      const result = await erasePerson(this.deps.ctx.conn, { contactId: this.deps.contactIdOf(dc.context) }, 'chat', this.deps.ctx.clock.now());
      await dc.context.sendActivity(t(result.found ? 'leads:erase.done' : 'leads:erase.nothing'));
    } catch (err) {
      this.deps.ctx.log.error({ err, channel: channelOf(dc.context) }, 'erase failed');
      await dc.context.sendActivity(t('leads:erase.failed'));
    }
    return dc.endDialog();
  }
}

export const eraseMyDataDialog: FeatureDialog = {
  id: ERASE_MY_DATA_DIALOG,
  intents: ['privacy.erase'],
  commands: ['xoá dữ liệu của tôi', 'xóa dữ liệu của tôi', 'xoá dữ liệu', 'xóa dữ liệu', 'delete my data'],
  create: (deps) => new EraseMyDataDialog(deps),
};
