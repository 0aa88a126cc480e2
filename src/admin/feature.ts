import type { Feature, AppContext } from '../core/context.ts';
import { AdminApi } from './api.ts';
import { mountConsole } from './console.ts';
import { type AdminDeps } from './deps.ts';
import { registerAdminRoutes } from './routes.ts';

/** The staff side: the admin API at /api and the web console at /admin. */
export function createAdminFeature(ctx: AppContext, deps: Partial<AdminDeps> = {}): Feature & { api: AdminApi } {
  const api = new AdminApi(ctx);
  registerAdminRoutes(api, { ...deps, outbound: deps.outbound ?? {} });
  return {
    name: 'admin-api',
    api,
    mount(app) {
      mountConsole(app);
      app.use('/api', api.router);
    },
  };
}
