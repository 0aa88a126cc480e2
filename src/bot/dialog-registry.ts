import { checkCompanyDialog } from '../../dialogs/check-company.ts';
import { conferencesDialog } from '../../dialogs/conferences.ts';
import { eraseMyDataDialog } from '../../dialogs/erase-my-data.ts';
import { registerInterestDialog } from '../../dialogs/register-interest.ts';
import { returnPlanDialog } from '../../dialogs/return-plan.ts';
import { stopRemindersDialog } from '../../dialogs/stop-reminders.ts';
import type { FeatureDialog } from './types.ts';

export type { DialogDeps, FeatureDialog } from './types.ts';

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
