import { ComponentDialog, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import { findFaq, formatAnswer } from '../src/content/index.ts';
import { normalize } from '../src/content/normalize.ts';
import { AnswerPrompt, MISSED, ask } from '../src/conversation/answer-prompt.ts';
import type { Choice } from '../src/conversation/choices.ts';
import { channelOf } from '../src/conversation/contact-id.ts';
import { buttonValue, nextStepOfValue } from '../src/conversation/next-step.ts';
import { recordTurnForReview } from '../src/conversation/review.ts';
import type { DialogDeps, NextStep } from '../src/conversation/types.ts';
import { recordFaqFeedback } from '../src/domain/faq-feedback.ts';
import { TALK_TO_STAFF_DIALOG } from './talk-to-staff.ts';

export const FAQ_ANSWER_DIALOG = 'faqAnswer';

export interface FaqAnswerOptions {
  faqId: string;
  /**
   * What the person typed that led to this answer (absent when they pressed a button). If they
   * say "Chưa ích", it goes to the staff review queue so the understanding can learn from it.
   */
  askedText?: string;
  /** Another question the same message asked (another topic): offered first among the buttons. */
  alsoFaqId?: string;
}

/** Longest related-question button title; longer questions are cut at a word. */
const maxTitle = 60;

/**
 * Answers one FAQ entry (its source line included, see formatAnswer), then asks whether it helped
 * and offers the related questions as buttons. A new question typed instead is answered as such.
 */
export class FaqAnswerDialog extends ComponentDialog {
  constructor(private readonly deps: DialogDeps) {
    super(FAQ_ANSWER_DIALOG);
    this.addDialog(new AnswerPrompt());
    this.addDialog(
      new WaterfallDialog(`${FAQ_ANSWER_DIALOG}.steps`, [this.answer.bind(this), this.feedback.bind(this), this.afterUnhelpful.bind(this)]),
    );
    this.initialDialogId = `${FAQ_ANSWER_DIALOG}.steps`;
  }

  private async answer(step: WaterfallStepContext) {
    const t = this.deps.t(step.context);
    const language = this.deps.language(step.context);
    const { faqId } = step.options as FaqAnswerOptions;
    const entry = findFaq(this.deps.content, faqId);
    if (!entry) {
      // Staff removed the entry since the button was shown.
      await step.context.sendActivity(t('bot:faq.gone'));
      return step.endDialog({ kind: 'menu' } satisfies NextStep);
    }
    (step.values as { faqId?: string }).faqId = entry.id;
    const { alsoFaqId, askedText } = step.options as FaqAnswerOptions;
    await step.context.sendActivity(withoutStrayYesNo(formatAnswer(entry, language), entry.question[language], askedText));
    const offered = [...new Set([...(alsoFaqId && alsoFaqId !== entry.id ? [alsoFaqId] : []), ...(entry.related ?? [])])];
    const related = offered.flatMap((id) => {
      const other = findFaq(this.deps.content, id);
      // The menu has its own button below: an entry about the menu would show it twice.
      return other && other.intent !== 'menu' ? [{ value: buttonValue.faq(other.id), title: shorten(other.question[language]) }] : [];
    });
    const choices: Choice[] = [
      { value: 'helpful', title: t('bot:faq.yes') },
      { value: 'unhelpful', title: t('bot:faq.no') },
      ...related,
      { value: buttonValue.menu, title: t('bot:menu.button') },
    ];
    const question = related.length > 0 ? t('bot:faq.helpfulWithRelated') : t('bot:faq.helpful');
    return ask(step, question, { kind: 'choice', choices }, t('bot:choice.retry'), 0);
  }

  private async feedback(step: WaterfallStepContext) {
    const t = this.deps.t(step.context);
    const value = step.result as string;
    if (value === MISSED) return step.endDialog(reroute(step));
    if (value === 'helpful' || value === 'unhelpful') {
      await recordFaqFeedback(this.deps.ctx.conn, {
        faqId: (step.values as { faqId: string }).faqId,
        helpful: value === 'helpful',
        channel: channelOf(step.context),
        language: this.deps.language(step.context),
        at: this.deps.ctx.clock.now(),
      });
      if (value === 'helpful') {
        await step.context.sendActivity(t('bot:faq.thanks'));
        return step.endDialog();
      }
      await this.recordUnhelpful(step);
      const choices: Choice[] = [
        { value: buttonValue.dialog(TALK_TO_STAFF_DIALOG), title: t('bot:menu.items.staff') },
        { value: buttonValue.menu, title: t('bot:menu.button') },
      ];
      return ask(step, t('bot:faq.sorry'), { kind: 'choice', choices }, t('bot:choice.retry'), 0);
    }
    return step.endDialog(nextStepOfValue(value));
  }

  /** The typed question whose answer did not help, for staff to attach to a better entry. */
  private async recordUnhelpful(step: WaterfallStepContext): Promise<void> {
    const { askedText } = step.options as FaqAnswerOptions;
    const entry = findFaq(this.deps.content, (step.values as { faqId: string }).faqId);
    if (!askedText || !entry) return;
    await recordTurnForReview(this.deps, step.context, 'unhelpful', askedText, { intent: entry.intent, faqId: entry.id, score: null });
  }

  private async afterUnhelpful(step: WaterfallStepContext) {
    const value = step.result as string;
    return step.endDialog(value === MISSED ? reroute(step) : nextStepOfValue(value));
  }
}

function reroute(step: WaterfallStepContext): NextStep {
  return { kind: 'reroute', text: step.context.activity.text ?? '' };
}

function shorten(question: string): string {
  if (question.length <= maxTitle) return question;
  const cut = question.slice(0, maxTitle - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 20))}…`;
}

/** "Đúng." / "Có." / "Không." opening an answer; it replies to the entry's own yes/no question. */
const YES_NO_OPENING = /^(Đúng|Sai|Có|Không|Yes|No)\.\s+/u;

/**
 * The answer without its opening yes/no when the person asked in other words: "nếu ở lại thì
 * người nhà có sao không" answered "Đúng. Hàn Quốc đã dừng tuyển…" reads as a reply to something
 * else. Kept when the entry's question was tapped, or typed with most of its words.
 */
export function withoutStrayYesNo(answer: string, question: string, askedText: string | undefined): string {
  if (!askedText || !YES_NO_OPENING.test(answer)) return answer;
  const asked = new Set(normalize(askedText).split(' '));
  const words = normalize(question).split(' ').filter((w) => w.length > 1);
  const shared = words.filter((w) => asked.has(w)).length;
  if (words.length > 0 && shared / words.length >= 0.6) return answer;
  const rest = answer.replace(YES_NO_OPENING, '');
  return rest.charAt(0).toLocaleUpperCase('vi') + rest.slice(1);
}
