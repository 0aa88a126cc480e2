import type { Feature, AppContext } from '../service.ts';
import { AdminApi } from './api.ts';
import { registerAdminRoutes } from './routes.ts';

/** Mounts the staff admin API at /api. */
export function createAdminFeature(ctx: AppContext): Feature & { api: AdminApi } {
  const api = new AdminApi(ctx);
  registerAdminRoutes(api);
  return {
    name: 'admin-api',
    api,
    mount(app) {
      app.use('/api', api.router);
    },
  };
}
