import type { AdminDeps } from './deps.ts';
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
