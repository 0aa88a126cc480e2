import { checkCompanyDialog } from './check-company.ts';
import { conferencesDialog } from './conferences.ts';
import { eraseMyDataDialog } from './erase-my-data.ts';
import { registerInterestDialog } from './register-interest.ts';
import { returnPlanDialog } from './return-plan.ts';
import { stopRemindersDialog } from './stop-reminders.ts';
import { MainDialog } from './main.ts';
import { erasePerson } from '../src/privacy/erase.ts';
import type { BotDeps } from '../src/conversation/bot.ts';
import type { FeatureDialog, RootDialog } from '../src/conversation/types.ts';

/** Every conversation starts in the main dialog (menu, FAQ answers, routing to the features below). */
export const mainDialog: RootDialog = (deps, features) => new MainDialog(deps, features);

/**
 * The feature dialogs plugged into the conversation by other parts of the service. To add one:
 * write `dialogs/<name>.ts` exporting a `FeatureDialog`, import it here and append it to the list.
 * The main dialog begins it when the matcher returns one of its `intents`, when one of its
 * `commands` is typed, or when its `menuItem` button is pressed.
 *
 * Until a dialog for an intent exists, the main dialog answers that intent with a short honest
 * message (bot:notYet.*) instead of pretending.
 */
export const featureDialogs: readonly FeatureDialog[] = [
  registerInterestDialog,
  eraseMyDataDialog,
  conferencesDialog,
  returnPlanDialog,
  stopRemindersDialog,
  checkCompanyDialog,
];

/**
 * What every bot of this service is built with (`createBot({ ctx, ...botDialogs })`): the main
 * dialog, all feature dialogs, and the eraser a platform's data-withdrawal event calls.
 */
export const botDialogs: Pick<BotDeps, 'root' | 'featureDialogs' | 'erasePerson'> = { root: mainDialog, featureDialogs, erasePerson };
