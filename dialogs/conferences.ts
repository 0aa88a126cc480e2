import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { messageWithChoices, resolveChoice, type Choice } from '../src/conversation/choices.ts';
import { isCommand } from '../src/content/commands.ts';
import type { DialogDeps, FeatureDialog, NextStep } from '../src/conversation/types.ts';
import { CANCEL_SIGNUP_COMMAND, cancelSignup, signUp, upcomingConferences } from '../src/reminders/conferences.ts';
import { formatLocal } from '../src/core/time.ts';
import { ConferenceSignups, type ConferenceDoc } from '../src/domain/conferences.ts';
import { Leads } from '../src/domain/leads/model.ts';

export const CONFERENCES_DIALOG = 'conferences';

const cancelCommands = [CANCEL_SIGNUP_COMMAND, 'hủy đăng ký hội nghị', 'huỷ đăng ký', 'hủy đăng ký', 'cancel sign-up', 'cancel my sign-up'];

interface State {
  mode: 'list' | 'cancel';
  /** Conference ids offered, with whether the person was signed up when shown. */
  offered: { id: string; signed: boolean }[];
}

/**
 * "hội nghị" / "conference": upcoming conferences, those in the person's commune first; one tap on
 * a conference signs up (or, if already signed up, cancels). The cancel button of a reminder sends
 * "huỷ đăng ký hội nghị": with one sign-up it is cancelled at once, with several the person picks.
 */
export class ConferencesDialog extends ComponentDialog {
  constructor(private readonly deps: DialogDeps) {
    super(CONFERENCES_DIALOG);
    this.addDialog(new WaterfallDialog(`${CONFERENCES_DIALOG}.steps`, [this.show.bind(this), this.act.bind(this)]));
    this.initialDialogId = `${CONFERENCES_DIALOG}.steps`;
  }

  private title(c: ConferenceDoc, step: WaterfallStepContext): string {
    return (this.deps.language(step.context) === 'en' && c.title?.en) || c.title!.vi;
  }

  private place(c: ConferenceDoc, step: WaterfallStepContext): string {
    return (this.deps.language(step.context) === 'en' && c.place?.en) || c.place!.vi;
  }

  private time(c: ConferenceDoc): string {
    return formatLocal(c.startsAt, this.deps.ctx.config.tzDefault);
  }

  private async show(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { ctx } = this.deps;
    const t = this.deps.t(step.context);
    const contactId = this.deps.contactIdOf(step.context);
    const now = ctx.clock.now();
    const text = step.context.activity.text ?? '';
    const lead = await Leads(ctx.conn).findOne({ contactIds: contactId, erasedAt: null }, { communeId: 1 }).lean();
    const upcoming = await upcomingConferences(ctx.conn, now, lead?.communeId);
    const signups = await ConferenceSignups(ctx.conn).find({ contactId, status: 'signed_up' }, { conferenceId: 1 }).lean();
    const signed = new Set(signups.map((s) => s.conferenceId));

    if (isCommand(text, cancelCommands)) {
      const mine = upcoming.filter((c) => signed.has(String(c._id)));
      if (mine.length === 0) {
        await step.context.sendActivity(t('scheduler:conference.nothingToCancel'));
        return step.endDialog();
      }
      if (mine.length === 1) return this.cancel(step, mine[0]!);
      (step.values as State).mode = 'cancel';
      (step.values as State).offered = mine.map((c) => ({ id: String(c._id), signed: true }));
      await step.context.sendActivity(messageWithChoices(t('scheduler:conference.whichToCancel'), this.choices(mine, step)));
      return WaterfallDialog.EndOfTurn;
    }

    if (upcoming.length === 0) {
      await step.context.sendActivity(t('scheduler:conference.none'));
      return step.endDialog();
    }
    const lines = upcoming.map((c, i) =>
      t('scheduler:conference.item', {
        n: i + 1,
        title: this.title(c, step),
        time: this.time(c),
        place: this.place(c, step),
        signed: signed.has(String(c._id)) ? t('scheduler:conference.signedMark') : '',
      }),
    );
    (step.values as State).mode = 'list';
    (step.values as State).offered = upcoming.map((c) => ({ id: String(c._id), signed: signed.has(String(c._id)) }));
    const body = [t('scheduler:conference.listIntro'), ...lines, t('scheduler:conference.choose')].join('\n');
    await step.context.sendActivity(messageWithChoices(body, this.choices(upcoming, step)));
    return WaterfallDialog.EndOfTurn;
  }

  private choices(list: ConferenceDoc[], step: WaterfallStepContext): Choice[] {
    // Whole titles: each channel's renderer cuts them to what its platform shows (Messenger: 20 characters).
    return list.map((c, i) => ({ value: `conf:${String(c._id)}`, title: `${i + 1}. ${this.title(c, step)}` }));
  }

  private async act(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { ctx } = this.deps;
    const t = this.deps.t(step.context);
    const state = step.values as State;
    const text = step.context.activity.text ?? '';
    const choices = state.offered.map((o, i) => ({ value: `conf:${o.id}`, title: String(i + 1) }));
    const picked = resolveChoice(text, choices);
    const offer = picked ? state.offered.find((o) => `conf:${o.id}` === picked.value) : undefined;
    if (!offer) return step.endDialog({ kind: 'reroute', text } satisfies NextStep);
    const contactId = this.deps.contactIdOf(step.context);
    const now = ctx.clock.now();
    if (state.mode === 'cancel' || offer.signed) {
      const conf = (await upcomingConferences(ctx.conn, now, null, 50)).find((c) => String(c._id) === offer.id);
      if (conf) return this.cancel(step, conf);
      await step.context.sendActivity(t('scheduler:conference.none'));
      return step.endDialog();
    }
    const result = await signUp(ctx, offer.id, contactId, now);
    if (result.status === 'signed_up' || result.status === 'already') {
      const c = result.conference;
      await step.context.sendActivity(
        t('scheduler:conference.signedUp', { title: this.title(c, step), time: this.time(c), place: this.place(c, step) }),
      );
    } else {
      await step.context.sendActivity(t('scheduler:conference.none'));
    }
    return step.endDialog();
  }

  private async cancel(step: WaterfallStepContext, conf: ConferenceDoc): Promise<DialogTurnResult> {
    const t = this.deps.t(step.context);
    await cancelSignup(this.deps.ctx, String(conf._id), this.deps.contactIdOf(step.context), this.deps.ctx.clock.now());
    await step.context.sendActivity(t('scheduler:conference.cancelledSignup', { title: this.title(conf, step) }));
    return step.endDialog();
  }
}

export const conferencesDialog: FeatureDialog = {
  id: CONFERENCES_DIALOG,
  intents: ['conference.info'],
  commands: ['hội nghị', 'hội nghị sắp tới', 'conference', 'conferences', ...cancelCommands],
  menuItem: { key: 'conferences', title: 'scheduler:menu.conferences' },
  create: (deps) => new ConferencesDialog(deps),
};
