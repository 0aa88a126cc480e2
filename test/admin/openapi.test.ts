import { beforeAll, describe, expect, it } from 'vitest';
import { AdminApi } from '../../src/admin/api.ts';
import { registerAdminRoutes } from '../../src/admin/routes.ts';
import { openTestDb } from '../helpers/db.ts';
import { startTestService, type TestService } from '../helpers/service.ts';

type Doc = {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, { responses: Record<string, unknown>; parameters: { name: string; in: string }[] }>>;
  components: Record<string, Record<string, unknown>>;
};

/** Every `$ref` in the document, with where it was found. */
function refs(node: unknown, at = '#'): { ref: string; at: string }[] {
  if (Array.isArray(node)) return node.flatMap((n, i) => refs(n, `${at}/${i}`));
  if (node && typeof node === 'object') {
    return Object.entries(node).flatMap(([k, v]) => (k === '$ref' && typeof v === 'string' ? [{ ref: v, at }] : refs(v, `${at}/${k}`)));
  }
  return [];
}

function resolve(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), doc);
}

describe('GET /api/openapi.json', () => {
  let svc: TestService;
  let doc: Doc;
  beforeAll(async () => {
    svc = await startTestService(await openTestDb());
    const res = await fetch(`${svc.base}/api/openapi.json`);
    expect(res.status).toBe(200);
    doc = (await res.json()) as Doc;
  });

  it('is an OpenAPI 3.1 document listing every registered route', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info.title).toBeTruthy();
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`));
    const declared = apiRoutes(svc).map((r) => `${r.method} ${r.path}`);
    expect(declared.length).toBeGreaterThan(10);
    expect(documented.sort()).toEqual([...new Set(declared)].sort());
    for (const path of ['/api/broadcasts', '/api/broadcasts/preview', '/api/broadcasts/{id}', '/api/broadcasts/{id}/cancel', '/api/stats', '/api/stats/report', '/api/tokens', '/api/audit']) {
      expect(doc.paths, path).toHaveProperty([path]);
    }
  });

  it('has path parameters for every {placeholder}, 401 and 400 answers on every operation, and only $refs that resolve', () => {
    for (const [path, ops] of Object.entries(doc.paths)) {
      const placeholders = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const [method, op] of Object.entries(ops)) {
        const inPath = op.parameters.filter((p) => p.in === 'path').map((p) => p.name);
        expect(inPath.sort(), `${method} ${path}`).toEqual([...placeholders].sort());
        expect(Object.keys(op.responses), `${method} ${path}`).toEqual(expect.arrayContaining(['400', '401']));
      }
    }
    const all = refs(doc);
    expect(all.length).toBeGreaterThan(0);
    for (const { ref, at } of all) expect(resolve(doc, ref), `${ref} at ${at}`).toBeDefined();
  });
});

/** The routes as declared by the same registration the service uses. */
function apiRoutes(svc: TestService): { method: string; path: string }[] {
  const api = new AdminApi(svc.service.ctx);
  registerAdminRoutes(api, { outbound: {} });
  return api.routes();
}
