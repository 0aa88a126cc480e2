import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { messageWithChoices, resolveChoice, type Choice } from '../src/conversation/choices.ts';
import { channelOf } from '../src/conversation/contact-id.ts';
import { isCommand } from '../src/content/commands.ts';
import type { DialogDeps, FeatureDialog, NextStep } from '../src/conversation/types.ts';
import { parseYesNo } from '../src/domain/leads/answers.ts';
import { isSkip, parseDate, parsePhone, plausibleContractEnd, timeZoneFromLocalTime } from '../src/domain/placements/answers.ts';
import { countries, countryCodes, countryName } from '../src/domain/placements/countries.ts';
import { endDateString, markReturned, planFields, RETURN_COMMANDS, rescheduleContract } from '../src/reminders/return-home.ts';
import { createPlacement } from '../src/domain/placements/agenda.ts';
import { Contacts } from '../src/domain/contacts.ts';
import { Placements, type PlacementDoc } from '../src/domain/placements/model.ts';

export const RETURN_PLAN_DIALOG = 'returnPlan';
const REGISTER = `${RETURN_PLAN_DIALOG}.register`;
const ASK_DATE = `${RETURN_PLAN_DIALOG}.askDate`;
const NEW_END = `${RETURN_PLAN_DIALOG}.newEnd`;
const FAMILY_CONTACT = `${RETURN_PLAN_DIALOG}.familyContact`;
const CONFIRM_PLAN = `${RETURN_PLAN_DIALOG}.confirm`;
const CONSENT_VERSION = 'return-plan-v1';
/** Version of the question "did your relative agree to be contacted?" recorded with the number. */
const FAMILY_CONTACT_CONSENT_VERSION = 'family-contact-v1';

const planCommands = [RETURN_COMMANDS.plan, 'kế hoạch về nước của tôi', 'return plan', 'my plan', "i'm fine", 'tôi ổn'];
const backCommands = [RETURN_COMMANDS.back, 'tôi về nhà rồi', 'đã về nhà', 'i am back home', 'i am home'];
const newContractCommands = [RETURN_COMMANDS.newContract, 'hợp đồng mới', 'new legal contract', 'i have a new legal contract'];

interface RegisterState {
  by?: 'self' | 'family';
  country?: string;
  timeZone?: string;
  other?: boolean;
  city?: string;
  contractEnd?: string;
  employer?: string;
  familyContact?: FamilyContact;
}

/** A relative's number, only ever together with the confirmation that they agreed to be contacted. */
interface FamilyContact {
  phone: string;
  consentAt: string;
}

interface RetryOptions {
  retry?: boolean;
}

interface SummaryOptions extends RetryOptions {
  summary: string;
}

/**
 * The return-home plan: a worker (or a family member, with the worker's consent) registers the
 * country, city or time zone and contract end; nudges are planned from it (src/scheduler/). The
 * nudges' one-tap answers land here: "I'm fine / my plan", "I am back home", "new legal contract".
 */
export class ReturnPlanDialog extends ComponentDialog {
  constructor(private readonly deps: DialogDeps) {
    super(RETURN_PLAN_DIALOG);
    this.addDialog(new WaterfallDialog(`${RETURN_PLAN_DIALOG}.start`, [this.dispatch.bind(this), this.finish.bind(this)]));
    this.addDialog(
      new WaterfallDialog(REGISTER, [
        this.askWho.bind(this),
        this.gotWho.bind(this),
        this.gotConsent.bind(this),
        this.gotCountry.bind(this),
        this.gotTimeOrCountryName.bind(this),
        this.gotCity.bind(this),
        this.gotEnd.bind(this),
        this.gotEmployer.bind(this),
        this.gotFamilyContact.bind(this),
        this.save.bind(this),
      ]),
    );
    this.addDialog(new WaterfallDialog(FAMILY_CONTACT, [this.askFamilyPhone.bind(this), this.gotFamilyPhone.bind(this), this.gotRelativeConsent.bind(this)]));
    this.addDialog(new WaterfallDialog(CONFIRM_PLAN, [this.showSummary.bind(this), this.gotConfirmation.bind(this)]));
    this.addDialog(new WaterfallDialog(ASK_DATE, [this.promptDate.bind(this), this.parseDateAnswer.bind(this)]));
    this.addDialog(new WaterfallDialog(NEW_END, [this.askNewEnd.bind(this), this.gotNewEnd.bind(this)]));
    this.initialDialogId = `${RETURN_PLAN_DIALOG}.start`;
  }

  private t(step: WaterfallStepContext) {
    return this.deps.t(step.context);
  }

  private async activePlacement(step: WaterfallStepContext): Promise<PlacementDoc | null> {
    const contactId = this.deps.contactIdOf(step.context);
    return Placements(this.deps.ctx.conn).findOne({ contactId, status: { $ne: 'returned' } }).sort({ createdAt: -1 });
  }

