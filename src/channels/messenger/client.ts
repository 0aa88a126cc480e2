import axios, { type AxiosInstance } from 'axios';
import { z } from 'zod';
import type { MessengerConfig } from '../../core/config.ts';
import { SendError } from '../../outbox/sender.ts';
import { findErrorRule, MESSENGER_ERRORS, sendErrorFrom } from '../platform-errors.ts';
import { defaultRetry, transportError, withRetry, type RetryOptions } from '../retry.ts';

/** Graph Send API message body (`message` field) as we build it. */
export interface MessengerMessage {
  text?: string;
  quick_replies?: { content_type: 'text'; title: string; payload: string }[];
  attachment?: { type: 'image' | 'file'; payload: { url: string; is_reusable?: boolean } };
  /** Echoed back in `message_echoes` (≤ 1000 characters): our send receipts. */
  metadata?: string;
  template?: { name: string; language: { code: string }; components: { type: 'body'; parameters: { type: 'text'; parameter_name: string; text: string }[] }[] };
}

const sendOk = z.object({ recipient_id: z.string().optional(), message_id: z.string().optional() });
const graphError = z.object({
  error: z.object({ message: z.string().optional(), code: z.number().optional(), error_subcode: z.number().optional() }),
});
const profileSchema = z.object({ first_name: z.string().optional(), last_name: z.string().optional() });

/** Graph error → SendError, by (code, subcode) from the table in platform-errors.ts. */
export function messengerError(httpStatus: number, body: unknown): SendError {
  const parsed = graphError.safeParse(body);
  const code = parsed.success ? parsed.data.error.code : undefined;
  const sub = parsed.success ? parsed.data.error.error_subcode : undefined;
  const what = `messenger: error ${code ?? 'none'}${sub ? `/${sub}` : ''} (HTTP ${httpStatus})`;
  const fallback = httpStatus >= 500 || httpStatus === 429 ? { reason: 'retry_later' as const, meaning: 'temporary failure' } : { reason: 'unknown' as const, meaning: 'refused' };
  return sendErrorFrom(findErrorRule(MESSENGER_ERRORS, code, sub), what, fallback);
}

/**
 * The Graph Send API for one page. Errors are SendErrors; temporary ones are retried with back-off.
 * Message tags are never used (the event tags were withdrawn in 2026); out of the 24 h window only
 * utility templates are sent.
 */
export class MessengerClient {
  private readonly http: AxiosInstance;

  constructor(
    private readonly config: MessengerConfig,
    private readonly retry: RetryOptions = defaultRetry,
    timeoutMs = 10_000,
  ) {
    this.http = axios.create({ baseURL: config.apiBase, timeout: timeoutMs, validateStatus: () => true });
  }

  /** Free-form message inside the 24 h window: RESPONSE to a message, UPDATE when proactive. */
  async sendMessage(psid: string, message: MessengerMessage, messagingType: 'RESPONSE' | 'UPDATE'): Promise<string> {
    return this.post({ recipient: { id: psid }, messaging_type: messagingType, message });
  }

  /** An approved utility template (event reminders), allowed outside the 24 h window. */
  async sendUtilityTemplate(psid: string, name: string, language: string, params: Record<string, string>): Promise<string> {
    const parameters = Object.entries(params).map(([k, v]) => ({ type: 'text' as const, parameter_name: k, text: v }));
    return this.post({
      recipient: { id: psid },
      messaging_type: 'UTILITY',
      message: { template: { name, language: { code: language }, components: [{ type: 'body', parameters }] } },
    });
  }

  async typing(psid: string): Promise<void> {
    await this.post({ recipient: { id: psid }, sender_action: 'typing_on' }, 1);
  }

  /** First and last name, when the page may read them; null otherwise (best effort). */
  async profileName(psid: string): Promise<string | null> {
    try {
      const res = await this.http.get(`/${encodeURIComponent(psid)}`, {
        params: { fields: 'first_name,last_name', access_token: this.config.pageAccessToken },
        timeout: 3000,
      });
      const p = profileSchema.safeParse(res.data);
      if (res.status !== 200 || !p.success) return null;
      const name = [p.data.first_name, p.data.last_name].filter(Boolean).join(' ').trim();
      return name || null;
    } catch {
      return null;
    }
  }

  private async post(body: object, attempts = this.retry.attempts): Promise<string> {
    return withRetry(async () => {
      let res;
      try {
        res = await this.http.post('/me/messages', body, { params: { access_token: this.config.pageAccessToken } });
      } catch (err) {
        throw transportError(err, 'messenger');
      }
      if (res.status === 200) {
        const ok = sendOk.safeParse(res.data);
        return ok.success ? (ok.data.message_id ?? '') : '';
      }
      throw messengerError(res.status, res.data);
    }, { ...this.retry, attempts });
  }
}
