import axios, { type AxiosInstance } from 'axios';
import { z } from 'zod';
import type { ZaloConfig } from '../../core/config.ts';
import { SendError } from '../../outbox/sender.ts';
import { findErrorRule, sendErrorFrom, ZALO_ERRORS } from '../platform-errors.ts';
import { defaultRetry, transportError, withRetry, type RetryOptions } from '../retry.ts';
import type { ZaloTokens } from './tokens.ts';

/** A consultation message body (`message` field), platforms.md B5.2. */
export interface ZaloMessage {
  text?: string;
  attachment?: {
    type: 'template';
    payload: { buttons: { title: string; type: 'oa.query.show'; payload: string }[] } | { template_type: 'media'; elements: { media_type: 'image'; url: string }[] };
  };
}

/** The template of a transaction message (`template_type` transaction_*), platforms.md B5.2. */
export interface ZaloTransactionPayload {
  template_type: 'transaction_event';
  language: 'VI' | 'EN';
  elements: ({ type: 'header'; content: string; align?: 'left' } | { type: 'text'; content: string; align?: 'left' } | { type: 'table'; content: { key: string; value: string }[] })[];
  buttons?: { title: string; type: 'oa.query.show'; payload: string }[];
}

const envelope = z.object({ error: z.number(), message: z.string().optional(), data: z.unknown().optional() });
const sendData = z.object({ message_id: z.string().optional(), msg_id: z.string().optional() }).optional();
const detailData = z.object({ display_name: z.string().optional() });

/** Refused tokens: refreshed once, then the call is repeated. */
const AUTH_ERRORS = new Set(ZALO_ERRORS.filter((r) => r.reason === 'auth').map((r) => r.code));

/** Zalo error code → SendError, from the table in platform-errors.ts. */
export function zaloError(code: number, message?: string): SendError {
  const what = `zalo: error ${code}${message ? ` (${message.slice(0, 80)})` : ''}`;
  return sendErrorFrom(findErrorRule(ZALO_ERRORS, code), what, { reason: 'unknown', meaning: 'refused' });
}

/**
 * Zalo OA API v3 (consultation messages, user detail) and ZNS. The access token goes in the
 * `access_token` header; a refused token is refreshed once (single flight, see tokens.ts) and the
 * call repeated.
 */
export class ZaloClient {
  private readonly http: AxiosInstance;

  constructor(
    private readonly config: ZaloConfig,
    private readonly tokens: ZaloTokens,
    private readonly retry: RetryOptions = defaultRetry,
    timeoutMs = 10_000,
  ) {
    this.http = axios.create({ timeout: timeoutMs, validateStatus: () => true });
  }

  /** A consultation (tư vấn) message: allowed within 7 days of the person's last interaction. */
  async sendConsultation(userId: string, message: ZaloMessage): Promise<string> {
    const data = await this.call('post', `${this.config.apiBase}/v3.0/oa/message/cs`, { recipient: { user_id: userId }, message });
    const parsed = sendData.safeParse(data);
    return (parsed.success && (parsed.data?.message_id ?? parsed.data?.msg_id)) || '';
  }

  /**
   * A transaction message (giao dịch: the status of a service the person uses, such as an event
   * they signed up for), allowed outside the consultation window; may be charged (platforms.md B5.3).
   */
  async sendTransaction(userId: string, payload: ZaloTransactionPayload): Promise<string> {
    const data = await this.call('post', `${this.config.apiBase}/v3.0/oa/message/transaction`, { recipient: { user_id: userId }, message: { attachment: { type: 'template', payload } } });
    const parsed = sendData.safeParse(data);
    return (parsed.success && (parsed.data?.message_id ?? parsed.data?.msg_id)) || '';
  }

  /** A ZNS template message to a phone number (84… form) the person shared with consent. */
  async sendZns(phone: string, templateId: string, templateData: Record<string, string>, trackingId: string): Promise<string> {
    const data = await this.call('post', `${this.config.znsApiBase}/message/template`, { phone, template_id: templateId, template_data: templateData, tracking_id: trackingId });
    const parsed = sendData.safeParse(data);
    return (parsed.success && (parsed.data?.msg_id ?? parsed.data?.message_id)) || '';
  }

  /** The person's display name, best effort. */
  async displayName(userId: string): Promise<string | null> {
    try {
      const data = await this.call('get', `${this.config.apiBase}/v3.0/oa/user/detail?data=${encodeURIComponent(JSON.stringify({ user_id: userId }))}`, undefined, 1);
      const d = detailData.safeParse(data);
      return d.success ? (d.data.display_name ?? null) : null;
    } catch {
      return null;
    }
  }

  private async call(method: 'get' | 'post', url: string, body?: object, attempts = this.retry.attempts): Promise<unknown> {
    let token = await this.tokens.accessToken();
    let refreshed = false;
    return withRetry(async () => {
      for (;;) {
        let res;
        try {
          res = await this.http.request({ method, url, data: body, headers: { access_token: token.accessToken } });
        } catch (err) {
          throw transportError(err, 'zalo');
        }
        if (res.status >= 500 || res.status === 429) throw new SendError(`zalo: HTTP ${res.status}`, false, 'retry_later');
        const parsed = envelope.safeParse(res.data);
        if (!parsed.success) throw new SendError(`zalo: unexpected answer (HTTP ${res.status})`, true, 'unknown');
        if (parsed.data.error === 0) return parsed.data.data;
        if (AUTH_ERRORS.has(parsed.data.error) && !refreshed) {
          refreshed = true;
          token = await this.tokens.refresh(token.version);
          continue;
        }
        throw zaloError(parsed.data.error, parsed.data.message);
      }
    }, { ...this.retry, attempts });
  }
}
