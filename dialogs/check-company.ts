import type { TFunction } from 'i18next';
import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { messageWithChoices, resolveChoice, type Choice } from '../src/conversation/choices.ts';
import { buttonValue, nextStepOfValue } from '../src/conversation/next-step.ts';
import { sourceLine } from '../src/conversation/sources.ts';
import type { DialogDeps, FeatureDialog, NextStep } from '../src/conversation/types.ts';
import { currentList, lookupInCurrentList, type CurrentList } from '../src/domain/companies/current.ts';
import { askedNames, displayName, licenceKey, type Lookup } from '../src/domain/companies/match.ts';
import { findFaq, formatAnswer, type Source } from '../src/content/index.ts';
import type { StoredCompany } from '../src/domain/companies/model.ts';
import type { Language } from '../src/content/i18n.ts';
import { TALK_TO_STAFF_DIALOG } from './talk-to-staff.ts';

export const CHECK_COMPANY_DIALOG = 'checkCompany';
const STEPS = `${CHECK_COMPANY_DIALOG}.steps`;

/** The FAQ entries of this intent: the general "how to check" answer and the one about branches. */
const HOW_TO_CHECK_FAQ = 'safety.check_company.licensed';
const BRANCH_FAQ = 'safety.check_company.branch';
/** Entries whose sources back the reminders given with a licensed company (approval, fees after signing). */
const RULE_FAQS = [HOW_TO_CHECK_FAQ, 'fees.legal_caps.service_fee'];
/** The hotline (content/operator.json) for reporting illegal recruiting. */
const REPORT_HOTLINE = 'dolab';
/** A reply longer than this, while a name is expected, is taken as a new question. */
const MAX_NAME_WORDS = 12;
const COMPANY_BUTTON = 'company:';

interface Options {
  /** A name typed in reply to the bot's question, looked up instead of the message that began the dialog. */
  text?: string;
}

interface State {
  /** Companies offered as "did you mean" buttons. */
  offered?: { id: string; licence: string; title: string }[];
}

/**
 * "Is this company licensed?" (intent safety.check_company): the company's name is taken from the
 * message itself ("cty Hoang Phat co giay phep ko"), or asked for, and looked up in the current
 * licensed-company list (src/domain/companies/). Found: the licence facts, a plain warning when revoked
 * or suspended, and what to check besides; similar names: "did you mean" buttons; not found: do
 * not pay, and where to report. Every answer names the list and its date, and says so plainly
 * when the list is only a sample.
 */
export class CheckCompanyDialog extends ComponentDialog {
  constructor(private readonly deps: DialogDeps) {
    super(CHECK_COMPANY_DIALOG);
    this.addDialog(new WaterfallDialog(STEPS, [this.lookUp.bind(this), this.afterQuestion.bind(this)]));
    this.initialDialogId = STEPS;
  }

  private async lookUp(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const typed = (step.options as Options | undefined)?.text;
    const text = typed ?? step.context.activity.text ?? '';
    const asButton = isButtonValue(text);
    const faqId = asButton ? nextStepOfValue(text) : undefined;
    if (faqId?.kind === 'faq' && faqId.faqId === BRANCH_FAQ) return this.answerFaq(step, BRANCH_FAQ);
    const found = await lookupInCurrentList(this.deps.ctx.conn, asButton ? '' : text);
    if (!found) {
      await step.context.sendActivity(messageWithChoices(this.t(step)('bot:companyCheck.noList'), this.afterAnswerChoices(step)));
      return step.endDialog();
    }
    const { list, result } = found;
    if (typed !== undefined && (result.kind === 'noName' || result.kind === 'notFound') && this.isOtherQuestion(typed)) {
      return step.endDialog({ kind: 'reroute', text: typed } satisfies NextStep);
    }
    // The general answer comes once, first: not after "check another company" or a repeated question.
    const showHowTo = typed === undefined && (!asButton || (faqId?.kind === 'faq' && faqId.faqId === HOW_TO_CHECK_FAQ));
    if (result.kind === 'noName') return this.noName(step, text, showHowTo);
    if (result.kind === 'choose') return this.offerChoices(step, list, result);
    const reply = result.kind === 'found' ? this.companyAnswer(step, list, result.item) : this.notFoundAnswer(step, list, result.asked);
    await step.context.sendActivity(messageWithChoices(reply, this.afterAnswerChoices(step)));
    return step.endDialog();
  }

