import type { Dialog } from 'botbuilder-dialogs';
import type { TurnContext } from 'botbuilder-core';
import type { TFunction } from 'i18next';
import type { Connection } from 'mongoose';
import type { Content, Intent, Matcher } from '../content/index.ts';
import type { AppContext } from '../core/context.ts';
import type { Choice } from './choices.ts';
import type { Language } from '../content/i18n.ts';
import type { Contacts } from '../domain/contacts.ts';

/** What a channel adapter runs for every turn. Platform-blind: it only sees the TurnContext. */
export type BotLogic = (turnContext: TurnContext) => Promise<void>;

/** The Contact document as dialogs see it (see src/domain/contacts.ts). */
export type ContactRecord = InstanceType<ReturnType<typeof Contacts>>;

/**
 * Everything a dialog needs, handed to every dialog factory. Dialogs never import channel code and
 * never build their own database connection: they use `ctx.conn` and these helpers.
 */
export interface DialogDeps {
  ctx: AppContext;
  /** The validated content (read-only): FAQ, markets, fees, loans, communes, operator. */
  content: Content;
  /** Maps free text to an intent and the best FAQ entry (src/content/matcher.ts). */
  matcher: Matcher;
  /** How long a "talk to staff" request keeps the bot quiet, unless staff release it earlier. */
  handoffHours: number;
  /** The turn's translation function, fixed to the person's language. */
  t(turnContext: TurnContext): TFunction;
  /** The person's language for this turn ('vi' unless they chose otherwise). */
  language(turnContext: TurnContext): Language;
  /** Changes the person's language from now on (this turn included) and remembers it. */
  setLanguage(turnContext: TurnContext, language: Language): Promise<void>;
  /** `channel:userId`, e.g. `messenger:123`, `zalo:456`, `console:an` — see contactIdOf. */
  contactIdOf(turnContext: TurnContext): string;
  /** The person's Contact document (created on their first message), or null if erased meanwhile. */
  getContact(turnContext: TurnContext): Promise<ContactRecord | null>;
}

/** Builds the dialog every conversation starts in, given the feature dialogs it may begin. */
export type RootDialog = (deps: DialogDeps, features: readonly FeatureDialog[]) => Dialog;

/**
 * Forgets a person everywhere (src/privacy/erase.ts). Handed to the bot rather than imported: erasing
 * reaches conversation state too, so the privacy code sits above the conversation.
 */
export type ErasePerson = (conn: Connection, subject: { contactId: string }, source: 'platform', now: Date) => Promise<{ found: boolean; leads: number }>;

/**
 * A feature dialog other parts of the service plug into the conversation (leads, conferences,
 * return-home plan…). List it in `featureDialogs` (dialogs/index.ts).
 */
export interface FeatureDialog {
  /** The dialog id; also the id of the dialog returned by `create`. */
  id: string;
  /** Intent names (architecture.md contract) that begin this dialog when the matcher finds them. */
  intents: readonly Intent[];
  /**
   * Exact commands that begin this dialog anywhere, even inside another dialog. Compared after
   * folding case, diacritics and punctuation ("dừng nhắc" = "dung nhac"). Checked before the
   * bot's own global commands, so "dừng nhắc" is not taken for "dừng".
   */
  commands?: readonly string[];
  /**
   * A main-menu button, `title` being an i18n key (e.g. 'leads:menu.title'). With `key`
   * 'conferences' or 'register' it takes that built-in slot of the menu; any other key adds a
   * button before "talk to staff".
   */
  menuItem?: { key: string; title: string };
  create(deps: DialogDeps): Dialog;
}

/**
 * What a dialog may return when it ends, telling the main dialog what to do next. Ending with
 * nothing (undefined) just waits for the person's next message.
 */
export type NextStep =
  | { kind: 'menu' }
  /** The person wrote something that was not an answer: treat it as a new question. */
  | { kind: 'reroute'; text: string }
  | { kind: 'faq'; faqId: string }
  | { kind: 'intent'; intent: Intent }
  | { kind: 'dialog'; id: string }
  /** A submenu of the main menu (markets, fees…). */
  | { kind: 'topic'; topic: string }
  /** Show this message with these buttons and act on the one chosen. */
  | { kind: 'offer'; text: string; choices: Choice[] };
