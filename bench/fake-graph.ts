import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** One message the service sent through the fake Graph Send API. */
export interface SentMessage {
  recipient: string;
  body: { message?: { text?: string }; messaging_type?: string };
  at: number;
}

export interface FakeGraphOptions {
  /** Sends accepted per second; above it the fake answers Graph's throttling error (code 613). */
  ratePerSecond?: number;
}

/**
 * A lean stand-in for the Graph Send API built for volume: it keeps counts per recipient (not every
 * body) so 10,000-recipient runs stay small, and tells listeners about each message as it arrives.
 * `POST /me/messages` behaves like Graph (message ids, throttling error 613); `GET /<psid>` returns
 * a profile so first contacts look real.
 */
export class FakeGraph {
  readonly perRecipient = new Map<string, number>();
  sent = 0;
  throttled = 0;
  typing = 0;
  firstAt = 0;
  lastAt = 0;
  private listeners = new Set<(m: SentMessage) => void>();
  private windowStart = 0;
  private windowCount = 0;
  private server: Server | undefined;
  url = '';

  constructor(private readonly options: FakeGraphOptions = {}) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 65_000;
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }

  onMessage(listener: (m: SentMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Recipients that got more than one message (a broadcast sends exactly one to each). */
  duplicates(): number {
    let n = 0;
    for (const c of this.perRecipient.values()) if (c > 1) n += c - 1;
    return n;
  }

  reset(): void {
    this.perRecipient.clear();
    this.sent = this.throttled = this.typing = this.firstAt = this.lastAt = 0;
  }

  private allow(now: number): boolean {
    const rate = this.options.ratePerSecond;
    if (!rate) return true;
    if (now - this.windowStart >= 1000) {
      this.windowStart = now;
      this.windowCount = 0;
    }
    return ++this.windowCount <= rate;
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? '/', 'http://x');
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && url.pathname !== '/me/messages') {
      return json(200, { first_name: 'Bench', last_name: 'Person', id: url.pathname.slice(1) });
    }
    if (req.method !== 'POST' || url.pathname !== '/me/messages') return json(404, { error: { code: 100, message: 'Unknown path' } });
    let body: SentMessage['body'] & { recipient?: { id?: string }; sender_action?: string };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return json(400, { error: { code: 100, message: 'Invalid JSON' } });
    }
    const recipient = body.recipient?.id;
    if (!recipient) return json(400, { error: { code: 100, message: 'recipient required' } });
    if (body.sender_action) {
      this.typing++;
      return json(200, { recipient_id: recipient });
    }
    const now = Date.now();
    if (!this.allow(now)) {
      this.throttled++;
      return json(400, { error: { code: 613, message: 'Calls to this api have exceeded the rate limit.' } });
    }
    this.sent++;
    if (!this.firstAt) this.firstAt = now;
    this.lastAt = now;
    this.perRecipient.set(recipient, (this.perRecipient.get(recipient) ?? 0) + 1);
    const m: SentMessage = { recipient, body, at: now };
    for (const l of this.listeners) l(m);
    json(200, { recipient_id: recipient, message_id: `m_sent_${this.sent}` });
  }
}
