import { ComponentDialog, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import { AnswerPrompt, MISSED, ask } from '../src/conversation/answer-prompt.ts';
import type { DialogDeps, NextStep } from '../src/conversation/types.ts';
import { languageSchema } from '../src/content/i18n.ts';

export const LANGUAGE_DIALOG = 'language';

/** Lets the person choose Vietnamese or English; remembered for them across restarts. */
export class LanguageDialog extends ComponentDialog {
  constructor(private readonly deps: DialogDeps) {
    super(LANGUAGE_DIALOG);
    this.addDialog(new AnswerPrompt());
    this.addDialog(new WaterfallDialog(`${LANGUAGE_DIALOG}.steps`, [this.choose.bind(this), this.apply.bind(this)]));
    this.initialDialogId = `${LANGUAGE_DIALOG}.steps`;
  }

  private async choose(step: WaterfallStepContext) {
    const t = this.deps.t(step.context);
    // Each language is named in itself, so the button is readable whatever is chosen now.
    const choices = [
      { value: 'vi', title: 'Tiếng Việt' },
      { value: 'en', title: 'English' },
    ];
    return ask(step, t('bot:language.choose'), { kind: 'choice', choices }, t('bot:choice.retry'), 1);
  }

  private async apply(step: WaterfallStepContext) {
    if (step.result === MISSED) return step.endDialog({ kind: 'reroute', text: step.context.activity.text ?? '' } satisfies NextStep);
    const language = languageSchema.parse(step.result);
    await this.deps.setLanguage(step.context, language);
    await step.context.sendActivity(this.deps.t(step.context)('bot:language.changed'));
    return step.endDialog({ kind: 'menu' } satisfies NextStep);
  }
}
