import { ActivityTypes, type TurnContext } from 'botbuilder-core';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import type { TFunction } from 'i18next';
import { messageWithChoices, resolveChoice, type Choice } from '../src/bot/choices.ts';
import { isCommand } from '../src/bot/commands.ts';
import { channelOf } from '../src/bot/contact-id.ts';
import type { DialogDeps, FeatureDialog, NextStep } from '../src/bot/types.ts';
import { parseBirthYear, parseFullName, parseMarket, parseYesNo, tidyName } from '../src/leads/answers.ts';
import { loadConsent, type ConsentTexts } from '../src/leads/consent.ts';
import { maskPhoneKey, normalisePhone } from '../src/leads/phone.ts';
import { findLeadOfContact, registerLead } from '../src/leads/register.ts';
import type { Language } from '../src/store/contacts.ts';
import { educationLevels, householdCategories, leadInputSchema, marketIdSchema, type ConsentRecord, type LeadInput } from '../src/store/leads.ts';
import { ERASE_MY_DATA_DIALOG } from './erase-my-data.ts';

export const REGISTER_INTEREST_DIALOG = 'registerInterest';

/**
 * Registering interest in working abroad, one question at a time: consent first (what, why, who,
 * how to delete), then the answers, a summary to confirm or correct, and only then the write.
 * Nothing is stored before "Save"; the confirmation is sent only after MongoDB acknowledged it.
 * A person already registered sees their record and can update it instead.
 *
 * A small state machine instead of a waterfall, because any answer can be corrected from the
 * summary and the flow must then come back to the summary.
 */
type Step =
  | 'existing'
  | 'consent'
  | 'fullName'
  | 'birthYear'
  | 'phone'
  | 'commune'
  | 'communeText'
  | 'markets'
  | 'education'
  | 'passport'
  | 'loan'
  | 'sensitiveConsent'
  | 'ethnicity'
  | 'household'
  | 'confirm'
  | 'pickField';

const fields = ['fullName', 'birthYear', 'phone', 'commune', 'markets', 'education', 'passport', 'loan', 'sensitive'] as const;
type Field = (typeof fields)[number];

/** Stored in the dialog state (JSON): dates as ISO strings. */
interface FormState {
  step: Step;
  /** Set while correcting one field from the summary: after it, back to the summary. */
  correcting: boolean;
  updating: boolean;
  values: Partial<{
    fullName: string;
    birthYear: number;
    phoneKey: string;
    communeId: string;
    communeText: string;
    markets: string[];
    education: string;
    hasPassport: boolean;
    wantsLoan: boolean;
    ethnicity: string;
    householdCategory: string;
  }>;
  consent?: { version: string; at: string; channel: string };
  /** Answers in a row that were not understood. */
  misses?: number;
  sensitiveConsent?: { version: string; at: string } | null;
}

/** After this many unclear answers in a row, the message is treated as a new question. */
const MAX_MISSES = 3;
const CANCEL_WORDS = ['huỷ', 'hủy', 'huy', 'cancel', 'huỷ đăng ký', 'hủy đăng ký'];
const stateKey = 'form';

export class RegisterInterestDialog extends Dialog {
  private readonly consentTexts: ConsentTexts;

  constructor(private readonly deps: DialogDeps) {
    super(REGISTER_INTEREST_DIALOG);
    this.consentTexts = loadConsent();
  }

