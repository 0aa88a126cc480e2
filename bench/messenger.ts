import { messengerBatch, messengerJson, messengerText, signMessenger } from '../test/helpers/fakes/sign.ts';
import { startFakeGraph, type FakeGraph } from '../test/helpers/fakes/graph.ts';

/** Credentials the bench and the drills give the service and the fake Graph API. */
export const MESSENGER_TEST_SECRET = 'bench-app-secret';
const PAGE_TOKEN = 'bench-page-token';
export const PAGE_ID = 'PAGE_BENCH';

export function startGraph(): Promise<FakeGraph> {
  return startFakeGraph({ pageAccessToken: PAGE_TOKEN });
}

export function messengerEnv(graph: FakeGraph): Record<string, string> {
  return {
    MESSENGER_APP_SECRET: MESSENGER_TEST_SECRET,
    MESSENGER_VERIFY_TOKEN: 'bench-verify-token',
    MESSENGER_PAGE_ACCESS_TOKEN: PAGE_TOKEN,
    MESSENGER_API_BASE: graph.apiBase,
  };
}

/** One text message from `psid`, serialised as Meta sends it (non-ASCII escaped). */
export function textEventBody(psid: string, mid: string, text: string, timestamp = Date.now()): string {
  return messengerJson(messengerBatch(PAGE_ID, [messengerText(psid, PAGE_ID, mid, text, timestamp)]));
}

export function messengerSignature(body: string | Buffer, secret = MESSENGER_TEST_SECRET): string {
  return signMessenger(body, secret);
}

export function signedHeaders(body: string | Buffer): Record<string, string> {
  return { 'content-type': 'application/json', 'x-hub-signature-256': messengerSignature(body) };
}

/** Messages per recipient at the fake platform (a broadcast or a turn's replies, counted). */
export function countPerRecipient(graph: FakeGraph): Map<string, number> {
  const counts = new Map<string, number>();
  for (const s of graph.sent) counts.set(s.recipientId, (counts.get(s.recipientId) ?? 0) + 1);
  return counts;
}

/**
 * Calls `onMessage` for each message the fake platform accepts from now on. The fake stamps each
 * message with its arrival time, so latencies do not depend on how often this looks.
 */
export function watchSent(graph: FakeGraph, onMessage: (recipient: string, at: number) => void): () => void {
  let cursor = graph.sent.length;
  const timer = setInterval(() => {
    for (; cursor < graph.sent.length; cursor++) {
      const s = graph.sent[cursor]!;
      onMessage(s.recipientId, s.at);
    }
  }, 5);
  return () => clearInterval(timer);
}

/** Questions people send; the bench cycles through them so the bot does real matching work. */
export const SAMPLE_QUESTIONS = [
  'Đi Nhật Bản cần những điều kiện gì?',
  'chi phi di han quoc bao nhieu',
  'Tôi muốn vay vốn ngân hàng để đi làm việc ở nước ngoài',
  'công ty này có giấy phép không',
  'xin chào',
  'Làm sao để về nước đúng hạn?',
  'Tiền cọc có được trả lại không?',
  'Đài Loan tuyển lao động ngành gì',
];
