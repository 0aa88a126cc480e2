import type { Connection } from 'mongoose';
import { Contacts, type ChannelId } from '../../src/domain/contacts.ts';
import type { Clock } from '../../src/core/clock.ts';
import type { ServiceDeps } from '../../src/service.ts';
import { startFakeGraph, type FakeGraph } from './fakes/graph.ts';
import { startTestService, TEST_ADMIN_TOKEN, api } from './service.ts';

/** A clock tests move by hand. 10:00 in Vietnam: inside decent hours for messages. */
export function testClock(start = '2026-11-20T03:00:00Z'): Clock & { set(iso: string | Date): void; advance(ms: number): void } {
  let now = new Date(start);
  return {
    now: () => new Date(now),
    set: (iso) => void (now = new Date(iso)),
    advance: (ms) => void (now = new Date(now.getTime() + ms)),
  };
}

export const MESSENGER_SECRET = 'console-test-app-secret';

/** Env turning Messenger on against a fake Graph API. */
export function messengerEnv(graph: FakeGraph): Record<string, string> {
  return {
    MESSENGER_APP_SECRET: MESSENGER_SECRET,
    MESSENGER_VERIFY_TOKEN: 'console-verify',
    MESSENGER_PAGE_ACCESS_TOKEN: 'page-token',
    MESSENGER_API_BASE: graph.apiBase,
  };
}

/** A service with Messenger pointed at a fresh fake Graph API whose window model follows `clock`. */
export async function startWithFakeMessenger(conn: Connection, clock: Clock, scheduler?: ServiceDeps['scheduler']) {
  const graph = await startFakeGraph({ pageAccessToken: 'page-token' });
  graph.now = () => clock.now().getTime();
  const svc = await startTestService(conn, { env: messengerEnv(graph), clock, scheduler });
  return { graph, svc };
}

export interface SeedContact {
  id: string;
  channel?: ChannelId;
  language?: 'vi' | 'en';
  lastInboundAt: Date;
  optOutBroadcasts?: boolean;
  unreachable?: boolean;
}

export async function seedContacts(conn: Connection, contacts: SeedContact[]): Promise<void> {
  const docs = contacts.map((c) => {
    const channel = c.channel ?? 'messenger';
    return {
      _id: `${channel}:${c.id}`,
      channel,
      userId: c.id,
      language: c.language ?? 'vi',
      firstInboundAt: c.lastInboundAt,
      lastInboundAt: c.lastInboundAt,
      optOut: { reminders: false, nudges: false, broadcasts: c.optOutBroadcasts ?? false },
      ...(c.unreachable ? { unreachable: { at: c.lastInboundAt, reason: 'blocked' } } : {}),
    };
  });
  for (let i = 0; i < docs.length; i += 1000) await Contacts(conn).insertMany(docs.slice(i, i + 1000));
}

/** A staff (not admin) token, created through the API. */
export async function staffToken(base: string, name = 'commune officer'): Promise<string> {
  const res = await api(base, 'POST', '/api/tokens', { name, role: 'staff' }, TEST_ADMIN_TOKEN);
  if (res.status !== 201) throw new Error(`could not create a staff token: ${res.status}`);
  return res.json.token as string;
}