  override async beginDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const existing = await findLeadOfContact(this.deps.ctx.conn, this.deps.contactIdOf(dc.context));
    const state: FormState = { step: 'consent', correcting: false, updating: false, values: {} };
    if (existing && existing.fullName && existing.birthYear && existing.education) {
      state.updating = true;
      state.step = 'existing';
      state.values = {
        fullName: existing.fullName,
        birthYear: existing.birthYear,
        phoneKey: existing.phoneKey,
        communeId: existing.communeId,
        ...(existing.communeText ? { communeText: existing.communeText } : {}),
        markets: [...existing.markets],
        education: existing.education,
        hasPassport: Boolean(existing.hasPassport),
        wantsLoan: Boolean(existing.wantsLoan),
        ...(existing.sensitive?.ethnicity ? { ethnicity: existing.sensitive.ethnicity } : {}),
        ...(existing.sensitive?.householdCategory ? { householdCategory: existing.sensitive.householdCategory } : {}),
      };
      if (existing.consent?.version && existing.consent.at) {
        state.consent = { version: existing.consent.version, at: existing.consent.at.toISOString(), channel: existing.consent.channel ?? channelOf(dc.context) };
      }
      state.sensitiveConsent = existing.sensitive ? { version: existing.sensitive.consentVersion, at: existing.sensitive.consentAt.toISOString() } : null;
    }
    dc.activeDialog!.state[stateKey] = state;
    await this.prompt(dc.context, state);
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    // Platform events (delivery, read, follow) are not answers.
    if (dc.context.activity.type !== ActivityTypes.Message) return Dialog.EndOfTurn;
    const state = dc.activeDialog!.state[stateKey] as FormState;
    const text = (dc.context.activity.text ?? '').trim();
    const t = this.deps.t(dc.context);
    if (isCommand(text, CANCEL_WORDS)) {
      await dc.context.sendActivity(t('leads:cancelled'));
      return dc.endDialog();
    }
    const outcome = await this.answer(dc, state, text);
    if (typeof outcome === 'object') {
      // Someone who keeps writing something else is probably asking a question: hand it over.
      state.misses = (state.misses ?? 0) + 1;
      if (state.misses >= MAX_MISSES) return dc.endDialog({ kind: 'reroute', text } satisfies NextStep);
      await this.prompt(dc.context, state, outcome.retry);
      return Dialog.EndOfTurn;
    }
    state.misses = 0;
    if (outcome === 'saveFailed') return Dialog.EndOfTurn;
    if (outcome === 'end') return dc.endDialog();
    if (outcome === 'erase') return dc.replaceDialog(ERASE_MY_DATA_DIALOG);
    await this.prompt(dc.context, state);
    return Dialog.EndOfTurn;
  }

  override async resumeDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = dc.activeDialog!.state[stateKey] as FormState;
    await this.prompt(dc.context, state);
    return Dialog.EndOfTurn;
  }

  override async repromptDialog(context: TurnContext, instance: { state: Record<string, unknown> }): Promise<void> {
    await this.prompt(context, instance.state[stateKey] as FormState);
  }

  // ---- asking --------------------------------------------------------------------------------

  private yesNo(t: TFunction): Choice[] {
    return [
      { value: 'yes', title: t('leads:button.yes') },
      { value: 'no', title: t('leads:button.no') },
    ];
  }

  private choicesFor(step: Step, t: TFunction, lang: Language, state: FormState): Choice[] {
    switch (step) {
      case 'existing':
        return [
          { value: 'update', title: t('leads:button.update') },
          { value: 'keep', title: t('leads:button.keep') },
          { value: 'erase', title: t('leads:button.erase') },
        ];
      case 'consent':
      case 'sensitiveConsent':
        return [
          { value: 'yes', title: t('leads:consent.agree') },
          { value: 'no', title: t('leads:consent.decline') },
        ];
      case 'commune':
        return [
          ...this.deps.content.communes.communes.map((c) => ({ value: c.id, title: c.name[lang] })),
          { value: 'other', title: t('leads:button.otherCommune') },
        ];
      case 'markets':
        return [
          ...marketIdSchema.options.filter((m) => !(state.values.markets ?? []).includes(m)).map((m) => ({ value: m, title: t(`leads:market.${m}`) })),
          { value: 'done', title: t('leads:button.done') },
        ];
      case 'education':
        return educationLevels.map((e) => ({ value: e, title: t(`leads:education.${e}`) }));
      case 'passport':
      case 'loan':
        return this.yesNo(t);
      case 'household':
        return householdCategories.map((h) => ({ value: h, title: t(`leads:household.${h}`) }));
      case 'confirm':
        return [
          { value: 'save', title: t('leads:button.save') },
          { value: 'change', title: t('leads:button.change') },
          { value: 'cancel', title: t('leads:button.cancel') },
        ];
      case 'pickField':
        return fields.map((f) => ({ value: f, title: t(`leads:field.${f}`) }));
      default:
        return [];
    }
  }

  private async prompt(context: TurnContext, state: FormState, retry?: string): Promise<void> {
    const t = this.deps.t(context);
    const lang = this.deps.language(context);
    const choices = this.choicesFor(state.step, t, lang, state);
    let text: string;
    switch (state.step) {
      case 'existing':
        text = [t('leads:existing.intro'), this.summary(t, lang, state), t('leads:existing.question')].join('\n');
        break;
      case 'consent':
        text = this.consentTexts.registration[lang];
        break;
      case 'sensitiveConsent':
        text = this.consentTexts.sensitive[lang];
        break;
      case 'markets':
        text = (state.values.markets ?? []).length > 0
          ? t('leads:ask.marketsMore', { chosen: state.values.markets!.map((m) => t(`leads:market.${m}`)).join(', ') })
          : t('leads:ask.markets');
        break;
      case 'confirm':
        text = [t('leads:summary.intro'), this.summary(t, lang, state), t('leads:summary.confirm')].join('\n');
        break;
      case 'pickField':
        text = t('leads:summary.pickField');
        break;
      default:
        text = t(`leads:ask.${state.step}`);
    }
    const full = retry ? `${retry}\n${text}` : text;
    await context.sendActivity(choices.length > 0 ? messageWithChoices(full, choices) : full);
  }

  private summary(t: TFunction, lang: Language, state: FormState): string {
    const v = state.values;
    const commune =
      v.communeId === 'other'
        ? v.communeText ?? ''
        : this.deps.content.communes.communes.find((c) => c.id === v.communeId)?.name[lang] ?? v.communeId ?? '';
    const yn = (b: boolean | undefined) => (b === undefined ? '' : t(b ? 'leads:button.yes' : 'leads:button.no'));
    const sensitive = state.sensitiveConsent
      ? [v.ethnicity, v.householdCategory ? t(`leads:household.${v.householdCategory}`) : undefined].filter(Boolean).join(', ')
      : t('leads:summary.sensitiveNone');
    return [
      `• ${t('leads:field.fullName')}: ${v.fullName ?? ''}`,
      `• ${t('leads:field.birthYear')}: ${v.birthYear ?? ''}`,
      // Only the last digits: the screen may be seen by others, and the person knows their number.
      `• ${t('leads:field.phone')}: ${v.phoneKey ? maskPhoneKey(v.phoneKey) : ''}`,
      `• ${t('leads:field.commune')}: ${commune}`,
      `• ${t('leads:field.markets')}: ${(v.markets ?? []).map((m) => t(`leads:market.${m}`)).join(', ')}`,
      `• ${t('leads:field.education')}: ${v.education ? t(`leads:education.${v.education}`) : ''}`,
      `• ${t('leads:field.passport')}: ${yn(v.hasPassport)}`,
      `• ${t('leads:field.loan')}: ${yn(v.wantsLoan)}`,
      `• ${t('leads:field.sensitive')}: ${sensitive || t('leads:summary.sensitiveNone')}`,
    ].join('\n');
  }

  // ---- answering -----------------------------------------------------------------------------

  /** Applies one answer; moves `state.step` on, or sends a helpful re-prompt and stays. */
  private async answer(dc: DialogContext, state: FormState, text: string): Promise<'continue' | 'end' | 'erase' | 'saveFailed' | { retry: string }> {
    const context = dc.context;
    const t = this.deps.t(context);
    const lang = this.deps.language(context);
    const now = this.deps.ctx.clock.now();
    const choices = this.choicesFor(state.step, t, lang, state);
    const picked = choices.length > 0 ? resolveChoice(text, choices) : undefined;
    const yesNo = picked ? picked.value === 'yes' ? true : picked.value === 'no' ? false : undefined : parseYesNo(text);
    const retry = async (message: string) => ({ retry: message });
    const next = (step: Step) => {
      state.step = state.correcting ? 'confirm' : step;
      if (state.correcting) state.correcting = false;
    };
    const v = state.values;

    switch (state.step) {
      case 'existing':
        if (picked?.value === 'keep') {
          await context.sendActivity(t('leads:existing.kept'));
          return 'end';
        }
        if (picked?.value === 'erase') return 'erase';
        if (picked?.value === 'update') {
          state.step = 'pickField';
          return 'continue';
        }
        return retry(t('leads:retry.choice'));
      case 'consent':
        if (yesNo === undefined) return retry(t('leads:consent.retry'));
        if (!yesNo) {
          await context.sendActivity(t('leads:consent.declined'));
          return 'end';
        }
        state.consent = { version: this.consentTexts.version, at: now.toISOString(), channel: channelOf(context) };
        state.step = 'fullName';
        return 'continue';
      case 'fullName': {
        const name = parseFullName(text);
        if (!name) return retry(t('leads:retry.fullName'));
        v.fullName = tidyName(name);
        next('birthYear');
        return 'continue';
      }
      case 'birthYear': {
        const currentYear = now.getUTCFullYear();
        const parsed = parseBirthYear(text, currentYear);
        if ('error' in parsed) {
          if (parsed.error === 'format') return retry(t('leads:retry.birthYearFormat'));
          if (parsed.error === 'young') return retry(t('leads:retry.birthYearYoung', { year: parsed.year }));
          return retry(t('leads:retry.birthYearRange', { year: parsed.year, min: currentYear - 65, max: currentYear - 18 }));
        }
        v.birthYear = parsed.year;
        next('phone');
        return 'continue';
      }
      case 'phone': {
        const key = normalisePhone(text);
        if (!key) return retry(t('leads:retry.phone'));
        v.phoneKey = key;
        next('commune');
        return 'continue';
      }
      case 'commune':
        if (!picked) {
          // A commune typed instead of pressed (e.g. an old commune name or one outside the area).
          const place = text.normalize('NFC').replace(/\s+/g, ' ').trim();
          if (place.length < 2 || place.length > 80 || /^\d+$/.test(place)) return retry(t('leads:retry.choice'));
          v.communeId = 'other';
          v.communeText = place;
          next('markets');
          return 'continue';
        }
        if (picked.value === 'other') {
          state.step = 'communeText';
          return 'continue';
        }
        v.communeId = picked.value;
        delete v.communeText;
        next('markets');
        return 'continue';
      case 'communeText': {
        const place = text.normalize('NFC').replace(/\s+/g, ' ').trim();
        if (place.length < 2 || place.length > 80) return retry(t('leads:ask.communeText'));
        v.communeId = 'other';
        v.communeText = place;
        next('markets');
        return 'continue';
      }
      case 'markets': {
        const chosen = v.markets ?? [];
        if (picked?.value === 'done') {
          if (chosen.length === 0) return retry(t('leads:retry.marketsNone'));
          next('education');
          return 'continue';
        }
        const all = marketIdSchema.options.map((m) => ({ value: m, title: t(`leads:market.${m}`) }));
        // "Nhật, Hàn" or one button at a time.
        const parts = picked
          ? [picked.value]
          : text.split(/[,;/]|\svà\s|\sva\s|\sand\s/).map((p) => resolveChoice(p.trim(), all)?.value ?? parseMarket(p));
        if (parts.length === 0 || parts.some((p) => !p)) return retry(t('leads:retry.choice'));
        v.markets = [...new Set([...chosen, ...(parts as string[])])];
        // A typed list is complete in itself; a button press waits for more or "Done".
        if (!picked && parts.length > 1) next('education');
        return 'continue';
      }
      case 'education':
        if (!picked) return retry(t('leads:retry.choice'));
        v.education = picked.value;
        next('passport');
        return 'continue';
      case 'passport':
        if (yesNo === undefined) return retry(t('leads:retry.yesNo'));
        v.hasPassport = yesNo;
        next('loan');
        return 'continue';
      case 'loan':
        if (yesNo === undefined) return retry(t('leads:retry.yesNo'));
        v.wantsLoan = yesNo;
        next('sensitiveConsent');
        return 'continue';
      case 'sensitiveConsent':
        if (yesNo === undefined) return retry(t('leads:consent.retry'));
        if (!yesNo) {
          state.sensitiveConsent = null;
          delete v.ethnicity;
          delete v.householdCategory;
          state.correcting = false;
          state.step = 'confirm';
          return 'continue';
        }
        state.sensitiveConsent = { version: this.consentTexts.version, at: now.toISOString() };
        state.step = 'ethnicity';
        return 'continue';
      case 'ethnicity': {
        const name = parseFullName(text);
        if (!name || name.length > 40) return retry(t('leads:retry.ethnicity'));
        v.ethnicity = tidyName(name);
        state.step = 'household';
        return 'continue';
      }
      case 'household':
        if (!picked) return retry(t('leads:retry.choice'));
        v.householdCategory = picked.value;
        state.correcting = false;
        state.step = 'confirm';
        return 'continue';
      case 'pickField': {
        if (!picked) return retry(t('leads:retry.choice'));
        const field = picked.value as Field;
        state.correcting = field !== 'sensitive';
        if (field === 'markets') v.markets = [];
        state.step = field === 'passport' ? 'passport' : field === 'loan' ? 'loan' : field === 'sensitive' ? 'sensitiveConsent' : field;
        return 'continue';
      }
      case 'confirm':
        if (picked?.value === 'change') {
          state.step = 'pickField';
          return 'continue';
        }
        if (picked?.value === 'cancel') {
          await context.sendActivity(t(state.updating ? 'leads:existing.kept' : 'leads:cancelled'));
          return 'end';
        }
        if (picked?.value === 'save' || yesNo === true) return this.save(context, state);
        return retry(t('leads:retry.choice'));
    }
  }

  private async save(context: TurnContext, state: FormState): Promise<'end' | 'saveFailed'> {
    const t = this.deps.t(context);
    const v = state.values;
    const consent: ConsentRecord = {
      version: state.consent?.version ?? this.consentTexts.version,
      at: new Date(state.consent?.at ?? this.deps.ctx.clock.now().toISOString()),
      channel: (state.consent?.channel ?? channelOf(context)) as ConsentRecord['channel'],
    };
    const input: LeadInput = leadInputSchema.parse({
      fullName: v.fullName,
      birthYear: v.birthYear,
      phoneKey: v.phoneKey,
      communeId: v.communeId,
      ...(v.communeText ? { communeText: v.communeText } : {}),
      markets: v.markets,
      education: v.education,
      hasPassport: v.hasPassport,
      wantsLoan: v.wantsLoan,
      ...(state.sensitiveConsent
        ? {
            sensitive: {
              consentVersion: state.sensitiveConsent.version,
              consentAt: new Date(state.sensitiveConsent.at),
              ...(v.ethnicity ? { ethnicity: v.ethnicity } : {}),
              ...(v.householdCategory ? { householdCategory: v.householdCategory } : {}),
            },
          }
        : {}),
    });
    try {
      const { leadId } = await registerLead(this.deps.ctx.conn, { input, contactId: this.deps.contactIdOf(context), consent, now: this.deps.ctx.clock.now() });
      // Ids only: the lead's contents are personal data.
      this.deps.ctx.log.info({ leadId, channel: channelOf(context), updating: state.updating }, 'lead saved');
    } catch (err) {
      // No personal data in the log line: the logger censors fields, and the error names none.
      this.deps.ctx.log.error({ err, channel: channelOf(context) }, 'lead could not be saved');
      await context.sendActivity(messageWithChoices(t('leads:saveFailed'), this.choicesFor('confirm', t, this.deps.language(context), state)));
      return 'saveFailed';
    }
    await context.sendActivity(state.updating ? t('leads:updated') : t('leads:saved', { phone: maskPhoneKey(input.phoneKey) }));
    return 'end';
  }
}

export const registerInterestDialog: FeatureDialog = {
  id: REGISTER_INTEREST_DIALOG,
  intents: ['lead.register'],
  menuItem: { key: 'register', title: 'leads:menu.title' },
  create: (deps) => new RegisterInterestDialog(deps),
};
