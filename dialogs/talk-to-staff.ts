import { ComponentDialog, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import { channelOf } from '../src/conversation/contact-id.ts';
import type { DialogDeps } from '../src/conversation/types.ts';
import { startHandoff } from '../src/domain/handoffs.ts';

export const TALK_TO_STAFF_DIALOG = 'talkToStaff';

/**
 * Hands the person to staff: records an open handoff (listed in the staff console) and keeps the
 * bot quiet for them until staff release it or the timeout passes (src/conversation/bot.ts checks
 * `handoffUntil`).
 */
export class TalkToStaffDialog extends ComponentDialog {
  constructor(private readonly deps: DialogDeps) {
    super(TALK_TO_STAFF_DIALOG);
    this.addDialog(new WaterfallDialog(`${TALK_TO_STAFF_DIALOG}.steps`, [this.handOver.bind(this)]));
    this.initialDialogId = `${TALK_TO_STAFF_DIALOG}.steps`;
  }

  private async handOver(step: WaterfallStepContext) {
    const { ctx, content } = this.deps;
    const t = this.deps.t(step.context);
    const language = this.deps.language(step.context);
    const contact = await this.deps.getContact(step.context);
    const handoff = await startHandoff(ctx.conn, {
      contactId: this.deps.contactIdOf(step.context),
      channel: channelOf(step.context),
      now: ctx.clock.now(),
      hours: this.deps.handoffHours,
    });
    // Staff see it in the console; the log line carries no personal data.
    if (handoff.created) ctx.log.info({ channel: channelOf(step.context) }, 'handoff requested');
    const until = new Intl.DateTimeFormat(language === 'vi' ? 'vi-VN' : 'en-GB', {
      timeZone: contact?.timeZone ?? ctx.config.tzDefault,
      hour: '2-digit',
      minute: '2-digit',
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
    }).format(handoff.until);
    const phone = content.operator.officePhone;
    await step.context.sendActivity(
      [
        t('bot:staff.handedOver', { office: content.operator.shortName[language] }),
        t('bot:staff.quietUntil', { until }),
        phone ? t('bot:staff.phone', { phone }) : t('bot:staff.noPhone'),
      ].join('\n'),
    );
    return step.endDialog();
  }
}
