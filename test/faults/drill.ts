import { countPerRecipient, signedHeaders, textEventBody } from '../../bench/messenger.ts';
import type { FakeGraph } from '../helpers/fakes/graph.ts';
import { waitFor } from '../helpers/http.ts';

/** The one question every drill person asks, so each conversation gets the same number of replies. */
export const DRILL_QUESTION = 'Đi Nhật Bản cần những điều kiện gì?';

/** POSTs one signed text event; 0 when the connection failed (the service is down). */
export async function postEvent(base: string, psid: string, mid: string, timestamp = Date.now()): Promise<number> {
  const body = textEventBody(psid, mid, DRILL_QUESTION, timestamp);
  try {
    const res = await fetch(`${base}/webhooks/messenger`, { method: 'POST', body, headers: signedHeaders(body), signal: AbortSignal.timeout(15_000) });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}

/**
 * How many messages the bot sends in all to a new person who asks DRILL_QUESTION `times` times in a
 * row: measured on control people, not assumed, so the drills hold whatever the answers look like.
 */
export async function repliesForConversation(base: string, graph: FakeGraph, tag: string, times: number): Promise<number> {
  const people = [0, 1, 2].map((i) => `${tag}-probe-${i}`);
  const start = Date.now();
  for (let k = 0; k < times; k++) {
    for (const [i, psid] of people.entries()) expect200(await postEvent(base, psid, `m_${tag}_probe_${i}_${k}`, start + k));
  }
  await waitFor(async () => {
    const counts = countPerRecipient(graph);
    return people.every((p) => (counts.get(p) ?? 0) >= times);
  }, 120_000, 200);
  await quiet(graph, 3000);
  const perPerson = countPerRecipient(graph);
  const counts = new Set(people.map((p) => perPerson.get(p)));
  if (counts.size !== 1) throw new Error(`the bot answered the same conversation with different message counts: ${[...counts].join(', ')}`);
  return [...counts][0]!;
}

function expect200(status: number) {
  if (status !== 200) throw new Error(`probe webhook answered ${status}`);
}

/** Waits until no message has reached the fake platform for `quietMs`. */
export async function quiet(graph: FakeGraph, quietMs: number, timeoutMs = 180_000): Promise<void> {
  let last = -1;
  let since = Date.now();
  await waitFor(async () => {
    if (graph.sent.length !== last) {
      last = graph.sent.length;
      since = Date.now();
    }
    return Date.now() - since >= quietMs;
  }, timeoutMs, 250);
}
