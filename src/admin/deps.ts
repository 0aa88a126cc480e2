import type { Content } from '../content/index.ts';
import type { Outbound } from '../outbox/sender.ts';

/** What admin routes need besides `api.ctx`. */
export interface AdminDeps {
  /** The channels' proactive-send side (window checks for broadcast previews). */
  outbound: Outbound;
  /** The validated content (FAQ entries for the review queue); default: read now. */
  content?: Content;
  /** Staff changed the training examples: the bot's understanding should retrain. */
  trainingChanged?: () => void;
  /** A staff reply was queued: send due deliveries now instead of at the next minute's tick. */
  deliverSoon?: () => void;
}
