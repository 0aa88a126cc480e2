import type { Activity } from 'botbuilder-core';
import { TextPrompt, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { resolveChoice, messageWithChoices, type Choice } from './choices.ts';
import { parseMonths, parseVnd } from './parse-numbers.ts';

/**
 * One prompt for every question the bot asks. botbuilder's Choice/Number prompts rely on
 * recognizers without Vietnamese, so answers are parsed here: buttons by value, number or title
 * (with or without diacritics), amounts of money, contract lengths.
 *
 * When the person writes something that is not an answer `misses` times in a row, the prompt
 * ends with MISSED and the dialog hands the message back to the main dialog as a new question.
 */
export const ANSWER_PROMPT = 'answerPrompt';
export const MISSED = '\u0000missed';

export type AnswerKind = { kind: 'choice'; choices: Choice[] } | { kind: 'vnd' } | { kind: 'months' };
type AnswerSpec = AnswerKind & { misses: number };

function parseAnswer(spec: AnswerSpec, text: string): string | undefined {
  switch (spec.kind) {
    case 'choice':
      return resolveChoice(text, spec.choices)?.value;
    case 'vnd': {
      const vnd = parseVnd(text);
      return vnd === undefined ? undefined : String(vnd);
    }
    case 'months': {
      const months = parseMonths(text);
      return months === undefined ? undefined : String(months);
    }
  }
}

export class AnswerPrompt extends TextPrompt {
  constructor() {
    super(ANSWER_PROMPT, async (prompt) => {
      const spec = prompt.options.validations as AnswerSpec;
      const answer = parseAnswer(spec, prompt.context.activity.text ?? '');
      if (answer !== undefined) {
        prompt.recognized.value = answer;
        return true;
      }
      if (prompt.attemptCount > spec.misses) {
        prompt.recognized.value = MISSED;
        return true;
      }
      return false;
    });
  }
}

/**
 * Asks a question. `retry` is said when the answer was not understood; choices are shown as
 * buttons with the question and again with the retry.
 */
export function ask(
  step: WaterfallStepContext,
  question: string,
  answer: AnswerKind,
  retry: string,
  misses = 1,
): Promise<DialogTurnResult> {
  const choices = answer.kind === 'choice' ? answer.choices : [];
  const asActivity = (text: string): Partial<Activity> => messageWithChoices(text, choices);
  return step.prompt(ANSWER_PROMPT, {
    prompt: asActivity(question),
    retryPrompt: asActivity(retry),
    validations: { ...answer, misses } satisfies AnswerSpec,
  });
}
