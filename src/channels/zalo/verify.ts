import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * `X-ZEvent-Signature`: plain SHA-256 hex of app_id + exact raw body + the body's `timestamp` + the
 * OA secret key (platforms.md B2). Seen as `mac=<hex>` and as bare hex; both are accepted.
 */
export function verifyZaloSignature(rawBody: Buffer, header: string | undefined, appId: string, timestamp: string, oaSecretKey: string): boolean {
  if (!header) return false;
  const supplied = Buffer.from(header.trim().replace(/^mac=/i, '').toLowerCase());
  const expected = Buffer.from(zaloSignature(appId, rawBody, timestamp, oaSecretKey));
  return supplied.length === expected.length && timingSafeEqual(supplied, expected);
}

export function zaloSignature(appId: string, rawBody: Buffer, timestamp: string, oaSecretKey: string): string {
  return createHash('sha256')
    .update(Buffer.concat([Buffer.from(appId), rawBody, Buffer.from(timestamp), Buffer.from(oaSecretKey)]))
    .digest('hex');
}
