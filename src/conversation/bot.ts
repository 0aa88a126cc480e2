import { ActivityHandler, type StatePropertyAccessor, type Storage, type TurnContext } from 'botbuilder-core';
import { DialogSet, DialogTurnStatus, type Dialog, type DialogState } from 'botbuilder-dialogs';
import type { i18n } from 'i18next';
import { createMatcher, loadContent, type Content, type Matcher } from '../content/index.ts';
import { isDatabaseUnavailable } from '../db/errors.ts';
import type { AppContext } from '../core/context.ts';
import { type Language } from '../content/i18n.ts';
import { Contacts } from '../domain/contacts.ts';
import { MongoStorage } from './storage.ts';
import { inHandoff, releaseHandoff } from '../domain/handoffs.ts';
import { globalCommandOf, isCommand } from '../content/commands.ts';
import { handlePlatformEvent } from './platform-events.ts';
import { CheckedConversationState } from './checked-state.ts';
import { channelOf, contactIdOf } from './contact-id.ts';
import { createI18n, fixedT, languageOfLocale } from '../content/i18n.ts';
import { providedContact, setTurnInfo, turnInfo } from './turn.ts';
import { readTypedNumber, rememberOfferedChoices, type OfferedChoices } from './typed-numbers.ts';
import type { BotLogic, ContactRecord, DialogDeps, ErasePerson, FeatureDialog, RootDialog } from './types.ts';

export interface BotDeps {
  ctx: AppContext;
  /** Default: content/ read and validated now (a broken file throws ContentError). */
  content?: Content;
  matcher?: Matcher;
  i18n?: i18n;
  /** The dialog every conversation starts in (dialogs/index.ts: `mainDialog`). */
  root: RootDialog;
  /** The feature dialogs the root may begin (dialogs/index.ts: `featureDialogs`). */
  featureDialogs: readonly FeatureDialog[];
  /** Forgets a person who withdrew consent on the platform (src/privacy/erase.ts: `erasePerson`). */
  erasePerson: ErasePerson;
  /** Default: HANDOFF_TIMEOUT_HOURS (24). */
  handoffHours?: number;
  /** Default: MongoStorage on ctx.conn. */
  storage?: Storage;
}

/** What one turn needs, made once in createBot and shared by the turn's steps below. */
interface BotParts {
  ctx: AppContext;
  i18n: i18n;
  handoffHours: number;
  erasePerson: ErasePerson;
  features: readonly FeatureDialog[];
  contacts: ReturnType<typeof Contacts>;
  conversationState: CheckedConversationState;
  dialogState: StatePropertyAccessor<DialogState>;
  offeredChoices: StatePropertyAccessor<OfferedChoices>;
  handler: ActivityHandler;
}

/**
 * The bot as the channel adapters run it: one call per inbound activity. Conversation and user
 * state live in MongoDB; the turn's language comes from the person's remembered choice; nothing
 * is said while the person is handed over to staff.
 */
export function createBot(deps: BotDeps): BotLogic {
  const { ctx } = deps;
  const content = deps.content ?? loadContent();
  const i18n = deps.i18n ?? createI18n();
  const storage = deps.storage ?? new MongoStorage(ctx.conn, () => ctx.clock.now());
  const conversationState = new CheckedConversationState(storage);
  const dialogState = conversationState.createProperty<DialogState>('dialogState');
  const contacts = Contacts(ctx.conn);
  const handoffHours = deps.handoffHours ?? ctx.config.handoffHours;
  const dialogDeps = dialogDepsFor(ctx, content, deps.matcher ?? createMatcher(content), handoffHours, i18n, contacts);
  const bot: BotParts = {
    ctx,
    i18n,
    handoffHours,
    erasePerson: deps.erasePerson,
    features: deps.featureDialogs,
    contacts,
    conversationState,
    dialogState,
    offeredChoices: conversationState.createProperty<OfferedChoices>('offeredChoices'),
    handler: dialogHandler(dialogState, deps.root(dialogDeps, deps.featureDialogs)),
  };
  return async (tc) => {
    try {
      await turn(bot, tc);
    } catch (err) {
      await onTurnError(bot, tc, err);
    }
  };
}