  private endText(p: Pick<PlacementDoc, 'contractEnd'>): string {
    return endDateString(p).split('-').reverse().join('/');
  }

  private async dispatch(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const t = this.t(step);
    const text = step.context.activity.text ?? '';
    const placement = await this.activePlacement(step);
    const now = this.deps.ctx.clock.now();
    if (isCommand(text, backCommands)) {
      if (!placement) {
        await step.context.sendActivity(t('scheduler:plan.noPlan'));
        return step.endDialog();
      }
      const { onTime } = await markReturned(this.deps.ctx, placement, now);
      await step.context.sendActivity(
        messageWithChoices(t('scheduler:plan.welcomeHome', { onTime: onTime ? t('scheduler:plan.onTime') : '' }), [this.staffChoice(step)]),
      );
      return step.endDialog();
    }
    if (isCommand(text, newContractCommands)) {
      if (!placement) {
        await step.context.sendActivity(t('scheduler:plan.noPlan'));
        return step.endDialog();
      }
      return step.beginDialog(NEW_END, { placementId: String(placement._id) });
    }
    if (placement) {
      const country = countryName(placement.country, this.deps.language(step.context));
      await step.context.sendActivity(`${t('scheduler:plan.show', { country, end: this.endText(placement) })}\n${t('scheduler:plan.fine')}`);
      return step.endDialog();
    }
    return step.beginDialog(REGISTER);
  }

  private async finish(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.endDialog(step.result as NextStep | undefined);
  }

  private staffChoice(step: WaterfallStepContext): Choice {
    return { value: 'intent:handoff.human', title: this.t(step)('scheduler:nudge.buttonStaff') };
  }

  // ---- registration ----

  private whoChoices(step: WaterfallStepContext): Choice[] {
    const t = this.t(step);
    return [
      { value: 'plan.self', title: t('scheduler:plan.self') },
      { value: 'plan.family', title: t('scheduler:plan.family') },
    ];
  }

  private countryChoices(step: WaterfallStepContext): Choice[] {
    const lng = this.deps.language(step.context);
    return [
      ...countryCodes.map((code) => ({ value: `country:${code}`, title: countries[code][lng] })),
      { value: 'country:other', title: this.t(step)('scheduler:plan.otherCountry') },
    ];
  }

  private async askWho(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const t = this.t(step);
    await step.context.sendActivity(t('scheduler:plan.intro'));
    await step.context.sendActivity(messageWithChoices(t('scheduler:plan.who'), this.whoChoices(step)));
    return WaterfallDialog.EndOfTurn;
  }

  private async gotWho(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const text = step.context.activity.text ?? '';
    const picked = resolveChoice(text, this.whoChoices(step));
    if (!picked) return step.endDialog({ kind: 'reroute', text } satisfies NextStep);
    const state = step.values as RegisterState;
    state.by = picked.value === 'plan.family' ? 'family' : 'self';
    if (state.by === 'family') {
      const t = this.t(step);
      await step.context.sendActivity(
        messageWithChoices(t('scheduler:plan.consent'), [
          { value: 'yes', title: t('scheduler:conference.yes') },
          { value: 'no', title: t('scheduler:conference.no') },
        ]),
      );
      return WaterfallDialog.EndOfTurn;
    }
    return step.next();
  }

  private async gotConsent(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const t = this.t(step);
    const state = step.values as RegisterState;
    if (state.by === 'family') {
      const text = step.context.activity.text ?? '';
      if ((text === 'yes' ? true : text === 'no' ? false : parseYesNo(text)) !== true) {
        await step.context.sendActivity(t('scheduler:plan.noConsent'));
        return step.endDialog();
      }
    }
    await step.context.sendActivity(messageWithChoices(t('scheduler:plan.country'), this.countryChoices(step)));
    return WaterfallDialog.EndOfTurn;
  }

  private async gotCountry(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const text = step.context.activity.text ?? '';
    const picked = resolveChoice(text, this.countryChoices(step));
    if (!picked) return step.endDialog({ kind: 'reroute', text } satisfies NextStep);
    const state = step.values as RegisterState;
    const code = picked.value.slice('country:'.length);
    if (code === 'other') {
      state.other = true;
      await step.context.sendActivity(this.t(step)('scheduler:plan.otherTime'));
      return WaterfallDialog.EndOfTurn;
    }
    state.country = code;
    state.timeZone = countries[code as keyof typeof countries].timeZone;
    return step.next();
  }

