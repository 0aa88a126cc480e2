import { ActivityTypes, type TurnContext } from 'botbuilder-core';
import { Dialog, DialogReason, type DialogContext, type DialogInstance, type DialogTurnResult } from 'botbuilder-dialogs';
import type { TFunction } from 'i18next';
import { z } from 'zod';
import { messageWithChoices, resolveChoice, type Choice } from '../src/conversation/choices.ts';
import { globalCommandOf, isCommand } from '../src/content/commands.ts';
import { channelOf } from '../src/conversation/contact-id.ts';
import type { DialogDeps, FeatureDialog, NextStep } from '../src/conversation/types.ts';
import { parseBirthYear, parseFullName, parseMarket, parseYesNo, tidyName } from '../src/domain/leads/answers.ts';
import { loadConsent, type ConsentTexts } from '../src/domain/leads/consent.ts';
import { communeIdOf } from '../src/domain/leads/communes.ts';
import { formatPhoneKey, normalisePhone } from '../src/domain/leads/phone.ts';
import { findLeadOfContact, PhoneTakenError, registerLead } from '../src/domain/leads/register.ts';
import type { Language } from '../src/content/i18n.ts';
import { deleteLeadDrafts, readLeadDraft, saveLeadDraft } from '../src/domain/leads/drafts.ts';
import { educationLevels, householdCategories, leadInputSchema, marketIdSchema, type ConsentRecord, type LeadInput } from '../src/domain/leads/model.ts';
import { ERASE_MY_DATA_DIALOG } from './erase-my-data.ts';

export const REGISTER_INTEREST_DIALOG = 'registerInterest';

/**
 * Registering interest in working abroad, one question at a time: consent first (what, why, who,
 * how to delete), then the answers, a summary to confirm or correct, and only then the write.
 * No lead is stored before "Save"; the confirmation is sent only after MongoDB acknowledged it.
 * What was answered so far is kept as a draft for a week (src/domain/leads/drafts.ts), so a question
 * in between, "menu", staff or "để sau" lose nothing; "tiếp tục đăng ký" goes on; "huỷ" drops it.
 * A person already registered sees their record and can update it instead (the same lead, also
 * when the number changes).
 *
 * A small state machine instead of a waterfall, because any answer can be corrected from the
 * summary and the flow must then come back to the summary.
 */
const steps = [
  'existing',
  'resume',
  'consent',
  'fullName',
  'birthYear',
  'phone',
  'commune',
  'communeText',
  'markets',
  'education',
  'passport',
  'loan',
  'sensitiveConsent',
  'ethnicity',
  'household',
  'confirm',
  'pickField',
] as const;
type Step = (typeof steps)[number];
const fields = ['fullName', 'birthYear', 'phone', 'commune', 'markets', 'education', 'passport', 'loan', 'sensitive'] as const;
type Field = (typeof fields)[number];

const isoString = z.string().max(40);
/**
 * The form's state, kept in the dialog state and, for a new registration, as the person's draft
 * (src/domain/leads/drafts.ts). Dates as ISO strings. Parsed with zod when a draft is read back.
 */
const formStateSchema = z.object({
  step: z.enum(steps),
  /** Set while correcting one field from the summary: after it, back to the summary. */
  correcting: z.boolean(),
  updating: z.boolean(),
  values: z
    .object({
      fullName: z.string().max(80),
      birthYear: z.number().int(),
      phoneKey: z.string().max(20),
      communeId: z.string().max(40),
      communeText: z.string().max(80),
      markets: z.array(z.string().max(40)).max(9),
      education: z.string().max(40),
      hasPassport: z.boolean(),
      wantsLoan: z.boolean(),
      ethnicity: z.string().max(40),
      householdCategory: z.string().max(40),
    })
    .partial(),
  consent: z.object({ version: z.string().max(40), at: isoString, channel: z.string().max(20) }).optional(),
  /** Answers in a row that were not understood. */
  misses: z.number().int().optional(),
  sensitiveConsent: z.object({ version: z.string().max(40), at: isoString }).nullable().optional(),
  /** The step a resumed draft was at, while the person chooses to go on or start again. */
  resumeStep: z.enum(steps).optional(),
  /** Name and phone the person shared through the platform (Zalo's form), offered as answers. */
  prefill: z.object({ fullName: z.string().max(80), phoneKey: z.string().max(20) }).partial().optional(),
});
type FormState = z.infer<typeof formStateSchema>;

