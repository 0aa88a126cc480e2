import { normalize } from '../content/normalize.ts';

/**
 * Thanks, goodbyes and "ok" typed on their own: people end a conversation politely, and answering
 * that with the greeting and the whole menu again (or "I did not understand") reads as a machine
 * that did not listen. These get one short line instead.
 */
export type SmallTalk = 'thanks' | 'bye' | 'ack';

/** Words said around thanks or a goodbye that do not change it ("cảm ơn cháu nhé", "ok ạ"). */
const AROUND = new Set(['a', 'nhe', 'nha', 'nhieu', 'lam', 'chau', 'em', 'anh', 'chi', 'ban', 'co', 'bac', 'chu', 'ad', 'admin', 'bot', 'roi', 'nhe', 'vay', 'the', 'nhe', 'nhi', 'oi', 'da', 'vang', 'toi', 'minh', 'so', 'much', 'you', 'very', 'nhoe', 'ha', 'thoi']);
const THANKS = ['cam on', 'cảm ơn', 'thank', 'thanks', 'tks', 'thx', 'camon', 'ty'];
const BYE = ['tam biet', 'bye', 'bai bai', 'bb', 'hen gap lai', 'goodbye', 'see you'];
const ACK = ['ok', 'oke', 'okie', 'okay', 'oki', 'uh', 'u', 'um', 'uhm', 'vang', 'da', 'duoc roi', 'dc roi', 'biet roi', 'hieu roi', 'roi', 'vang a', 'da vang', 'de toi xem', 'de em xem', 'de minh xem'];
/** Longer than this it is a message with content, not a courtesy. */
const MAX_WORDS = 7;

function said(folded: string, phrases: readonly string[]): boolean {
  return phrases.some((p) => ` ${folded} `.includes(` ${normalize(p)} `));
}

/** The words left when every one of these phrases is taken out (each as often as it is said). */
function leftOver(folded: string, phrases: readonly string[]): string[] {
  let left = ` ${folded} `;
  for (let before = ''; before !== left; ) {
    before = left;
    for (const p of phrases) left = left.replaceAll(` ${normalize(p)} `, '  ');
  }
  return left.split(' ').filter(Boolean);
}

/** The courtesy a short message is, or undefined when it asks or says anything more. */
export function smallTalkOf(text: string): SmallTalk | undefined {
  if (text.includes('?')) return undefined;
  const folded = normalize(text);
  const words = folded.split(' ').filter(Boolean);
  if (words.length === 0 || words.length > MAX_WORDS) return undefined;
  const courtesyOnly = (phrases: readonly string[]) => leftOver(folded, phrases).every((w) => AROUND.has(w));
  if (said(folded, BYE) && courtesyOnly([...BYE, ...THANKS, ...ACK])) return 'bye';
  if (said(folded, THANKS) && courtesyOnly([...THANKS, ...ACK])) return 'thanks';
  if (said(folded, ACK) && courtesyOnly(ACK)) return 'ack';
  return undefined;
}
