import { createHmac, timingSafeEqual } from 'node:crypto';

/** `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, exact raw body)>`, compared in constant time. */
export function verifyMessengerSignature(rawBody: Buffer, header: string | undefined, appSecret: string): boolean {
  // Exactly 64 hex digits: Buffer.from(…, 'hex') would silently drop trailing junk ("…zz").
  if (!header || !/^sha256=[0-9a-f]{64}$/i.test(header)) return false;
  const got = Buffer.from(header.slice('sha256='.length), 'hex');
  const want = createHmac('sha256', appSecret).update(rawBody).digest();
  return got.length === want.length && timingSafeEqual(got, want);
}

/** The GET handshake: echo `hub.challenge` only for the right verify token. */
export function verifyHandshake(query: Record<string, unknown>, verifyToken: string): string | null {
  const mode = query['hub.mode'];
  const token = query['hub.verify_token'];
  const challenge = query['hub.challenge'];
  if (mode !== 'subscribe' || typeof token !== 'string' || typeof challenge !== 'string') return null;
  const a = Buffer.from(token);
  const b = Buffer.from(verifyToken);
  return a.length === b.length && timingSafeEqual(a, b) ? challenge : null;
}