/** After this many unclear answers in a row, the message is treated as a new question. */
const MAX_MISSES = 3;
const CANCEL_WORDS = ['huỷ', 'hủy', 'huy', 'cancel', 'huỷ đăng ký', 'hủy đăng ký'];
const LATER_WORDS = ['để sau', 'de sau', 'lúc khác', 'luc khac', 'later', 'form.later'];
const SKIP_WORDS = ['bỏ qua', 'bo qua', 'skip', 'form.skip'];
/** Continues a half-finished registration (also a feature command, so it works anywhere). */
const RESUME_COMMANDS = ['tiếp tục đăng ký', 'đăng ký tiếp', 'continue registration'];
/** Questions one may leave unanswered (the sensitive ones, after their consent). */
const OPTIONAL_STEPS: readonly Step[] = ['ethnicity', 'household'];
/** The button value of "talk to staff" is the command itself, so the main dialog acts on it anywhere. */
const STAFF_COMMAND = 'gặp cán bộ';
const stateKey = 'form';

/** What the platform passed when the person shared their details: `{ shared: { name, phone } }`. */
const sharedOptionsSchema = z.object({ shared: z.object({ name: z.string().max(200).optional(), phone: z.string().max(40).optional() }) });

/** The shared name and phone as the form's answers would be; undefined when nothing usable came. */
function prefillOf(options: unknown): FormState['prefill'] {
  const parsed = sharedOptionsSchema.safeParse(options);
  if (!parsed.success) return undefined;
  const name = parsed.data.shared.name ? parseFullName(parsed.data.shared.name) : null;
  const phoneKey = parsed.data.shared.phone ? normalisePhone(parsed.data.shared.phone) : null;
  if (!name && !phoneKey) return undefined;
  return { ...(name ? { fullName: tidyName(name) } : {}), ...(phoneKey ? { phoneKey } : {}) };
}

// ---- answers that need only the form ------------------------------------------------------

/** What an answer leads to; an object carries the re-prompt when the answer was not understood. */
type Outcome = 'continue' | 'restarted' | 'end' | 'erase' | 'saveFailed' | { retry: string };

/** One answer as a handler sees it: the text, the button it names, and yes/no when it reads as one. */
interface Reply {
  dc: DialogContext;
  state: FormState;
  text: string;
  t: TFunction;
  lang: Language;
  now: Date;
  picked: Choice | undefined;
  yesNo: boolean | undefined;
}
type Answerer = (reply: Reply) => Outcome | Promise<Outcome>;

const retry = (message: string): Outcome => ({ retry: message });

/** Moves on to `step`, or back to the summary when the answer corrected one field from there. */
function advance(state: FormState, step: Step): 'continue' {
  state.step = state.correcting ? 'confirm' : step;
  state.correcting = false;
  return 'continue';
}

/** A typed place name with its spaces and Unicode form tidied, so it compares and stores cleanly. */
const tidyPlace = (text: string) => text.normalize('NFC').replace(/\s+/g, ' ').trim();

function answerFullName({ state, text, t, picked }: Reply): Outcome {
  // The shared name's button, tapped or typed as its number.
  const name = parseFullName(picked?.value ?? text);
  if (!name) return retry(t('leads:retry.fullName'));
  state.values.fullName = tidyName(name);
  return advance(state, 'birthYear');
}

/** A year in the working-age range; the retry says which way the answer was off. */
function answerBirthYear({ state, text, t, now }: Reply): Outcome {
  const currentYear = now.getUTCFullYear();
  const parsed = parseBirthYear(text, currentYear);
  if ('error' in parsed) {
    if (parsed.error === 'format') return retry(t('leads:retry.birthYearFormat'));
    if (parsed.error === 'young') return retry(t('leads:retry.birthYearYoung', { year: parsed.year }));
    return retry(t('leads:retry.birthYearRange', { year: parsed.year, min: currentYear - 65, max: currentYear - 18 }));
  }
  state.values.birthYear = parsed.year;
  return advance(state, 'phone');
}

