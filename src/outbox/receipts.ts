import { Schema, type Connection } from 'mongoose';
import { defineModel } from '../db/define.ts';
import { duplicatePositions } from '../db/errors.ts';
import type { ChannelId } from '../domain/contacts.ts';

/**
 * Send receipts: the platform's own word that a tagged bot message went out.
 *
 * A message is claimed right before its platform call (an inbox reply in channels/inbox/worker.ts, a
 * delivery's attempt in worker.ts here), so it is never sent twice. A copy killed between the claim
 * and the call leaves a claim for a message nobody sent. Where the platform echoes a tag back
 * (Messenger's Send API `metadata`, returned in `message_echoes`), message k of a claimed send is
 * tagged `<claim id>/<k>` and every echo is stored here before the webhook answers. The copy that
 * takes over then sends only what has no receipt. Without receipts (Zalo has no tag, templates
 * carry none, a Page not subscribed to echoes) such a claim stays "sent at most once".
 */
const sentReceiptSchema = new Schema(
  {
    /** `<claim id>/<message index>`. */
    _id: { type: String, required: true },
    channel: { type: String, required: true },
  },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);

export const SentReceipts = defineModel('SentReceipt', sentReceiptSchema);

/** Messages one reply may render to that a recovery looks up (a long text is split, images follow). */
const MAX_PARTS = 10;
const METADATA_PREFIX = 'bot-send:';
/** Messenger's limit on `metadata`. */
const METADATA_LIMIT = 1000;

/** The tag of message `k` of a reply, as the platform will echo it; null when it would not fit. */
export function tagMetadata(deliveryId: string, k: number): string | null {
  const metadata = `${METADATA_PREFIX}${deliveryId}/${k}`;
  return metadata.length <= METADATA_LIMIT ? metadata : null;
}

/** The receipt key in an echoed tag, or null for an echo that is not one of our replies. */
export function receiptOfMetadata(metadata: string | undefined | null): string | null {
  if (!metadata?.startsWith(METADATA_PREFIX)) return null;
  const key = metadata.slice(METADATA_PREFIX.length);
  return /\/\d+$/.test(key) ? key : null;
}

/** Stores echoed tags (one unordered insert; a repeated echo is a duplicate and harmless). */
export async function storeReceipts(conn: Connection, channel: ChannelId, keys: readonly string[]): Promise<void> {
  const unique = [...new Set(keys)];
  if (unique.length === 0) return;
  const now = new Date();
  await SentReceipts(conn)
    .collection.insertMany(unique.map((key) => ({ _id: key, channel, createdAt: now })) as never[], { ordered: false })
    .catch(duplicatePositions);
}

/** Whether this channel's echoes reach us at all (any receipt kept): without them nothing can be confirmed. */
export async function receiptsArrive(conn: Connection, channel: ChannelId): Promise<boolean> {
  return (await SentReceipts(conn).exists({ channel })) !== null;
}

/** The indexes of a reply's messages the platform confirmed. */
export async function confirmedParts(conn: Connection, deliveryId: string): Promise<Set<number>> {
  const keys = Array.from({ length: MAX_PARTS }, (_, k) => `${deliveryId}/${k}`);
  const found = await SentReceipts(conn).find({ _id: { $in: keys } }, { _id: 1 }).lean();
  return new Set(found.map((r) => Number(r._id.slice(deliveryId.length + 1))));
}

/** Forgets receipts older than the inbox keeps its events. */
export async function purgeReceipts(conn: Connection, before: Date): Promise<void> {
  await SentReceipts(conn).deleteMany({ createdAt: { $lt: before } });
}
