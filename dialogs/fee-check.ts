import { ComponentDialog, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { MarketId, ServiceFeeCap } from '../src/content/index.ts';
import { AnswerPrompt, MISSED, ask } from '../src/conversation/answer-prompt.ts';
import type { Choice } from '../src/conversation/choices.ts';
import { buttonValue } from '../src/conversation/next-step.ts';
import { formatVnd } from '../src/conversation/parse-numbers.ts';
import { sourceLine } from '../src/conversation/sources.ts';
import { capByJobWords, marketNamedIn, type FeeFacts } from '../src/conversation/fee-facts.ts';
import type { DialogDeps, NextStep } from '../src/conversation/types.ts';
import { TALK_TO_STAFF_DIALOG } from './talk-to-staff.ts';

export const FEE_CHECK_DIALOG = 'feeCheck';

const unknownMarket = 'unknown';

/** What the person's question already said (src/conversation/fee-facts.ts); those steps are skipped. */
export type FeeCheckOptions = FeeFacts;

interface FeeCheckValues {
  market: MarketId | typeof unknownMarket;
  capId?: string;
  months?: number;
  salary?: number;
}

/** The legal service-fee ceiling for this contract, in months of salary (Law 69/2020 Art. 23.4). */
export function capInMonths(cap: ServiceFeeCap, contractMonths: number): number {
  const proportional = (cap.value * contractMonths) / cap.perContractMonths;
  return cap.longContract && contractMonths >= cap.longContract.fromMonths ? Math.min(proportional, cap.longContract.maxMonths) : proportional;
}

/**
 * Fee check: market, job, contract length, salary and the amount a company asked for → compared
 * with the legal cap on the service fee from content/fees.json. Guidance only, with its source.
 */
export class FeeCheckDialog extends ComponentDialog {
  constructor(private readonly deps: DialogDeps) {
    super(FEE_CHECK_DIALOG);
    this.addDialog(new AnswerPrompt());
    this.addDialog(
      new WaterfallDialog(`${FEE_CHECK_DIALOG}.steps`, [
        this.askMarket.bind(this),
        this.askJob.bind(this),
        this.askMonths.bind(this),
        this.askSalary.bind(this),
        this.askAmount.bind(this),
        this.compare.bind(this),
      ]),
    );
    this.initialDialogId = `${FEE_CHECK_DIALOG}.steps`;
  }

  private values(step: WaterfallStepContext): FeeCheckValues {
    return step.values as FeeCheckValues;
  }

  private given(step: WaterfallStepContext): FeeCheckOptions {
    return (step.options ?? {}) as FeeCheckOptions;
  }

  private async askMarket(step: WaterfallStepContext) {
    const t = this.deps.t(step.context);
    const language = this.deps.language(step.context);
    await step.context.sendActivity(t('bot:feeCheck.intro'));
    const { market } = this.given(step);
    if (market) return step.next(market);
    const choices: Choice[] = [
      ...this.deps.content.markets.filter((m) => m.id !== 'other').map((m) => ({ value: m.id, title: m.name[language] })),
      { value: unknownMarket, title: t('bot:feeCheck.otherMarket') },
    ];
    // A country typed by name is looked up below, so no retry here.
    return ask(step, t('bot:feeCheck.market'), { kind: 'choice', choices }, t('bot:choice.retry'), 0);
  }

  private async askJob(step: WaterfallStepContext) {
    const t = this.deps.t(step.context);
    const language = this.deps.language(step.context);
    const chosen = step.result as string;
    const market = chosen === MISSED ? (marketNamedIn(step.context.activity.text ?? '', this.deps.content) ?? unknownMarket) : (chosen as FeeCheckValues['market']);
    this.values(step).market = market;
    if (market === unknownMarket) await step.context.sendActivity(t('bot:feeCheck.unknownMarket'));
    const caps = this.capsFor(market);
    const named = caps.length === 1 ? caps[0] : capByJobWords(this.given(step).said, caps);
    if (named) return step.next(named.id);
    const choices = caps.map((c) => ({ value: c.id, title: c.job[language], synonyms: c.jobWords }));
    // Misses are looked up by everyday job words ("nhà máy") in the next step.
    return ask(step, t('bot:feeCheck.job'), { kind: 'choice', choices }, t('bot:feeCheck.jobRetry'), 1);
  }

  private async askMonths(step: WaterfallStepContext) {
    const typedJob = step.result === MISSED ? capByJobWords(step.context.activity.text ?? '', this.capsFor(this.values(step).market)) : undefined;
    if (step.result === MISSED && !typedJob) return step.endDialog(reroute(step));
    this.values(step).capId = typedJob?.id ?? (step.result as string);
    const { months } = this.given(step);
    if (months) return step.next(months);
    const t = this.deps.t(step.context);
    return ask(step, t('bot:feeCheck.months'), { kind: 'months' }, t('bot:feeCheck.monthsRetry'), 2);
  }

  private async askSalary(step: WaterfallStepContext) {
    if (step.result === MISSED) return step.endDialog(reroute(step));
    this.values(step).months = Number(step.result);
    const { salary } = this.given(step);
    if (salary) return step.next(salary);
    const t = this.deps.t(step.context);
    return ask(step, t('bot:feeCheck.salary'), { kind: 'vnd' }, t('bot:feeCheck.amountRetry'), 2);
  }

  private async askAmount(step: WaterfallStepContext) {
    if (step.result === MISSED) return step.endDialog(reroute(step));
    this.values(step).salary = Number(step.result);
    const { amount, foreignAmount } = this.given(step);
    if (amount) return step.next(amount);
    const t = this.deps.t(step.context);
    if (foreignAmount) await step.context.sendActivity(t('bot:feeCheck.foreignAmount', { amount: foreignAmount }));
    return ask(step, t('bot:feeCheck.amount'), { kind: 'vnd' }, t('bot:feeCheck.amountRetry'), 2);
  }

  private async compare(step: WaterfallStepContext) {
    if (step.result === MISSED) return step.endDialog(reroute(step));
    const t = this.deps.t(step.context);
    const language = this.deps.language(step.context);
    const { market, capId, months, salary } = this.values(step);
    const asked = Number(step.result);
    const cap = this.deps.content.fees.serviceFeeCaps.find((c) => c.id === capId)!;
    const capMonths = capInMonths(cap, months!);
    const capVnd = Math.round(capMonths * salary!);
    const money = (vnd: number) => formatVnd(vnd, language);
    const marketName =
      market === unknownMarket ? t('bot:feeCheck.otherMarket') : (this.deps.content.markets.find((m) => m.id === market)?.name[language] ?? market);
    const lines = [
      t('bot:feeCheck.guidance'),
      t('bot:feeCheck.case', { market: marketName, job: cap.job[language], months, salary: money(salary!) }),
      t('bot:feeCheck.cap', { capMonths: formatMonths(capMonths, language), cap: money(capVnd) }),
      asked > capVnd ? t('bot:feeCheck.over', { asked: money(asked), excess: money(asked - capVnd) }) : t('bot:feeCheck.within', { asked: money(asked) }),
      cap.note[language],
      t('bot:feeCheck.neverCharged', { items: this.deps.content.fees.neverCharged.map((n) => n.item[language]).join('; ') }),
    ];
    if (market === unknownMarket) lines.push(t('bot:feeCheck.unknownMarketNote'));
    const sources = [...cap.sources, ...this.deps.content.fees.neverCharged.flatMap((n) => n.sources)];
    lines.push(sourceLine(sources, language, this.deps.content.fees.reviewedAt));
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

  /** Caps that may apply: the market's own (lower) caps, then the general ones. */
  private capsFor(market: FeeCheckValues['market']): ServiceFeeCap[] {
    const caps = this.deps.content.fees.serviceFeeCaps;
    return [...caps.filter((c) => c.market === market), ...caps.filter((c) => c.market === 'all')];
  }
}

function reroute(step: WaterfallStepContext): NextStep {
  return { kind: 'reroute', text: step.context.activity.text ?? '' };
}

function formatMonths(months: number, language: 'vi' | 'en'): string {
  const rounded = Math.round(months * 100) / 100;
  return language === 'vi' ? String(rounded).replace('.', ',') : String(rounded);
}