function answerPhone({ state, text, t, picked }: Reply): Outcome {
  // The shared number's button, or a number typed.
  const key = normalisePhone(picked?.value ?? text);
  if (!key) return retry(t('leads:retry.phone'));
  state.values.phoneKey = key;
  return advance(state, 'commune');
}

/** Countries one button at a time (then "Done"), or typed as a list in one message. */
function answerMarkets({ state, text, t, picked }: Reply): Outcome {
  const chosen = state.values.markets ?? [];
  const listed = text.split(/[,;/]|\svà\s|\sva\s|\sand\s/);
  // "nhat, dai loan" is a list, not the one button whose title it contains.
  const button = listed.length > 1 ? undefined : picked;
  if (button?.value === 'done') return chosen.length === 0 ? retry(t('leads:retry.marketsNone')) : advance(state, 'education');
  const all = marketIdSchema.options.map((m) => ({ value: m, title: t(`leads:market.${m}`) }));
  // "Nhật, Hàn" or one button at a time.
  const parts = button ? [button.value] : listed.map((p) => resolveChoice(p.trim(), all)?.value ?? parseMarket(p));
  if (parts.length === 0 || parts.some((p) => !p)) return retry(t('leads:retry.choice'));
  state.values.markets = [...new Set([...chosen, ...(parts as string[])])];
  // A typed list is complete in itself; a button press waits for more or "Done".
  return !button && parts.length > 1 ? advance(state, 'education') : 'continue';
}

/** A question answered only by one of its buttons (education level, household category). */
function answerChoice({ state, t, picked }: Reply, field: 'education' | 'householdCategory', then: Step): Outcome {
  if (!picked) return retry(t('leads:retry.choice'));
  state.values[field] = picked.value;
  return advance(state, then);
}

/** A yes/no question (passport, loan). */
function answerYesNo({ state, t, yesNo }: Reply, field: 'hasPassport' | 'wantsLoan', then: Step): Outcome {
  if (yesNo === undefined) return retry(t('leads:retry.yesNo'));
  state.values[field] = yesNo;
  return advance(state, then);
}

function answerEthnicity({ state, text, t }: Reply): Outcome {
  const name = parseFullName(text);
  if (!name || name.length > 40) return retry(t('leads:retry.ethnicity'));
  state.values.ethnicity = tidyName(name);
  state.step = 'household';
  return 'continue';
}

export class RegisterInterestDialog extends Dialog {
  private readonly consentTexts: ConsentTexts;

  constructor(private readonly deps: DialogDeps) {
    super(REGISTER_INTEREST_DIALOG);
    this.consentTexts = loadConsent();
  }

  override async beginDialog(dc: DialogContext, options?: unknown): Promise<DialogTurnResult> {
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
    const draft = state.updating ? undefined : await this.readDraft(dc.context);
    const resumeNow = draft !== undefined && isCommand(dc.context.activity.text ?? '', RESUME_COMMANDS);
    const prefill = prefillOf(options);
    const begun = { ...(draft ? this.resumed(draft, resumeNow) : state), ...(prefill ? { prefill } : {}) };
    dc.activeDialog!.state[stateKey] = begun;
    if (resumeNow) await dc.context.sendActivity(this.deps.t(dc.context)('leads:draft.resumed'));
    await this.prompt(dc.context, begun);
    return Dialog.EndOfTurn;
  }

  /**
   * A draft taken up again: at its step, or (from the menu or "đăng ký") first asked whether to go
   * on or start again. Consent given under an older consent text is asked for again.
   */
  private resumed(draft: FormState, now: boolean): FormState {
    const current = this.consentTexts.version;
    const consentStale = draft.consent?.version !== current;
    const sensitiveStale = draft.sensitiveConsent ? draft.sensitiveConsent.version !== current : false;
    const state: FormState = {
      ...draft,
      misses: 0,
      correcting: false,
      ...(consentStale ? { consent: undefined } : {}),
      ...(sensitiveStale ? { sensitiveConsent: undefined } : {}),
    };
    const resumeStep: Step = sensitiveStale && OPTIONAL_STEPS.includes(draft.step) ? 'sensitiveConsent' : draft.step;
    if (!now) return { ...state, step: 'resume', resumeStep };
    return consentStale ? { ...state, step: 'consent', resumeStep } : { ...state, step: resumeStep, resumeStep: undefined };
  }

