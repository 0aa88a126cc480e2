import type { Connection } from 'mongoose';
import type { Outbound, Recipient } from '../outbox/sender.ts';
import { type Language } from '../content/i18n.ts';
import { Contacts, type ChannelId } from '../domain/contacts.ts';
import { ConferenceSignups } from '../domain/conferences.ts';
import { Leads } from '../domain/leads/model.ts';
import type { Audience } from './model.ts';

/**
 * Who a broadcast reaches. Lead-based criteria (communes, markets) and conference sign-ups are
 * turned into contact ids first; contact-based criteria (channel, language) filter the contacts.
 * Contacts are read in `_id` order in batches, so a large audience never sits in memory at once.
 */
export interface AudienceContact {
  _id: string;
  channel: ChannelId;
  userId: string;
  language: Language;
  lastInboundAt: Date;
  optedOut: boolean;
  unreachable: boolean;
}

const ID_CHUNK = 500;

async function contactIdsFromLeadsAndSignups(conn: Connection, audience: Audience): Promise<Set<string> | null> {
  let ids: Set<string> | null = null;
  if (audience.communes || audience.markets) {
    const filter: Record<string, unknown> = { erasedAt: null };
    if (audience.communes) filter.communeId = { $in: audience.communes };
    if (audience.markets) filter.markets = { $in: audience.markets };
    ids = new Set<string>();
    for await (const lead of Leads(conn).find(filter, { contactIds: 1 }).lean().cursor()) {
      for (const id of lead.contactIds ?? []) ids.add(id);
    }
  }
  if (audience.conferenceId) {
    const signed = new Set<string>();
    for await (const s of ConferenceSignups(conn).find({ conferenceId: audience.conferenceId, status: 'signed_up' }, { contactId: 1 }).lean().cursor()) {
      signed.add(String(s.contactId));
    }
    ids = ids ? new Set([...ids].filter((id) => signed.has(id))) : signed;
  }
  return ids;
}

export async function* audienceBatches(conn: Connection, audience: Audience, batchSize = ID_CHUNK): AsyncGenerator<AudienceContact[]> {
  const base: Record<string, unknown> = {};
  if (audience.channels) base.channel = { $in: audience.channels };
  if (audience.languages) base.language = { $in: audience.languages };
  const ids = await contactIdsFromLeadsAndSignups(conn, audience);
  const filters: Record<string, unknown>[] = [];
  if (ids === null) filters.push(base);
  else {
    const sorted = [...ids].sort();
    for (let i = 0; i < sorted.length; i += ID_CHUNK) filters.push({ ...base, _id: { $in: sorted.slice(i, i + ID_CHUNK) } });
  }
  for (const filter of filters) {
    let batch: AudienceContact[] = [];
    const cursor = Contacts(conn)
      .find(filter, { channel: 1, userId: 1, language: 1, lastInboundAt: 1, optOut: 1, unreachable: 1, erasedAt: 1 })
      .sort({ _id: 1 })
      .lean()
      .cursor({ batchSize });
    for await (const c of cursor) {
      // Erased people are never messaged again (checked here rather than in the query: a missing
      // field and null are matched differently across MongoDB versions and FerretDB).
      if (c.erasedAt) continue;
      batch.push({
        _id: String(c._id),
        channel: c.channel as ChannelId,
        userId: c.userId,
        language: (c.language ?? 'vi') as Language,
        lastInboundAt: c.lastInboundAt,
        optedOut: c.optOut?.broadcasts === true,
        unreachable: Boolean(c.unreachable?.at),
      });
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }
}

export function recipientOf(c: AudienceContact): Recipient {
  return { contactId: c._id, channel: c.channel, userId: c.userId, language: c.language, lastInboundAt: c.lastInboundAt };
}

export interface AudiencePreview {
  /** People the notice will be sent to (opted-out and unreachable people left out). */
  reach: number;
  /** Of those, how many no lawful route reaches right now (outside every messaging window, or channel off). */
  outsideWindowNow: number;
  byChannel: Partial<Record<ChannelId, number>>;
  /** Of those, how many are on a channel that is off in this service (no credentials): included in outsideWindowNow. */
  channelOff: Partial<Record<ChannelId, number>>;
  excluded: { optedOut: number; unreachable: number };
}

export async function previewAudience(conn: Connection, outbound: Outbound, audience: Audience, now: Date): Promise<AudiencePreview> {
  const preview: AudiencePreview = { reach: 0, outsideWindowNow: 0, byChannel: {}, channelOff: {}, excluded: { optedOut: 0, unreachable: 0 } };
  for await (const batch of audienceBatches(conn, audience)) {
    for (const c of batch) {
      if (c.optedOut) preview.excluded.optedOut++;
      else if (c.unreachable) preview.excluded.unreachable++;
      else {
        preview.reach++;
        preview.byChannel[c.channel] = (preview.byChannel[c.channel] ?? 0) + 1;
        const channel = outbound[c.channel];
        if (!channel) preview.channelOff[c.channel] = (preview.channelOff[c.channel] ?? 0) + 1;
        const route = channel ? channel.route(recipientOf(c), 'broadcast', now) : { kind: 'closed' as const };
        if (route.kind === 'closed') preview.outsideWindowNow++;
      }
    }
  }
  return preview;
}
