import type { Outbound } from '../channels/outbound.ts';
import type { Content } from '../content/index.ts';
import type { AdminApi } from './api.ts';
import { registerAuditRoutes } from './audit-routes.ts';
import { registerCompanyRoutes } from './companies-routes.ts';
import { registerConferenceRoutes } from './conferences-routes.ts';
import { registerContactRoutes } from './contacts-routes.ts';
import { registerConversationRoutes } from './conversations-routes.ts';
import { registerDeliveryRoutes } from './deliveries-routes.ts';
import { registerHandoffRoutes } from './handoffs-routes.ts';
import { registerPlacementRoutes } from './placements-routes.ts';
import { registerReviewRoutes } from './review-routes.ts';
import { registerLabelRoutes } from './labels-routes.ts';
import { registerLeadRoutes } from './leads-routes.ts';
import { registerLeadOverviewRoutes } from './lead-overview-routes.ts';
import { registerBroadcastRoutes } from './broadcasts-routes.ts';
import { registerStatsRoutes } from './stats-routes.ts';
import { registerTokenRoutes } from './tokens-routes.ts';

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

/**
 * Every admin API resource, registered in one place. Each area adds its own
 * `register…Routes(api, deps)` line here.
 */
export function registerAdminRoutes(api: AdminApi, deps: AdminDeps): void {
  registerTokenRoutes(api);
  registerAuditRoutes(api);
  registerLeadRoutes(api, deps);
  registerLabelRoutes(api, deps);
  registerLeadOverviewRoutes(api, deps);
  registerContactRoutes(api);
  registerBroadcastRoutes(api, deps);
  registerStatsRoutes(api, deps);
  registerConferenceRoutes(api);
  registerPlacementRoutes(api);
  registerDeliveryRoutes(api);
  registerHandoffRoutes(api);
  registerConversationRoutes(api, deps);
  registerReviewRoutes(api, deps);
  registerCompanyRoutes(api);
}