  private async readDraft(context: TurnContext): Promise<FormState | undefined> {
    const raw = await readLeadDraft(this.deps.ctx.conn, this.deps.contactIdOf(context), this.deps.ctx.clock.now());
    const parsed = formStateSchema.safeParse(raw);
    // A draft from an older form that no longer fits is not worth an error: start afresh.
    return parsed.success && parsed.data.consent ? parsed.data : undefined;
  }

  /** Only a new registration after consent has a draft; an update starts from the stored lead. */
  private async saveDraft(context: TurnContext, state: FormState): Promise<void> {
    if (state.updating || !state.consent || state.step === 'resume') return;
    await saveLeadDraft(this.deps.ctx.conn, this.deps.contactIdOf(context), { ...state, misses: 0 }, this.deps.ctx.clock.now());
  }

  private async dropDraft(context: TurnContext): Promise<void> {
    await deleteLeadDrafts(this.deps.ctx.conn, [this.deps.contactIdOf(context)]);
  }

  /**
   * "huỷ"/"dừng" typed anywhere makes the main dialog cancel every dialog: the person means "forget
   * it", so the draft goes. "menu", "gặp cán bộ" or another feature's command cancel too, but then
   * the answers are kept for later.
   */
  override async endDialog(context: TurnContext, _instance: DialogInstance, reason: DialogReason): Promise<void> {
    if (reason === DialogReason.cancelCalled && globalCommandOf(context.activity.text ?? '') === 'stop') await this.dropDraft(context);
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    // Platform events (delivery, read, follow) are not answers.
    if (dc.context.activity.type !== ActivityTypes.Message) return Dialog.EndOfTurn;
    const state = dc.activeDialog!.state[stateKey] as FormState;
    const text = (dc.context.activity.text ?? '').trim();
    const t = this.deps.t(dc.context);
    if (isCommand(text, CANCEL_WORDS)) {
      await this.dropDraft(dc.context);
      await dc.context.sendActivity(t('leads:cancelled'));
      return dc.endDialog();
    }
    if (isCommand(text, LATER_WORDS)) {
      await this.saveDraft(dc.context, state);
      await dc.context.sendActivity(t(state.updating ? 'leads:existing.kept' : 'leads:draft.later'));
      return dc.endDialog();
    }
    const outcome = OPTIONAL_STEPS.includes(state.step) && isCommand(text, SKIP_WORDS) ? this.skip(state) : await this.answer(dc, state, text);
    if (typeof outcome === 'object') {
      state.misses = (state.misses ?? 0) + 1;
      if (state.misses >= MAX_MISSES) {
        // Someone who keeps writing something else is probably asking a question: hand it over,
        // saying that the answers so far are kept.
        await this.saveDraft(dc.context, state);
        if (!state.updating && state.consent) await dc.context.sendActivity(t('leads:draft.later'));
        return dc.endDialog({ kind: 'reroute', text } satisfies NextStep);
      }
      // The first unclear answer gets the question again; the second also the ways out.
      await this.prompt(dc.context, state, outcome.retry, state.misses >= MAX_MISSES - 1);
      return Dialog.EndOfTurn;
    }
    state.misses = 0;
    if (outcome === 'saveFailed') return Dialog.EndOfTurn;
    if (outcome === 'restarted') {
      await this.prompt(dc.context, dc.activeDialog!.state[stateKey] as FormState);
      return Dialog.EndOfTurn;
    }
    if (outcome === 'end') {
      // Saved, declined or cancelled: nothing is left to continue.
      await this.dropDraft(dc.context);
      return dc.endDialog();
    }
    if (outcome === 'erase') return dc.replaceDialog(ERASE_MY_DATA_DIALOG);
    await this.saveDraft(dc.context, state);
    await this.prompt(dc.context, state);
    return Dialog.EndOfTurn;
  }

