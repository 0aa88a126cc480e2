import type { Activity, CardAction } from 'botbuilder-core';

/**
 * Platform-neutral pieces of turning an outgoing Activity into chat messages. Each platform's
 * render.ts decides what its UI can show.
 */

export interface Choice {
  title: string;
  value: string;
}

/** The suggested actions of an activity as (title, value) pairs; the value is what a tap sends back. */
export function choicesOf(activity: Partial<Activity>): Choice[] {
  const actions: CardAction[] = activity.suggestedActions?.actions ?? [];
  return actions.map((a) => {
    const value = typeof a.value === 'string' ? a.value : a.value === undefined || a.value === null ? a.title : JSON.stringify(a.value);
    return { title: a.title || value, value };
  });
}

/** Appends the choices as a numbered list, for when the platform cannot show them as buttons. */
export function withNumberedList(text: string, choices: Choice[]): string {
  const list = choices.map((c, i) => `${i + 1}. ${c.title}`).join('\n');
  return text ? `${text}\n\n${list}` : list;
}

/**
 * Splits text into chunks of at most `limit` characters, preferring paragraph, then sentence, then
 * word boundaries; a single word longer than the limit is cut.
 */
export function splitText(text: string, limit: number): string[] {
  const chunks: string[] = [];
  let rest = text.trim();
  while ([...rest].length > limit) {
    const window = sliceChars(rest, limit);
    const cut =
      lastBoundary(window, /\n\s*\n/g) ??
      lastBoundary(window, /[.!?…](?:["')\]]*)\s+/g) ??
      lastBoundary(window, /\n/g) ??
      lastBoundary(window, /\s+/g) ??
      window.length;
    chunks.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest) chunks.push(rest);
  return chunks;
}

/** The first `n` characters (code points, so a Vietnamese letter or emoji is never split). */
function sliceChars(s: string, n: number): string {
  return [...s].slice(0, n).join('');
}

/** The end index of the last match of `re` in `s`, if it leaves a reasonably long first part. */
function lastBoundary(s: string, re: RegExp): number | undefined {
  let end: number | undefined;
  for (const m of s.matchAll(re)) {
    const at = m.index + m[0].length;
    if (at < s.length || m.index > 0) end = at;
  }
  // A boundary in the first fifth would produce a tiny chunk and many messages; look for a coarser one.
  return end !== undefined && end > s.length / 5 ? end : undefined;
}
