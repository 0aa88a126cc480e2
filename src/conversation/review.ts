import type { TurnContext } from 'botbuilder-core';
import type { MatchResult } from '../content/index.ts';
import { recordForReview, type ReviewGuess } from '../domain/review/queue.ts';
import type { DialogDeps } from './types.ts';

/**
 * What the bot guessed for a message, as staff see it: the matched FAQ entry, or, when the matcher
 * settled on "unknown", its likeliest entry anyway, so "Đúng câu này" is one click when it was close.
 */
export function guessOf(match: Pick<MatchResult, 'intent' | 'faqId' | 'score'> & { guesses?: readonly { intent: string; faqId: string; score: number }[] }): ReviewGuess {
  if (match.faqId) return { intent: match.intent, faqId: match.faqId, score: match.score };
  const top = match.guesses?.[0];
  return top ? { intent: top.intent, faqId: top.faqId, score: top.score } : { intent: match.intent, faqId: null, score: match.score };
}

/**
 * Puts what the person typed in the staff review queue ("Câu hỏi cần xem"). Never fails the
 * turn (recordForReview logs and carries on).
 */
export async function recordTurnForReview(
  deps: DialogDeps,
  tc: TurnContext,
  reason: 'unsure' | 'unhelpful',
  text: string,
  guess: ReviewGuess,
): Promise<void> {
  await recordForReview(
    deps.ctx.conn,
    { contactId: deps.contactIdOf(tc), text, language: deps.language(tc), reason, guess, at: deps.ctx.clock.now() },
    deps.ctx.log,
  );
}