/** What every dialog is given: the content, the understanding, and the turn's person and language. */
function dialogDepsFor(ctx: AppContext, content: Content, matcher: Matcher, handoffHours: number, i18n: i18n, contacts: ReturnType<typeof Contacts>): DialogDeps {
  return {
    ctx,
    content,
    matcher,
    handoffHours,
    t: (tc) => turnInfo(tc).t,
    language: (tc) => turnInfo(tc).language,
    contactIdOf,
    getContact: (tc) => contacts.findById(contactIdOf(tc)),
    async setLanguage(tc, language) {
      setTurnInfo(tc, { language, t: fixedT(i18n, language) });
      // The contact is the one place the choice is kept (read at the start of every turn).
      await contacts.updateOne({ _id: contactIdOf(tc) }, { $set: { language } });
    },
  };
}

/** Messages and events go to the dialog in progress, or start the root dialog when none is. */
function dialogHandler(dialogState: StatePropertyAccessor<DialogState>, root: Dialog): ActivityHandler {
  const dialogs = new DialogSet(dialogState);
  dialogs.add(root);
  const runDialogs = async (tc: TurnContext) => {
    const dc = await dialogs.createContext(tc);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(root.id);
  };
  const handler = new ActivityHandler();
  handler.onMessage(async (tc, next) => {
    await runDialogs(tc);
    await next();
  });
  handler.onEvent(async (tc, next) => {
    await runDialogs(tc);
    await next();
  });
  return handler;
}

async function turn(bot: BotParts, tc: TurnContext): Promise<void> {
  const { ctx, contacts } = bot;
  // What the platform reports about the person (data rights, staff answering) is not a turn to answer.
  if (await handlePlatformEvent(ctx, bot.handoffHours, bot.erasePerson, tc)) return;
  const now = ctx.clock.now();
  const contact = await ensureContact(contacts, tc, now);
  const language = contact.language ?? languageOfLocale(tc.activity.locale) ?? 'vi';
  setTurnInfo(tc, { language, t: fixedT(bot.i18n, language) });
  if (inHandoff(contact, now)) {
    // Staff are answering and the bot stays quiet, except for a command: the person takes the
    // conversation back ("menu", "huỷ", "xoá dữ liệu của tôi") and gets what they asked for.
    if (!endsHandoff(tc.activity.text ?? '', bot.features)) return;
    await releaseHandoff(ctx.conn, contact._id, now, 'person');
  }
  if (contact.handoffUntil) await contacts.updateOne({ _id: contact._id }, { $unset: { handoffUntil: 1 } });
  await readTypedNumber(tc, bot.offeredChoices, bot.dialogState);
  rememberOfferedChoices(tc, bot.offeredChoices);
  await bot.handler.run(tc);
  await bot.conversationState.saveChanges(tc);
}

/** A command that works anywhere, or a feature's own (erase, stop reminders…); not "help" or "staff". */
function endsHandoff(text: string, features: readonly FeatureDialog[]): boolean {
  const command = globalCommandOf(text);
  if (command === 'menu' || command === 'stop' || command === 'language') return true;
  return features.some((f) => f.commands !== undefined && isCommand(text, f.commands));
}

async function ensureContact(contacts: ReturnType<typeof Contacts>, tc: TurnContext, now: Date): Promise<ContactRecord> {
  const provided = providedContact(tc);
  if (provided) return provided;
  const id = contactIdOf(tc);
  const found = await contacts.findById(id);
  if (found) return found;
  // Channels record the contact before the turn; the console and tests come here.
  await contacts.updateOne(
    { _id: id },
    { $setOnInsert: { channel: channelOf(tc), userId: tc.activity.from.id, firstInboundAt: now, lastInboundAt: now, language: 'vi' } },
    { upsert: true },
  );
  return (await contacts.findById(id))!;
}

/** Logs (no personal data), forgets the conversation's dialog state, apologises in the person's language. */
async function onTurnError(bot: BotParts, tc: TurnContext, err: unknown): Promise<void> {
  const { log } = bot.ctx;
  log.error({ err, channel: tc.activity.channelId }, 'turn failed');
  // With the database away nothing can be reset or remembered: let the caller retry the event later.
  if (isDatabaseUnavailable(err)) throw err;
  try {
    await bot.conversationState.delete(tc);
  } catch (resetErr) {
    log.error({ err: resetErr }, 'could not reset conversation state after a failed turn');
  }
  let language: Language = 'vi';
  try {
    language = turnInfo(tc).language;
  } catch {
    // the turn failed before its language was known
  }
  await tc.sendActivity(fixedT(bot.i18n, language)('bot:error.apology'));
}