  /** A reply while the bot waits: a button, a name, or a new question for the main dialog. */
  private async afterQuestion(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const text = step.context.activity.text ?? '';
    const state = step.values as State;
    const offered = state.offered ?? [];
    const picked = resolveChoice(text, offered.map((o) => ({ value: `${COMPANY_BUTTON}${o.id}`, title: o.title })));
    if (picked) return this.answerPicked(step, offered.find((o) => `${COMPANY_BUTTON}${o.id}` === picked.value)!);
    const next = nextStepOfValue(text);
    if (next) return step.endDialog(next);
    if (text.trim().split(/\s+/).length > MAX_NAME_WORDS) return step.endDialog({ kind: 'reroute', text } satisfies NextStep);
    return step.replaceDialog(STEPS, { text } satisfies Options);
  }

  private async answerPicked(step: WaterfallStepContext, offer: { id: string; licence: string }): Promise<DialogTurnResult> {
    const list = await currentList(this.deps.ctx.conn);
    // The list may have been replaced since the buttons were shown: the same licence still counts.
    const company = list?.companies.find((c) => c.id === offer.id) ?? list?.companies.find((c) => licenceKey(c.licenceNumber) === offer.licence);
    if (!list || !company) {
      await step.context.sendActivity(this.t(step)('bot:companyCheck.changed'));
      return step.replaceDialog(STEPS, { text: '' } satisfies Options);
    }
    await step.context.sendActivity(messageWithChoices(this.companyAnswer(step, list, company), this.afterAnswerChoices(step)));
    return step.endDialog();
  }

  /**
   * A reply that is clearly another question (a few words the understanding is sure are about
   * something else, with no "công ty" in them) goes back to the main dialog instead of being
   * looked up as a company name.
   */
  private isOtherQuestion(text: string): boolean {
    if (text.trim().split(/\s+/).length < 4 || askedNames(text).anchored) return false;
    const match = this.deps.matcher.match(text);
    return match.confident && match.intent !== 'safety.check_company' && match.intent !== 'unknown';
  }

  /** No company named: the general answer for a question about checking, then ask for the name. */
  private async noName(step: WaterfallStepContext, text: string, showHowTo: boolean): Promise<DialogTurnResult> {
    const t = this.t(step);
    if (showHowTo && this.deps.matcher.match(text).faqId === BRANCH_FAQ) return this.answerFaq(step, BRANCH_FAQ);
    const howTo = findFaq(this.deps.content, HOW_TO_CHECK_FAQ);
    if (showHowTo && howTo) await step.context.sendActivity(formatAnswer(howTo, this.language(step)));
    const branch = findFaq(this.deps.content, BRANCH_FAQ);
    const choices: Choice[] = [
      ...(branch ? [{ value: buttonValue.faq(branch.id), title: shorten(branch.question[this.language(step)]) }] : []),
      this.staffChoice(t),
      { value: buttonValue.menu, title: t('bot:menu.button') },
    ];
    (step.values as State).offered = [];
    await step.context.sendActivity(messageWithChoices(t('bot:companyCheck.askName'), choices));
    return WaterfallDialog.EndOfTurn;
  }

  private async answerFaq(step: WaterfallStepContext, faqId: string): Promise<DialogTurnResult> {
    const entry = findFaq(this.deps.content, faqId);
    const text = entry ? formatAnswer(entry, this.language(step)) : this.t(step)('bot:faq.gone');
    await step.context.sendActivity(messageWithChoices(text, this.afterAnswerChoices(step)));
    return step.endDialog();
  }

  private async offerChoices(step: WaterfallStepContext, list: CurrentList, result: Extract<Lookup<StoredCompany>, { kind: 'choose' }>): Promise<DialogTurnResult> {
    const t = this.t(step);
    const asOf = dayMonthYear(list.version.retrievedAt);
    const offered = result.items.map((c) => ({ id: c.id, licence: licenceKey(c.licenceNumber), title: displayName(c.name, c.shortNames) }));
    (step.values as State).offered = offered;
    const lines = [
      ...(list.version.sample ? [t('bot:companyCheck.sample')] : []),
      t(result.exact ? 'bot:companyCheck.chooseExact' : 'bot:companyCheck.choose', { asked: result.asked, asOf }),
      ...result.items.map((c, i) => t('bot:companyCheck.chooseItem', { n: i + 1, name: c.name, number: c.licenceNumber })),
      t('bot:companyCheck.chooseWarning'),
      this.sources(step, list, false),
    ];
    const choices: Choice[] = [...offered.map((o) => ({ value: `${COMPANY_BUTTON}${o.id}`, title: o.title })), this.staffChoice(t)];
    await step.context.sendActivity(messageWithChoices(lines.join('\n'), choices));
    return WaterfallDialog.EndOfTurn;
  }