  private async gotTimeOrCountryName(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const t = this.t(step);
    const state = step.values as RegisterState;
    if (state.other) {
      const zone = timeZoneFromLocalTime(step.context.activity.text ?? '', this.deps.ctx.clock.now());
      if (!zone) {
        await step.context.sendActivity(t('scheduler:plan.badTime'));
        return step.endDialog();
      }
      state.timeZone = zone;
      state.country = 'other';
    }
    await step.context.sendActivity(t('scheduler:plan.city'));
    return WaterfallDialog.EndOfTurn;
  }

  private async gotCity(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const text = (step.context.activity.text ?? '').trim();
    if (text && !isSkip(text)) (step.values as RegisterState).city = text.slice(0, 100);
    return step.beginDialog(ASK_DATE, { prompt: 'scheduler:plan.end' });
  }

  private async gotEnd(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const end = step.result as string | undefined;
    if (!end) return step.endDialog();
    (step.values as RegisterState).contractEnd = end;
    await step.context.sendActivity(this.t(step)('scheduler:plan.employer'));
    return WaterfallDialog.EndOfTurn;
  }

  private async gotEmployer(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const text = (step.context.activity.text ?? '').trim();
    if (text && !isSkip(text)) (step.values as RegisterState).employer = text.slice(0, 200);
    return step.beginDialog(FAMILY_CONTACT);
  }

  private async gotFamilyContact(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const state = step.values as RegisterState;
    const contact = step.result as FamilyContact | undefined;
    if (contact) state.familyContact = contact;
    return step.beginDialog(CONFIRM_PLAN, { summary: this.planSummary(step, state) } satisfies SummaryOptions);
  }

  private planSummary(step: WaterfallStepContext, state: RegisterState): string {
    const t = this.t(step);
    const none = t('scheduler:plan.summaryNone');
    const country = state.country === 'other' ? t('scheduler:plan.otherCountry') : countryName(state.country!, this.deps.language(step.context));
    return [
      t('scheduler:plan.summaryIntro'),
      `• ${t('scheduler:plan.fieldCountry')}: ${country}`,
      `• ${t('scheduler:plan.fieldCity')}: ${state.city ?? none}`,
      `• ${t('scheduler:plan.fieldEnd')}: ${this.endText({ contractEnd: new Date(`${state.contractEnd!}T00:00:00.000Z`) })}`,
      `• ${t('scheduler:plan.fieldEmployer')}: ${state.employer ?? none}`,
      `• ${t('scheduler:plan.fieldFamily')}: ${state.familyContact ? t('scheduler:plan.familyAgreed', { phone: state.familyContact.phone }) : none}`,
    ].join('\n');
  }

  // ---- the relative's number: stored only when they agreed to be contacted ----

  private async askFamilyPhone(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { retry } = (step.options ?? {}) as RetryOptions;
    await step.context.sendActivity(this.t(step)(retry ? 'scheduler:plan.badPhone' : 'scheduler:plan.familyContact'));
    return WaterfallDialog.EndOfTurn;
  }

  private async gotFamilyPhone(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const t = this.t(step);
    const text = (step.context.activity.text ?? '').trim();
    if (isSkip(text)) return step.endDialog();
    const phone = parsePhone(text);
    if (!phone) {
      const { retry } = (step.options ?? {}) as RetryOptions;
      if (!retry) return step.replaceDialog(FAMILY_CONTACT, { retry: true } satisfies RetryOptions);
      // Twice not a number: go on without one, and say so.
      await step.context.sendActivity(t('scheduler:plan.familySkipped'));
      return step.endDialog();
    }
    (step.values as { phone?: string }).phone = phone;
    await step.context.sendActivity(messageWithChoices(t('scheduler:plan.familyConsent'), this.yesNoChoices(step)));
    return WaterfallDialog.EndOfTurn;
  }

  private async gotRelativeConsent(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const t = this.t(step);
    if (this.yesNoAnswer(step) !== true) {
      // Without the relative's agreement their number is not kept; an unclear answer counts as no.
      await step.context.sendActivity(t('scheduler:plan.familyNotStored'));
      return step.endDialog();
    }
    const contact: FamilyContact = { phone: (step.values as { phone: string }).phone, consentAt: this.deps.ctx.clock.now().toISOString() };
    return step.endDialog(contact);
  }

  private yesNoChoices(step: WaterfallStepContext): Choice[] {
    const t = this.t(step);
    return [
      { value: 'yes', title: t('scheduler:conference.yes') },
      { value: 'no', title: t('scheduler:conference.no') },
    ];
  }

  private yesNoAnswer(step: WaterfallStepContext): boolean | undefined {
    const text = step.context.activity.text ?? '';
    const picked = resolveChoice(text, this.yesNoChoices(step));
    return picked ? picked.value === 'yes' : parseYesNo(text);
  }

  // ---- the summary to confirm before anything is stored ----

