import { createHmac } from 'node:crypto';

/** Credentials the bench and the drills give the service; the fake Graph server accepts any token. */
export const MESSENGER_TEST_SECRET = 'bench-app-secret';
export const PAGE_ID = 'PAGE_BENCH';

export function messengerEnv(graphBase: string): Record<string, string> {
  return {
    MESSENGER_APP_SECRET: MESSENGER_TEST_SECRET,
    MESSENGER_VERIFY_TOKEN: 'bench-verify-token',
    MESSENGER_PAGE_ACCESS_TOKEN: 'bench-page-token',
    MESSENGER_API_BASE: graphBase,
  };
}

/** One text message from `psid`, as Meta posts it (one entry, one messaging item). */
export function textEventBody(psid: string, mid: string, text: string, timestamp = Date.now()): string {
  return JSON.stringify({
    object: 'page',
    entry: [{ id: PAGE_ID, time: timestamp, messaging: [{ sender: { id: psid }, recipient: { id: PAGE_ID }, timestamp, message: { mid, text } }] }],
  });
}

/** `X-Hub-Signature-256` exactly as Meta computes it: HMAC-SHA256 of the raw bytes with the app secret. */
export function messengerSignature(body: string | Buffer, secret = MESSENGER_TEST_SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export function signedHeaders(body: string | Buffer): Record<string, string> {
  return { 'content-type': 'application/json', 'x-hub-signature-256': messengerSignature(body) };
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