  /** The licence facts of one company; a revoked or suspended licence is said first, as a warning. */
  private companyAnswer(step: WaterfallStepContext, list: CurrentList, company: StoredCompany): string {
    const t = this.t(step);
    const asOf = dayMonthYear(list.version.retrievedAt);
    const licence = { number: company.licenceNumber, date: dayMonthYear(company.licenceDate) };
    const lines = list.version.sample ? [t('bot:companyCheck.sample')] : [];
    if (company.status === 'active') {
      lines.push(t('bot:companyCheck.found', { name: company.name, asOf }), t('bot:companyCheck.licence', licence));
      if (company.address) lines.push(t('bot:companyCheck.address', { address: company.address }));
      lines.push(t('bot:companyCheck.stillCheck'));
    } else {
      lines.push(t(`bot:companyCheck.${company.status}`, { name: company.name, asOf }), t('bot:companyCheck.licenceOnly', licence));
      lines.push(t('bot:companyCheck.alreadyPaid', { report: this.report(step) }));
    }
    lines.push(this.sources(step, list, company.status === 'active'));
    return lines.join('\n');
  }

  private notFoundAnswer(step: WaterfallStepContext, list: CurrentList, asked: string): string {
    const t = this.t(step);
    const asOf = dayMonthYear(list.version.retrievedAt);
    const lines = [
      ...(list.version.sample ? [t('bot:companyCheck.sample')] : []),
      t('bot:companyCheck.notFound', { asked, asOf }),
      t('bot:companyCheck.notFoundNext', { report: this.report(step) }),
      this.sources(step, list, false),
    ];
    return lines.join('\n');
  }

  /** "Nguồn: <the list>, danh sách ngày …" and, with the reminders, the law behind them. */
  private sources(step: WaterfallStepContext, list: CurrentList, withRules: boolean): string {
    const { source, retrievedAt } = list.version;
    const title = source.url ? `${source.title} (${source.url})` : source.title;
    const listSource: Source = { title: source.title, document: this.t(step)('bot:companyCheck.listSource', { title, asOf: dayMonthYear(retrievedAt) }) };
    const rules = withRules ? RULE_FAQS.flatMap((id) => findFaq(this.deps.content, id)?.sources.slice(0, 1) ?? []) : [];
    return sourceLine([listSource, ...rules], this.language(step));
  }

  /** Where to report illegal recruiting: DOLAB's number from operator.json, or staff. */
  private report(step: WaterfallStepContext): string {
    const t = this.t(step);
    const hotline = this.deps.content.operator.hotlines.find((h) => h.id === REPORT_HOTLINE);
    if (!hotline) return t('bot:menu.items.staff');
    return t('bot:companyCheck.report', { number: hotline.number, unconfirmed: hotline.confirmed ? '' : ` (${t('bot:unconfirmed')})` });
  }

  private afterAnswerChoices(step: WaterfallStepContext): Choice[] {
    const t = this.t(step);
    return [
      { value: buttonValue.intent('safety.check_company'), title: t('bot:companyCheck.another') },
      this.staffChoice(t),
      { value: buttonValue.menu, title: t('bot:menu.button') },
    ];
  }

  private staffChoice(t: TFunction): Choice {
    return { value: buttonValue.dialog(TALK_TO_STAFF_DIALOG), title: t('bot:menu.items.staff') };
  }

  private t(step: WaterfallStepContext): TFunction {
    return this.deps.t(step.context);
  }

  private language(step: WaterfallStepContext): Language {
    return this.deps.language(step.context);
  }
}

/** Buttons' values ("faq:…", "intent:…", "company:…") are not names to look up. */
function isButtonValue(text: string): boolean {
  return nextStepOfValue(text) !== undefined || text.startsWith(COMPANY_BUTTON);
}

/** 2024-03-15 → 15/03/2024, as Vietnamese write dates (and the list itself does). */
function dayMonthYear(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

function shorten(question: string, max = 60): string {
  if (question.length <= max) return question;
  const cut = question.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 20))}…`;
}

export const checkCompanyDialog: FeatureDialog = {
  id: CHECK_COMPANY_DIALOG,
  intents: ['safety.check_company'],
  create: (deps) => new CheckCompanyDialog(deps),
};