  /** "Bỏ qua" on an optional question: go on without that answer. */
  private skip(state: FormState): 'continue' {
    if (state.step === 'ethnicity') {
      delete state.values.ethnicity;
      state.step = 'household';
    } else {
      delete state.values.householdCategory;
      state.correcting = false;
      state.step = 'confirm';
    }
    return 'continue';
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
      case 'resume':
        return [
          { value: 'continue', title: t('leads:button.continue') },
          { value: 'restart', title: t('leads:button.restart') },
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
      case 'fullName':
        return state.prefill?.fullName ? [{ value: state.prefill.fullName, title: state.prefill.fullName }] : [];
      case 'phone': {
        const shared = state.prefill?.phoneKey ? formatPhoneKey(state.prefill.phoneKey) : '';
        return shared ? [{ value: shared, title: shared }] : [];
      }
      default:
        return [];
    }
  }

  /** Asks the current step's question; after repeated unclear answers also offers the ways out. */
  private async prompt(context: TurnContext, state: FormState, retry?: string, wayOut = false): Promise<void> {
    const t = this.deps.t(context);
    const lang = this.deps.language(context);
    const choices = [...this.choicesFor(state.step, t, lang, state), ...(wayOut ? this.wayOutChoices(t, state) : [])];
    let text: string;
    switch (state.step) {
      case 'resume':
        text = [t('leads:draft.offer'), this.summary(t, lang, state)].join('\n');
        break;
      case 'existing':
        text = [t('leads:existing.intro'), this.summary(t, lang, state), t('leads:existing.question')].join('\n');
        break;
      case 'consent':
        // Asked of a registered person only when the text changed since they agreed.
        text = state.updating ? [t('leads:consent.renewed'), this.consentTexts.registration[lang]].join('\n') : this.consentTexts.registration[lang];
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
    const full = [retry, text, wayOut ? t(OPTIONAL_STEPS.includes(state.step) ? 'leads:wayOut.optional' : 'leads:wayOut.required') : undefined].filter(Boolean).join('\n');
    await context.sendActivity(choices.length > 0 ? messageWithChoices(full, choices) : full);
  }

  /** "Bỏ qua" (optional questions only), "Gặp cán bộ", "Để sau": never a dead end. */
  private wayOutChoices(t: TFunction, state: FormState): Choice[] {
    return [
      ...(OPTIONAL_STEPS.includes(state.step) ? [{ value: 'form.skip', title: t('leads:button.skip') }] : []),
      { value: STAFF_COMMAND, title: t('leads:button.staff') },
      ...(state.updating ? [] : [{ value: 'form.later', title: t('leads:button.later') }]),
    ];
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
      // In full, so that a typo can be seen and corrected; the chat is the owner's own. Logs never
      // carry it (src/core/log.ts masks numbers).
      `• ${t('leads:field.phone')}: ${v.phoneKey ? formatPhoneKey(v.phoneKey) : ''}`,
      `• ${t('leads:field.commune')}: ${commune}`,
      `• ${t('leads:field.markets')}: ${(v.markets ?? []).map((m) => t(`leads:market.${m}`)).join(', ')}`,
      `• ${t('leads:field.education')}: ${v.education ? t(`leads:education.${v.education}`) : ''}`,
      `• ${t('leads:field.passport')}: ${yn(v.hasPassport)}`,
      `• ${t('leads:field.loan')}: ${yn(v.wantsLoan)}`,
      `• ${t('leads:field.sensitive')}: ${sensitive || t('leads:summary.sensitiveNone')}`,
    ].join('\n');
  }

  // ---- answering -----------------------------------------------------------------------------

