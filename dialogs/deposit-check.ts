import { ComponentDialog, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { DepositCap, MarketId } from '../src/content/index.ts';
import { AnswerPrompt, MISSED, ask } from '../src/conversation/answer-prompt.ts';
import type { Choice } from '../src/conversation/choices.ts';
import { capByJobWords, marketNamedIn, type FeeFacts } from '../src/conversation/fee-facts.ts';
import { buttonValue } from '../src/conversation/next-step.ts';
import { formatVnd } from '../src/conversation/parse-numbers.ts';
import { sourceLine } from '../src/conversation/sources.ts';
import type { DialogDeps, NextStep } from '../src/conversation/types.ts';
import { TALK_TO_STAFF_DIALOG } from './talk-to-staff.ts';

export const DEPOSIT_CHECK_DIALOG = 'depositCheck';

/** What the person's question already said (src/conversation/fee-facts.ts); those steps are skipped. */
export type DepositCheckOptions = FeeFacts;

const otherMarket = 'other';

interface DepositCheckValues {
  market: MarketId;
  capId: string;
}

/**
 * Deposit check: "công ty bắt đặt cọc 50 triệu đi Đài Loan có đúng không" → the market's deposit
 * cap (content/fees.json depositCaps, Decree 112/2021 Annex II), compared with the amount asked,
 * and what a lawful deposit is (a blocked account in the worker's name, refunded with interest).
 */
export class DepositCheckDialog extends ComponentDialog {
  constructor(private readonly deps: DialogDeps) {
    super(DEPOSIT_CHECK_DIALOG);
    this.addDialog(new AnswerPrompt());
    this.addDialog(new WaterfallDialog(`${DEPOSIT_CHECK_DIALOG}.steps`, [this.askMarket.bind(this), this.askJob.bind(this), this.askAmount.bind(this), this.compare.bind(this)]));
    this.initialDialogId = `${DEPOSIT_CHECK_DIALOG}.steps`;
  }

  private given(step: WaterfallStepContext): DepositCheckOptions {
    return (step.options ?? {}) as DepositCheckOptions;
  }

  private values(step: WaterfallStepContext): DepositCheckValues {
    return step.values as DepositCheckValues;
  }

  private async askMarket(step: WaterfallStepContext) {
    const t = this.deps.t(step.context);
    const language = this.deps.language(step.context);
    await step.context.sendActivity(t('bot:depositCheck.intro'));
    const { market } = this.given(step);
    if (market) return step.next(market);
    const choices: Choice[] = this.deps.content.markets.map((m) => ({ value: m.id, title: m.name[language] }));
    return ask(step, t('bot:feeCheck.market'), { kind: 'choice', choices }, t('bot:choice.retry'), 0);
  }

  private async askJob(step: WaterfallStepContext) {
    const chosen = step.result as string;
    const market = chosen === MISSED ? (marketNamedIn(step.context.activity.text ?? '', this.deps.content) ?? otherMarket) : (chosen as MarketId);
    this.values(step).market = market;
    const caps = this.capsFor(market);
    const named = caps.length === 1 ? caps[0] : capByJobWords(this.given(step).said, caps);
    if (named) return step.next(named.id);
    const t = this.deps.t(step.context);
    const language = this.deps.language(step.context);
    const choices = caps.map((c) => ({ value: c.id, title: c.job[language], synonyms: c.jobWords }));
    return ask(step, t('bot:feeCheck.job'), { kind: 'choice', choices }, t('bot:feeCheck.jobRetry'), 1);
  }

  private async askAmount(step: WaterfallStepContext) {
    const typedJob = step.result === MISSED ? capByJobWords(step.context.activity.text ?? '', this.capsFor(this.values(step).market)) : undefined;
    if (step.result === MISSED && !typedJob) return step.endDialog(reroute(step));
    this.values(step).capId = typedJob?.id ?? (step.result as string);
    const { amount } = this.given(step);
    if (amount) return step.next(amount);
    const t = this.deps.t(step.context);
    return ask(step, t('bot:depositCheck.amount'), { kind: 'vnd' }, t('bot:feeCheck.amountRetry'), 2);
  }

  private async compare(step: WaterfallStepContext) {
    if (step.result === MISSED) return step.endDialog(reroute(step));
    const t = this.deps.t(step.context);
    const language = this.deps.language(step.context);
    const { market, capId } = this.values(step);
    const cap = this.deps.content.fees.depositCaps.find((c) => c.id === capId)!;
    const asked = formatVnd(Number(step.result), language);
    const marketName = this.deps.content.markets.find((m) => m.id === market)?.name[language] ?? market;
    const lines = [
      t('bot:feeCheck.guidance'),
      t('bot:depositCheck.case', { market: marketName, job: cap.job[language] }),
      verdict(cap, Number(step.result), asked, (key, values) => t(`bot:depositCheck.${key}`, values), language),
      cap.note[language],
      t('bot:depositCheck.rules'),
      sourceLine(cap.sources, language, this.deps.content.fees.reviewedAt),
    ];
    await step.context.sendActivity(lines.join('\n'));
    return step.endDialog({
      kind: 'offer',
      text: t('bot:feeCheck.next'),
      choices: [
        { value: buttonValue.dialog(TALK_TO_STAFF_DIALOG), title: t('bot:menu.items.staff') },
        { value: buttonValue.intent('safety.check_company'), title: t('bot:intents.safety.check_company') },
        { value: buttonValue.menu, title: t('bot:menu.button') },
      ],
    } satisfies NextStep);
  }

  /** The market's own deposit caps, else those for every other country. */
  private capsFor(market: MarketId): DepositCap[] {
    const caps = this.deps.content.fees.depositCaps;
    const own = caps.filter((c) => c.market === market);
    return own.length > 0 ? own : caps.filter((c) => c.market === 'all');
  }
}

type Say = (key: string, values?: Record<string, string>) => string;

/** One line: no deposit allowed, over or within the cap, or the air-ticket rule we cannot price. */
function verdict(cap: DepositCap, asked: number, askedText: string, say: Say, language: 'vi' | 'en'): string {
  if (cap.capType === 'none') return say('none', { asked: askedText });
  if (cap.capType === 'air_ticket') return say('airTicket', { asked: askedText });
  const max = cap.value ?? 0;
  const money = (vnd: number) => formatVnd(vnd, language);
  return asked > max ? say('over', { asked: askedText, cap: money(max), excess: money(asked - max) }) : say('within', { asked: askedText, cap: money(max) });
}

function reroute(step: WaterfallStepContext): NextStep {
  return { kind: 'reroute', text: step.context.activity.text ?? '' };
}
