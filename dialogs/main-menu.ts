import { ComponentDialog, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { Intent } from '../src/content/index.ts';
import { AnswerPrompt, MISSED, ask } from '../src/conversation/answer-prompt.ts';
import type { Choice } from '../src/conversation/choices.ts';
import { buttonValue, nextStepOfValue } from '../src/conversation/next-step.ts';
import type { DialogDeps, FeatureDialog, NextStep } from '../src/conversation/types.ts';
import { DEPOSIT_CHECK_DIALOG } from './deposit-check.ts';
import { FEE_CHECK_DIALOG } from './fee-check.ts';
import { LANGUAGE_DIALOG } from './language.ts';
import { LOAN_GUIDE_DIALOG } from './loan-guide.ts';
import { TALK_TO_STAFF_DIALOG } from './talk-to-staff.ts';

export const MENU_DIALOG = 'menu';

export interface MenuOptions {
  /** A submenu key of `topics`; none: the main menu. */
  topic?: string;
  /** Instead of a menu: this message with these buttons (e.g. "did you mean…?"). */
  offer?: { text: string; choices: Choice[] };
}

type TopicItem = { intent: Intent } | { dialog: string };

/** The submenus: each lists questions (answered from the FAQ) and tools. */
const topics: Record<string, readonly TopicItem[]> = {
  markets: [
    { intent: 'markets.overview' },
    { intent: 'markets.japan' },
    { intent: 'markets.korea' },
    { intent: 'markets.taiwan' },
    { intent: 'markets.china_chongzuo' },
    { intent: 'markets.europe' },
    { intent: 'markets.middle_east' },
    { intent: 'markets.other' },
  ],
  fees: [{ dialog: FEE_CHECK_DIALOG }, { dialog: DEPOSIT_CHECK_DIALOG }, { intent: 'fees.costs' }, { intent: 'fees.legal_caps' }, { intent: 'fees.deposit' }],
  loans: [{ dialog: LOAN_GUIDE_DIALOG }, { intent: 'loans.bank' }, { intent: 'loans.support_programs' }],
  rights: [
    { intent: 'rights.worker' },
    { intent: 'rights.complaint' },
    { intent: 'safety.scams' },
    { intent: 'safety.check_company' },
    { intent: 'return.on_time' },
    { intent: 'return.reintegration' },
  ],
  documents: [{ intent: 'procedures.documents' }, { intent: 'procedures.training' }],
};

/** The main menu, in order. A feature dialog whose menuItem key is one of these takes its place. */
const mainItems: readonly { key: string; value: string }[] = [
  { key: 'markets', value: buttonValue.topic('markets') },
  { key: 'fees', value: buttonValue.topic('fees') },
  { key: 'loans', value: buttonValue.topic('loans') },
  { key: 'rights', value: buttonValue.topic('rights') },
  { key: 'documents', value: buttonValue.topic('documents') },
  { key: 'conferences', value: buttonValue.intent('conference.info') },
  { key: 'register', value: buttonValue.intent('lead.register') },
  { key: 'staff', value: buttonValue.dialog(TALK_TO_STAFF_DIALOG) },
  { key: 'language', value: buttonValue.dialog(LANGUAGE_DIALOG) },
];

export function isTopic(key: string): boolean {
  return Object.hasOwn(topics, key);
}

/**
 * Shows the main menu, a submenu, or any message with buttons, and ends with the step the chosen
 * button asks for. Anything typed instead of a choice is handed back as a new question.
 */
export class MenuDialog extends ComponentDialog {
  constructor(
    private readonly deps: DialogDeps,
    private readonly features: readonly FeatureDialog[],
  ) {
    super(MENU_DIALOG);
    this.addDialog(new AnswerPrompt());
    this.addDialog(new WaterfallDialog(`${MENU_DIALOG}.steps`, [this.show.bind(this), this.chosen.bind(this)]));
    this.initialDialogId = `${MENU_DIALOG}.steps`;
  }

  private async show(step: WaterfallStepContext) {
    const t = this.deps.t(step.context);
    const options = (step.options ?? {}) as MenuOptions;
    if (options.offer) {
      return ask(step, options.offer.text, { kind: 'choice', choices: options.offer.choices }, t('bot:choice.retry'), 0);
    }
    const choices = options.topic ? this.topicChoices(step, options.topic) : this.mainChoices(step);
    const text = options.topic ? t(`bot:menu.topicIntro.${options.topic}`) : t('bot:menu.intro');
    return ask(step, text, { kind: 'choice', choices }, t('bot:choice.retry'), 0);
  }

  private async chosen(step: WaterfallStepContext) {
    const value = step.result as string;
    if (value === MISSED) return step.endDialog({ kind: 'reroute', text: step.context.activity.text ?? '' } satisfies NextStep);
    // A submenu is begun by the main dialog too (kind 'topic'), never nested inside this one.
    return step.endDialog(nextStepOfValue(value));
  }

  private mainChoices(step: WaterfallStepContext): Choice[] {
    const t = this.deps.t(step.context);
    const withMenu = this.features.filter((f) => f.menuItem);
    const items: Choice[] = mainItems.map((item) => {
      const feature = withMenu.find((f) => f.menuItem!.key === item.key);
      return feature
        ? { value: buttonValue.dialog(feature.id), title: t(feature.menuItem!.title) }
        : { value: item.value, title: t(`bot:menu.items.${item.key}`) };
    });
    const extra = withMenu.filter((f) => !mainItems.some((m) => m.key === f.menuItem!.key));
    // Extra feature buttons go before "talk to staff" and "language", which stay last.
    items.splice(items.length - 2, 0, ...extra.map((f) => ({ value: buttonValue.dialog(f.id), title: t(f.menuItem!.title) })));
    return items;
  }

  private topicChoices(step: WaterfallStepContext, topic: string): Choice[] {
    const t = this.deps.t(step.context);
    const items = (topics[topic] ?? []).map((item): Choice =>
      'dialog' in item
        ? { value: buttonValue.dialog(item.dialog), title: t(`bot:tools.${item.dialog}`) }
        : { value: buttonValue.intent(item.intent), title: t(`bot:intents.${item.intent}`) },
    );
    return [...items, { value: buttonValue.menu, title: t('bot:menu.back') }];
  }
}
