import { ActivityTypes } from 'botbuilder-core';
import { ComponentDialog, Dialog, DialogTurnStatus, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import type { Intent, MatchResult } from '../src/content/index.ts';
import { asksAboutAnAmount, feeFactsOf } from '../src/conversation/fee-facts.ts';
import { messageWithChoices, type Choice } from '../src/conversation/choices.ts';
import { guessOf, recordTurnForReview } from '../src/conversation/review.ts';
import { globalCommandOf, isCommand } from '../src/content/commands.ts';
import { buttonValue, nextStepOfValue } from '../src/conversation/next-step.ts';
import type { DialogDeps, FeatureDialog, NextStep } from '../src/conversation/types.ts';
import { isArrival } from '../src/conversation/platform-events.ts';
import { FAQ_ANSWER_DIALOG, FaqAnswerDialog, type FaqAnswerOptions } from './faq-answer.ts';
import { smallTalkOf } from '../src/conversation/small-talk.ts';
import { DEPOSIT_CHECK_DIALOG, DepositCheckDialog, type DepositCheckOptions } from './deposit-check.ts';
import { FEE_CHECK_DIALOG, FeeCheckDialog, type FeeCheckOptions } from './fee-check.ts';
import { LANGUAGE_DIALOG, LanguageDialog } from './language.ts';
import { LOAN_GUIDE_DIALOG, LoanGuideDialog } from './loan-guide.ts';
import { MENU_DIALOG, MenuDialog, isTopic, type MenuOptions } from './main-menu.ts';
import { TALK_TO_STAFF_DIALOG, TalkToStaffDialog } from './talk-to-staff.ts';

export const MAIN_DIALOG = 'main';

/** Intents whose dialogs belong to other features; until one is registered they get an honest "not yet". */
const featureOnlyIntents: readonly Intent[] = ['lead.register', 'privacy.erase'];

/** The person shared their name and phone through the platform's own form (src/channels/ maps it). */
const SHARED_INFO_EVENT = 'submitInfo';

/**
 * Fee questions that name an amount (even when the topic is not certain) go to the fee check, or
 * to the deposit check when the money is a deposit (cọc, ký quỹ).
 */
const feeCheckIntents: readonly Intent[] = ['fees.legal_caps', 'fees.costs', 'fees.deposit'];

/** Longest title of a "did you mean" button; longer questions are cut at a word. */
const maxClarifyTitle = 60;

/** A chain of dialogs ending into each other cannot loop forever. */
const maxHops = 4;

/**
 * The root of every conversation. It never ends: each message is either a global command
 * (menu, help, stop — anywhere, also inside a running dialog), an answer for the running dialog,
 * or a new question routed by the matcher to an FAQ answer, a tool, or a feature dialog.
 */
export class MainDialog extends ComponentDialog {
  constructor(
    private readonly deps: DialogDeps,
    private readonly features: readonly FeatureDialog[],
  ) {
    super(MAIN_DIALOG);
    this.addDialog(new MenuDialog(deps, features));
    this.addDialog(new FaqAnswerDialog(deps));
    this.addDialog(new FeeCheckDialog(deps));
    this.addDialog(new DepositCheckDialog(deps));
    this.addDialog(new LoanGuideDialog(deps));
    this.addDialog(new TalkToStaffDialog(deps));
    this.addDialog(new LanguageDialog(deps));
    for (const feature of features) this.addDialog(feature.create(deps));
  }

  protected override async onBeginDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    await this.handle(innerDc);
    return Dialog.EndOfTurn;
  }

  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    await this.handle(innerDc);
    return Dialog.EndOfTurn;
  }

  private async handle(dc: DialogContext): Promise<void> {
    const activity = dc.context.activity;
    if (isArrival(activity)) {
      await dc.cancelAllDialogs();
      return this.greet(dc);
    }
    if (activity.type === ActivityTypes.Event && activity.name === SHARED_INFO_EVENT) return this.sharedInfo(dc);
    if (activity.type !== ActivityTypes.Message) return;
    const text = (activity.text ?? '').trim();

    // Feature commands first, so "dừng nhắc" (stop reminders) is not taken for "dừng" (stop).
    const feature = this.features.find((f) => f.commands && isCommand(text, f.commands));
    if (feature) {
      await dc.cancelAllDialogs();
      return this.run(dc, await dc.beginDialog(feature.id));
    }
    const command = globalCommandOf(text);
    if (command === 'menu') {
      await dc.cancelAllDialogs();
      return this.run(dc, await dc.beginDialog(MENU_DIALOG));
    }
    if (command === 'stop') {
      const wasBusy = dc.activeDialog !== undefined;
      await dc.cancelAllDialogs();
      const t = this.deps.t(dc.context);
      await dc.context.sendActivity(messageWithChoices(wasBusy ? t('bot:stop.cancelled') : t('bot:stop.nothing'), [this.menuButton(dc)]));
      return;
    }
    if (command === 'staff' || command === 'language') {
      await dc.cancelAllDialogs();
      return this.run(dc, await dc.beginDialog(command === 'staff' ? TALK_TO_STAFF_DIALOG : LANGUAGE_DIALOG));
    }
    if (command === 'help') {
      await dc.context.sendActivity(this.deps.t(dc.context)('bot:help'));
      // The running dialog asks its question again; nothing is lost.
      if (dc.activeDialog) await dc.repromptDialog();
      return;
    }
    if (dc.activeDialog) return this.run(dc, await dc.continueDialog());
    return this.route(dc, text);
  }

  /** After a child dialog turn: if it ended, do what it asked for next. */
  private async run(dc: DialogContext, result: DialogTurnResult, hops = 0): Promise<void> {
    if (result.status !== DialogTurnStatus.complete || hops >= maxHops) return;
    const next = result.result as NextStep | undefined;
    if (!next) return;
    switch (next.kind) {
      case 'menu':
        return this.run(dc, await dc.beginDialog(MENU_DIALOG), hops + 1);
      case 'topic':
        return this.run(dc, await dc.beginDialog(MENU_DIALOG, { topic: next.topic } satisfies MenuOptions), hops + 1);
      case 'offer':
        return this.run(dc, await dc.beginDialog(MENU_DIALOG, { offer: { text: next.text, choices: next.choices } } satisfies MenuOptions), hops + 1);
      case 'faq': {
        // An entry that describes a dialog (register, erase, talk to staff…) starts that dialog.
        const intent = this.deps.content.faq.find((e) => e.id === next.faqId)?.intent;
        if (intent && this.hasDialog(intent)) return this.run(dc, await this.beginForIntent(dc, intent), hops + 1);
        return this.run(dc, await dc.beginDialog(FAQ_ANSWER_DIALOG, { faqId: next.faqId } satisfies FaqAnswerOptions), hops + 1);
      }
      case 'dialog':
        return this.run(dc, await this.beginById(dc, next.id), hops + 1);
      case 'intent':
        return this.run(dc, await this.beginForIntent(dc, next.intent), hops + 1);
      case 'reroute':
        return this.route(dc, next.text, hops + 1);
    }
  }

  /** A new message outside any dialog: a button value, or free text for the matcher. */
  private async route(dc: DialogContext, text: string, hops = 0): Promise<void> {
    const t = this.deps.t(dc.context);
    if (text === '') {
      await dc.context.sendActivity(messageWithChoices(t('bot:textOnly'), [this.menuButton(dc)]));
      return;
    }
    const asButton = nextStepOfValue(text);
    if (asButton) return this.run(dc, { status: DialogTurnStatus.complete, result: asButton }, hops);

    const courtesy = smallTalkOf(text);
    if (courtesy) {
      await dc.context.sendActivity(t(`bot:smallTalk.${courtesy}`));
      return;
    }
    const match = this.deps.matcher.match(text);
    // An amount asked about a fee goes to the fee check, which can compare it with the cap.
    if (feeCheckIntents.includes(match.intent)) {
      const facts = feeFactsOf(text, this.deps.content);
      if (asksAboutAnAmount(facts)) {
        const started = facts.deposit
          ? await dc.beginDialog(DEPOSIT_CHECK_DIALOG, facts satisfies DepositCheckOptions)
          : await dc.beginDialog(FEE_CHECK_DIALOG, facts satisfies FeeCheckOptions);
        return this.run(dc, started, hops + 1);
      }
    }
    if (!match.confident) return this.unsure(dc, match, text);
    const answer = { faqId: match.faqId ?? undefined, askedText: text, alsoFaqId: match.also?.faqId };
    return this.run(dc, await this.beginForIntent(dc, match.intent, answer), hops + 1);
  }

  /** `answer`: the FAQ entry to answer with, what was typed, another question the message asked. */
  private async beginForIntent(dc: DialogContext, intent: Intent, answer: Partial<FaqAnswerOptions> = {}): Promise<DialogTurnResult> {
    const { faqId, askedText, alsoFaqId } = answer;
    if (intent === 'menu') return dc.beginDialog(MENU_DIALOG);
    if (intent === 'greeting') {
      await this.greet(dc);
      return { status: DialogTurnStatus.waiting };
    }
    const feature = this.features.find((f) => f.intents.includes(intent));
    if (feature) return dc.beginDialog(feature.id);
    if (intent === 'handoff.human') return dc.beginDialog(TALK_TO_STAFF_DIALOG);
    const t = this.deps.t(dc.context);
    if (featureOnlyIntents.includes(intent)) {
      return this.offer(dc, t(`bot:notYet.${intent}`), [this.staffButton(dc), this.menuButton(dc)]);
    }
    const entry = faqId ? { id: faqId } : this.deps.content.faq.find((e) => e.intent === intent);
    if (!entry) return this.offer(dc, t('bot:unsure'), [this.staffButton(dc), this.menuButton(dc)]);
    return dc.beginDialog(FAQ_ANSWER_DIALOG, { faqId: entry.id, askedText, alsoFaqId } satisfies FaqAnswerOptions);
  }

  /** True when this intent is answered by a dialog rather than an FAQ text. */
  private hasDialog(intent: Intent): boolean {
    return intent === 'menu' || intent === 'greeting' || intent === 'handoff.human' || this.features.some((f) => f.intents.includes(intent));
  }

  private async beginById(dc: DialogContext, id: string): Promise<DialogTurnResult> {
    if (isTopic(id)) return dc.beginDialog(MENU_DIALOG, { topic: id } satisfies MenuOptions);
    const known = [FEE_CHECK_DIALOG, DEPOSIT_CHECK_DIALOG, LOAN_GUIDE_DIALOG, TALK_TO_STAFF_DIALOG, LANGUAGE_DIALOG, ...this.features.map((f) => f.id)];
    return known.includes(id) ? dc.beginDialog(id) : dc.beginDialog(MENU_DIALOG);
  }

  /**
   * Not sure what was asked: one short clarifying question with the likeliest two or three topics
   * as buttons (each its best FAQ question), then the menu and staff. Nothing likely: say so.
   */
  private async unsure(dc: DialogContext, match: MatchResult, text?: string): Promise<void> {
    if (text) await recordTurnForReview(this.deps, dc.context, 'unsure', text, guessOf(match)); // staff review queue
    const t = this.deps.t(dc.context);
    const language = this.deps.language(dc.context);
    const likely = match.guesses.filter((g, i) => i === 0 || g.score >= 0.1).slice(0, 3);
    const choices: Choice[] = [
      ...likely.flatMap((g) => {
        const entry = this.deps.content.faq.find((e) => e.id === g.faqId);
        return entry ? [{ value: buttonValue.faq(entry.id), title: shortTitle(entry.question[language]) }] : [];
      }),
      this.menuButton(dc),
      this.staffButton(dc),
    ];
    await this.run(dc, await this.offer(dc, likely.length > 0 ? t('bot:clarify') : t('bot:unsure'), choices));
  }

  /**
   * The person shared their name and phone with the office (Zalo's request-info form): thanked,
   * then the registration starts with them offered as answers — after its consent question, as
   * always; nothing is kept unless they register.
   */
  private async sharedInfo(dc: DialogContext): Promise<void> {
    await dc.context.sendActivity(this.deps.t(dc.context)('bot:sharedInfo.thanks'));
    const register = this.features.find((f) => f.intents.includes('lead.register'));
    await dc.cancelAllDialogs();
    if (!register) return this.run(dc, await dc.beginDialog(MENU_DIALOG));
    return this.run(dc, await dc.beginDialog(register.id, { shared: dc.context.activity.value as unknown }));
  }

  private async greet(dc: DialogContext): Promise<void> {
    const t = this.deps.t(dc.context);
    const language = this.deps.language(dc.context);
    await dc.context.sendActivity(t('bot:greeting', { office: this.deps.content.operator.name[language] }));
    await this.run(dc, await dc.beginDialog(MENU_DIALOG));
  }

  private offer(dc: DialogContext, text: string, choices: Choice[]): Promise<DialogTurnResult> {
    return dc.beginDialog(MENU_DIALOG, { offer: { text, choices } } satisfies MenuOptions);
  }

  private menuButton(dc: DialogContext): Choice {
    return { value: buttonValue.menu, title: this.deps.t(dc.context)('bot:menu.button') };
  }

  private staffButton(dc: DialogContext): Choice {
    return { value: buttonValue.dialog(TALK_TO_STAFF_DIALOG), title: this.deps.t(dc.context)('bot:menu.items.staff') };
  }
}

/** A button title short enough for every platform, cut at a word. */
function shortTitle(question: string): string {
  if (question.length <= maxClarifyTitle) return question;
  const cut = question.slice(0, maxClarifyTitle - 1);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 20 ? cut.lastIndexOf(' ') : cut.length)}…`;
}