  /** One handler per question: it applies the answer and moves `state.step` on, or asks again. */
  private readonly answerers: Record<Step, Answerer> = {
    existing: (r) => this.answerExisting(r),
    resume: (r) => this.answerResume(r),
    consent: (r) => this.answerConsent(r),
    fullName: answerFullName,
    birthYear: answerBirthYear,
    phone: answerPhone,
    commune: (r) => this.answerCommune(r),
    communeText: (r) => this.answerCommuneText(r),
    markets: answerMarkets,
    education: (r) => answerChoice(r, 'education', 'passport'),
    passport: (r) => answerYesNo(r, 'hasPassport', 'loan'),
    loan: (r) => answerYesNo(r, 'wantsLoan', 'sensitiveConsent'),
    sensitiveConsent: (r) => this.answerSensitiveConsent(r),
    ethnicity: answerEthnicity,
    household: (r) => answerChoice(r, 'householdCategory', 'confirm'),
    pickField: (r) => (r.picked ? this.startCorrecting(r.state, r.picked.value as Field) : retry(r.t('leads:retry.choice'))),
    confirm: (r) => this.answerConfirm(r),
  };

  /** Applies one answer; moves `state.step` on, or returns the re-prompt to send and stays. */
  private async answer(dc: DialogContext, state: FormState, text: string): Promise<Outcome> {
    const t = this.deps.t(dc.context);
    const lang = this.deps.language(dc.context);
    const choices = this.choicesFor(state.step, t, lang, state);
    const picked = choices.length > 0 ? resolveChoice(text, choices) : undefined;
    const yesNo = picked ? (picked.value === 'yes' ? true : picked.value === 'no' ? false : undefined) : parseYesNo(text);
    return this.answerers[state.step]({ dc, state, text, t, lang, now: this.deps.ctx.clock.now(), picked, yesNo });
  }

  /** A registered person: keep the record, erase it, update it, or name the field to change. */
  private async answerExisting({ dc, state, text, t, lang, picked }: Reply): Promise<Outcome> {
    if (picked?.value === 'keep') {
      await dc.context.sendActivity(t('leads:existing.kept'));
      return 'end';
    }
    if (picked?.value === 'erase') return 'erase';
    if (picked?.value === 'update') {
      state.step = 'pickField';
      return this.renewConsentFirst(state);
    }
    // "đổi số điện thoại", "sua nam sinh": the field named goes straight to its question.
    const field = resolveChoice(text, this.choicesFor('pickField', t, lang, state));
    if (!field) return retry(t('leads:retry.choice'));
    this.startCorrecting(state, field.value as Field);
    return this.renewConsentFirst(state);
  }

  /** A draft found again: go on where it stopped (after consent), or drop it and start afresh. */
  private async answerResume({ dc, state, t, picked }: Reply): Promise<Outcome> {
    if (picked?.value === 'continue') {
      state.step = state.consent ? state.resumeStep ?? 'fullName' : 'consent';
      if (state.consent) delete state.resumeStep;
      return 'continue';
    }
    if (picked?.value === 'restart') {
      await this.dropDraft(dc.context);
      dc.activeDialog!.state[stateKey] = { step: 'consent', correcting: false, updating: false, values: {} } satisfies FormState;
      return 'restarted';
    }
    return retry(t('leads:retry.choice'));
  }

  private async answerConsent({ dc, state, t, now, yesNo }: Reply): Promise<Outcome> {
    if (yesNo === undefined) return retry(t('leads:consent.retry'));
    if (!yesNo) {
      // Someone already registered keeps the record they agreed to before; nothing changes.
      await dc.context.sendActivity(t(state.updating ? 'leads:consent.renewDeclined' : 'leads:consent.declined'));
      return 'end';
    }
    state.consent = { version: this.consentTexts.version, at: now.toISOString(), channel: channelOf(dc.context) };
    // A resumed draft goes back to where it was.
    state.step = state.resumeStep ?? 'fullName';
    delete state.resumeStep;
    return 'continue';
  }

  private answerCommune({ state, text, t, picked }: Reply): Outcome {
    if (picked?.value === 'other') {
      state.step = 'communeText';
      return 'continue';
    }
    if (picked) {
      state.values.communeId = picked.value;
      delete state.values.communeText;
      return advance(state, 'markets');
    }
    // A commune typed instead of pressed (e.g. an old commune name or one outside the area).
    const place = tidyPlace(text);
    if (place.length < 2 || place.length > 80 || /^\d+$/.test(place)) return retry(t('leads:retry.choice'));
    this.setCommune(state, place);
    return advance(state, 'markets');
  }

