import { ComponentDialog, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import { AnswerPrompt, MISSED, ask } from '../src/conversation/answer-prompt.ts';
import { buttonValue } from '../src/conversation/next-step.ts';
import { formatVnd } from '../src/conversation/parse-numbers.ts';
import { sourceLine } from '../src/conversation/sources.ts';
import type { DialogDeps, NextStep } from '../src/conversation/types.ts';
import { TALK_TO_STAFF_DIALOG } from './talk-to-staff.ts';

export const LOAN_GUIDE_DIALOG = 'loanGuide';

type Route = 'company' | 'direct' | 'none';
const noGroup = 'none';
const unsureGroup = 'unsure';
/** Near-poor households were a loan group under the old rule; under Decree 338/2025 unconfirmed. */
const nearPoorGroup = 'near_poor';

interface LoanValues {
  route: Route;
  group: string;
}

/**
 * Loan guide (bank loan for going abroad, content/loans.json — Decree 338/2025 from 2026): asks
 * the few questions that decide eligibility, the interest rate and the likely amount, then says
 * where to apply and what to bring. Guidance only, with its sources; unconfirmed points say so.
 */
export class LoanGuideDialog extends ComponentDialog {
  constructor(private readonly deps: DialogDeps) {
    super(LOAN_GUIDE_DIALOG);
    this.addDialog(new AnswerPrompt());
    this.addDialog(
      new WaterfallDialog(`${LOAN_GUIDE_DIALOG}.steps`, [
        this.askRoute.bind(this),
        this.askGroup.bind(this),
        this.askCosts.bind(this),
        this.explain.bind(this),
      ]),
    );
    this.initialDialogId = `${LOAN_GUIDE_DIALOG}.steps`;
  }

  private async askRoute(step: WaterfallStepContext) {
    const t = this.deps.t(step.context);
    const loan = this.deps.content.loans.bankLoan;
    await step.context.sendActivity(t('bot:loan.intro', { name: loan.name[this.deps.language(step.context)], basis: loan.legalBasis }));
    const choices = (['company', 'direct', 'none'] as const).map((r) => ({ value: r, title: t(`bot:loan.route.${r}`) }));
    return ask(step, t('bot:loan.routeQuestion'), { kind: 'choice', choices }, t('bot:choice.retry'), 1);
  }

  private async askGroup(step: WaterfallStepContext) {
    if (step.result === MISSED) return step.endDialog(reroute(step));
    const t = this.deps.t(step.context);
    const language = this.deps.language(step.context);
    const route = step.result as Route;
    (step.values as LoanValues).route = route;
    const loan = this.deps.content.loans.bankLoan;
    if (route !== 'company') {
      await step.context.sendActivity(`${t(`bot:loan.routeNote.${route}`)}\n${t('bot:loan.whoQualifies', { who: loan.whoQualifies[language] })}`);
    }
    const choices = [
      ...loan.priorityGroups.map((g) => ({ value: g.id, title: g.name[language] })),
      { value: nearPoorGroup, title: t('bot:loan.group.nearPoor') },
      { value: noGroup, title: t('bot:loan.group.none') },
      { value: unsureGroup, title: t('bot:loan.group.unsure') },
    ];
    return ask(step, t('bot:loan.groupQuestion'), { kind: 'choice', choices }, t('bot:choice.retry'), 1);
  }

  private async askCosts(step: WaterfallStepContext) {
    if (step.result === MISSED) return step.endDialog(reroute(step));
    (step.values as LoanValues).group = step.result as string;
    const t = this.deps.t(step.context);
    return ask(step, t('bot:loan.costsQuestion'), { kind: 'vnd' }, t('bot:feeCheck.amountRetry'), 2);
  }

  /**
   * The result in about six short lines a phone shows whole: each fact once, and one mark (*) with
   * one footnote for everything the bank has not confirmed, instead of a warning after each line.
   */
  private async explain(step: WaterfallStepContext) {
    if (step.result === MISSED) return step.endDialog(reroute(step));
    const t = this.deps.t(step.context);
    const language = this.deps.language(step.context);
    const money = (vnd: number) => formatVnd(vnd, language);
    const { group } = step.values as LoanValues;
    const loan = this.deps.content.loans.bankLoan;
    const { interest } = loan;
    const maxLoan = Math.floor((Number(step.result) * loan.maxAmount.percentOfPreDepartureCosts) / 100);
    const priority = loan.priorityGroups.find((g) => g.id === group);
    const yearly = priority ? interest.poorHouseholdRatePercent : round2((interest.poorHouseholdRatePercent * interest.generalPercentOfPoorRate) / 100);
    const rateKey = priority ? (priority.confirmed && loan.priorityListComplete ? 'ratePriority' : 'ratePriorityUnconfirmed') : `rateGeneral.${group === nearPoorGroup ? 'nearPoor' : group === unsureGroup ? 'unsure' : 'none'}`;
    const collateral = maxLoan > loan.collateralAboveVnd ? 'collateral' : 'noCollateral';
    const lines = [
      t('bot:loan.guidance'),
      `${t('bot:loan.amount', { percent: loan.maxAmount.percentOfPreDepartureCosts, max: money(maxLoan) })} ${t(`bot:loan.${collateral}`, { above: money(loan.collateralAboveVnd) })}`,
      t(`bot:loan.${rateKey}`, {
        yearly: rate(yearly, language),
        monthly: rate(round2(yearly / 12), language),
        perMonth: money(Math.round((maxLoan * yearly) / 100 / 12 / 1000) * 1000),
      }),
      t('bot:loan.termAndWhere', { term: loan.term[language], where: loan.whereToApply[language] }),
      t('bot:loan.documents', {
        // One mark for the whole list when none of it is confirmed.
        mark: loan.documents.every((d) => !d.confirmed) ? '*' : '',
        list: loan.documents.map((d) => `${d.name[language]}${d.confirmed || loan.documents.every((x) => !x.confirmed) ? '' : '*'}`).join('; '),
      }),
      t('bot:loan.unconfirmedMark'),
      sourceLine(loan.sources, language, this.deps.content.loans.reviewedAt),
    ];
    await step.context.sendActivity(lines.join('\n'));
    return step.endDialog({
      kind: 'offer',
      text: t('bot:loan.next'),
      choices: [
        { value: buttonValue.intent('loans.support_programs'), title: t('bot:intents.loans.support_programs') },
        { value: buttonValue.dialog(TALK_TO_STAFF_DIALOG), title: t('bot:menu.items.staff') },
        { value: buttonValue.menu, title: t('bot:menu.button') },
      ],
    } satisfies NextStep);
  }
}

function reroute(step: WaterfallStepContext): NextStep {
  return { kind: 'reroute', text: step.context.activity.text ?? '' };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

function rate(percent: number, language: 'vi' | 'en'): string {
  return language === 'vi' ? `${String(percent).replace('.', ',')} %` : `${percent}%`;
}