  private saveChoices(step: WaterfallStepContext): Choice[] {
    const t = this.t(step);
    return [
      { value: 'save', title: t('scheduler:plan.save') },
      { value: 'cancel', title: t('scheduler:plan.cancel') },
    ];
  }

  private async showSummary(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { summary, retry } = step.options as SummaryOptions;
    const t = this.t(step);
    await step.context.sendActivity(messageWithChoices([retry ? t('scheduler:plan.confirmRetry') : '', summary, t('scheduler:plan.confirm')].filter(Boolean).join('\n'), this.saveChoices(step)));
    return WaterfallDialog.EndOfTurn;
  }

  private async gotConfirmation(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const text = step.context.activity.text ?? '';
    const picked = resolveChoice(text, this.saveChoices(step));
    const answer = picked ? picked.value === 'save' : parseYesNo(text);
    if (answer !== undefined) return step.endDialog(answer);
    const options = step.options as SummaryOptions;
    if (!options.retry) return step.replaceDialog(CONFIRM_PLAN, { ...options, retry: true } satisfies SummaryOptions);
    return step.endDialog({ kind: 'reroute', text } satisfies NextStep);
  }

  private async save(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { ctx } = this.deps;
    const t = this.t(step);
    const state = step.values as RegisterState;
    if (step.result !== true) {
      // "Huỷ", or twice something else (then a question, answered next): say that nothing was kept.
      await step.context.sendActivity(t('scheduler:plan.notSaved'));
      return step.endDialog(typeof step.result === 'object' ? (step.result as NextStep) : undefined);
    }
    const familyContact = state.familyContact?.phone;
    const now = ctx.clock.now();
    const contactId = this.deps.contactIdOf(step.context);
    const contractEnd = new Date(`${state.contractEnd!}T00:00:00.000Z`);
    await createPlacement(ctx.conn, {
      contactId,
      country: state.country!,
      city: state.city,
      timeZone: state.timeZone!,
      contractEnd,
      employer: state.employer,
      familyContact,
      ...(state.familyContact
        ? { familyContactConsent: { version: FAMILY_CONTACT_CONSENT_VERSION, at: new Date(state.familyContact.consentAt), confirmedBy: state.by } }
        : {}),
      consent: { version: CONSENT_VERSION, at: now, channel: channelOf(step.context) },
      registeredBy: state.by!,
      status: 'abroad',
      planVersion: 1,
      ...planFields(contractEnd, state.timeZone!, now),
    }, now);
    // The worker's own clock decides when they may be written to.
    if (state.by === 'self') await Contacts(ctx.conn).updateOne({ _id: contactId }, { $set: { timeZone: state.timeZone } });
    const country = state.country === 'other' ? t('scheduler:plan.otherCountry') : countryName(state.country!, this.deps.language(step.context));
    await step.context.sendActivity(t('scheduler:plan.saved', { country, end: this.endText({ contractEnd }) }));
    return step.endDialog();
  }

  // ---- dates ----

  private async promptDate(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { prompt, retry } = step.options as { prompt: string; retry?: boolean };
    await step.context.sendActivity(this.t(step)(retry ? 'scheduler:plan.badDate' : prompt));
    return WaterfallDialog.EndOfTurn;
  }

  private async parseDateAnswer(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const text = step.context.activity.text ?? '';
    const date = parseDate(text);
    const { prompt, retry } = step.options as { prompt: string; retry?: boolean };
    if (date && plausibleContractEnd(date, this.deps.ctx.clock.now())) return step.endDialog(date.toISOString().slice(0, 10));
    // One second chance, then the message is treated as something else.
    if (retry) return step.endDialog();
    return step.replaceDialog(ASK_DATE, { prompt, retry: true });
  }

  // ---- new legal contract ----

  private async askNewEnd(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.beginDialog(ASK_DATE, { prompt: 'scheduler:plan.askNewEnd' });
  }

  private async gotNewEnd(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const end = step.result as string | undefined;
    if (!end) return step.endDialog();
    const { placementId } = step.options as { placementId: string };
    const placement = await Placements(this.deps.ctx.conn).findById(placementId);
    if (!placement) return step.endDialog();
    const contractEnd = new Date(`${end}T00:00:00.000Z`);
    await rescheduleContract(this.deps.ctx, placement, contractEnd, this.deps.ctx.clock.now());
    await step.context.sendActivity(this.t(step)('scheduler:plan.rescheduled', { end: this.endText({ contractEnd }) }));
    return step.endDialog();
  }
}

export const returnPlanDialog: FeatureDialog = {
  id: RETURN_PLAN_DIALOG,
  intents: [],
  commands: [...planCommands, ...backCommands, ...newContractCommands],
  // No main-menu button: the menu's numbering is what people type ("9" = language), and workers
  // reach this from nudges and the "kế hoạch về nước" command.
  create: (deps) => new ReturnPlanDialog(deps),
};