  private answerCommuneText({ state, text, t }: Reply): Outcome {
    const place = tidyPlace(text);
    if (place.length < 2 || place.length > 80) return retry(t('leads:ask.communeText'));
    this.setCommune(state, place);
    return advance(state, 'markets');
  }

  /** No to the sensitive questions skips them and forgets earlier answers to them; yes asks them. */
  private answerSensitiveConsent({ state, t, now, yesNo }: Reply): Outcome {
    if (yesNo === undefined) return retry(t('leads:consent.retry'));
    if (!yesNo) {
      state.sensitiveConsent = null;
      delete state.values.ethnicity;
      delete state.values.householdCategory;
      return advance(state, 'confirm');
    }
    state.sensitiveConsent = { version: this.consentTexts.version, at: now.toISOString() };
    state.step = 'ethnicity';
    return 'continue';
  }

  /** The summary: save it, change a field, or drop it. */
  private async answerConfirm({ dc, state, t, picked, yesNo }: Reply): Promise<Outcome> {
    if (picked?.value === 'change') {
      state.step = 'pickField';
      return 'continue';
    }
    if (picked?.value === 'cancel') {
      await dc.context.sendActivity(t(state.updating ? 'leads:existing.kept' : 'leads:cancelled'));
      return 'end';
    }
    if (picked?.value === 'save' || yesNo === true) return this.save(dc.context, state);
    return retry(t('leads:retry.choice'));
  }

  /**
   * A registered person who agreed to an older consent text (e.g. the one citing Decree 13/2023,
   * before the Personal Data Protection Law 91/2025/QH15) is asked again before any change is
   * saved; then the change they chose goes on (resumeStep, as for a resumed draft).
   */
  private renewConsentFirst(state: FormState): 'continue' {
    if (!state.updating || state.consent?.version === this.consentTexts.version) return 'continue';
    state.resumeStep = state.step;
    state.step = 'consent';
    return 'continue';
  }

  /** Goes to one field's question; after it, back to the summary (the sensitive pair runs through). */
  private startCorrecting(state: FormState, field: Field): 'continue' {
    state.correcting = field !== 'sensitive';
    if (field === 'markets') state.values.markets = [];
    state.step = field === 'sensitive' ? 'sensitiveConsent' : field;
    return 'continue';
  }

  /**
   * A commune typed instead of pressed: any name of one of the six communes, new or former
   * ("long dong" is now xã Bắc Sơn), is that commune; only a place we do not know is kept as text.
   */
  private setCommune(state: FormState, place: string): void {
    const id = communeIdOf(place, this.deps.content.communes.communes);
    if (id) {
      state.values.communeId = id;
      delete state.values.communeText;
    } else {
      state.values.communeId = 'other';
      state.values.communeText = place;
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
      if (err instanceof PhoneTakenError) {
        // Two records of one person are for staff to merge; the answers stay on the summary.
        this.deps.ctx.log.info({ channel: channelOf(context) }, 'new phone number already belongs to another lead');
        const choices = [...this.choicesFor('confirm', t, this.deps.language(context), state), { value: STAFF_COMMAND, title: t('leads:button.staff') }];
        await context.sendActivity(messageWithChoices(t('leads:phoneTaken'), choices));
        return 'saveFailed';
      }
      // No personal data in the log line: the logger censors fields, and the error names none.
      this.deps.ctx.log.error({ err, channel: channelOf(context) }, 'lead could not be saved');
      await context.sendActivity(messageWithChoices(t('leads:saveFailed'), this.choicesFor('confirm', t, this.deps.language(context), state)));
      return 'saveFailed';
    }
    await context.sendActivity(state.updating ? t('leads:updated') : t('leads:saved', { phone: formatPhoneKey(input.phoneKey) }));
    return 'end';
  }
}

export const registerInterestDialog: FeatureDialog = {
  id: REGISTER_INTEREST_DIALOG,
  intents: ['lead.register'],
  menuItem: { key: 'register', title: 'leads:menu.title' },
  commands: RESUME_COMMANDS,
  create: (deps) => new RegisterInterestDialog(deps),
};
