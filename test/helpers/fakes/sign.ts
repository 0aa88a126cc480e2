/**
 * Signing and posting webhook events exactly as the platforms do (platforms.md A2, B2).
 *
 *   messengerJson(body)                           JSON with non-ASCII escaped as \uXXXX, as Meta sends it
 *   signMessenger(raw, appSecret)                 'sha256=<hmac hex>' for X-Hub-Signature-256
 *   postMessenger(base, appSecret, body)          POST ${base}/webhooks/messenger, signed → { status, text }
 *   messengerText(psid, pageId, mid, text, ts)    one `messaging[]` item; wrap with messengerBatch(pageId, items)
 *   signZalo(appId, raw, timestamp, oaSecret)     'mac=<sha256 hex>' for X-ZEvent-Signature
 *   postZalo(base, creds, event)                  POST ${base}/webhooks/zalo, signed → { status, text }
 *   zaloText(...) / zaloFollow(...)               event bodies with string ids and ms timestamps as strings
 */
import { createHash, createHmac } from 'node:crypto';

export function messengerJson(body: unknown): string {
  return JSON.stringify(body).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function signMessenger(raw: string | Buffer, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(raw).digest('hex')}`;
}

export interface PostResult {
  status: number;
  text: string;
}

async function post(url: string, raw: string, headers: Record<string, string>): Promise<PostResult> {
  const res = await fetch(url, { method: 'POST', body: raw, headers: { 'content-type': 'application/json', ...headers } });
  return { status: res.status, text: await res.text() };
}

/** Posts a Messenger webhook body signed with `appSecret` (pass `signature` to send a wrong one). */
export function postMessenger(base: string, appSecret: string, body: unknown, signature?: string): Promise<PostResult> {
  const raw = messengerJson(body);
  return post(`${base}/webhooks/messenger`, raw, { 'x-hub-signature-256': signature ?? signMessenger(raw, appSecret) });
}

export function messengerBatch(pageId: string, items: object[]): object {
  return { object: 'page', entry: [{ id: pageId, time: Date.now(), messaging: items }] };
}

export function messengerText(psid: string, pageId: string, mid: string, text: string, timestamp = Date.now()): object {
  return { sender: { id: psid }, recipient: { id: pageId }, timestamp, message: { mid, text } };
}

export function signZalo(appId: string, raw: string | Buffer, timestamp: string, oaSecretKey: string): string {
  return `mac=${createHash('sha256').update(Buffer.concat([Buffer.from(appId), Buffer.from(raw), Buffer.from(timestamp), Buffer.from(oaSecretKey)])).digest('hex')}`;
}

export interface ZaloCredentials {
  appId: string;
  oaSecretKey: string;
}

/** Posts one Zalo OA event signed as Zalo does; `bareHex` drops the `mac=` prefix. */
export function postZalo(base: string, creds: ZaloCredentials, event: { timestamp: string } & Record<string, unknown>, options: { signature?: string; bareHex?: boolean } = {}): Promise<PostResult> {
  const raw = JSON.stringify(event);
  let signature = options.signature ?? signZalo(creds.appId, raw, event.timestamp, creds.oaSecretKey);
  if (options.bareHex) signature = signature.replace(/^mac=/, '');
  return post(`${base}/webhooks/zalo`, raw, { 'x-zevent-signature': signature });
}

export function zaloText(appId: string, oaId: string, userId: string, msgId: string, text: string, timestamp = Date.now()) {
  return {
    app_id: appId,
    user_id_by_app: `app${userId}`,
    event_name: 'user_send_text',
    timestamp: String(timestamp),
    sender: { id: userId },
    recipient: { id: oaId },
    message: { msg_id: msgId, text },
  };
}

export function zaloFollow(appId: string, oaId: string, userId: string, timestamp = Date.now(), event: 'follow' | 'unfollow' = 'follow') {
  return { app_id: appId, event_name: event, timestamp: String(timestamp), oa_id: oaId, follower: { id: userId }, source: 'oa_profile', user_id_by_app: `app${userId}` };
}
