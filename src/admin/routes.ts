import type { AdminApi } from './api.ts';
import { registerAuditRoutes } from './audit-routes.ts';
import { registerTokenRoutes } from './tokens-routes.ts';

/**
 * Every admin API resource, registered in one place. Each area adds its own
 * `register…Routes(api, deps)` line here.
 */
export function registerAdminRoutes(api: AdminApi): void {
  registerTokenRoutes(api);
  registerAuditRoutes(api);
}
