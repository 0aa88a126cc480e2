import { beforeAll, describe, expect, it } from 'vitest';
import { FAILED_LOGIN_LIMIT } from '../../src/admin/auth.ts';
import { openTestDb, testDbName } from '../helpers/db.ts';
import { api, startTestService, TEST_ADMIN_TOKEN, type TestService } from '../helpers/service.ts';
import { testClock } from '../helpers/console-fixtures.ts';

describe('admin API authentication, roles and tokens', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService(await openTestDb());
  });

  it('answers 401 without a token and with a wrong one', async () => {
    const none = await fetch(`${svc.base}/api/tokens`);
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ error: { code: 'unauthorized' } });
    expect((await api(svc.base, 'GET', '/api/tokens', undefined, 'wrong-token')).status).toBe(401);
  });

  it('lets an admin create a staff token that works, may not manage tokens, and stops working once revoked', async () => {
    const created = await api(svc.base, 'POST', '/api/tokens', { name: 'Commune officer Vũ Lăng', role: 'staff' });
    expect(created.status).toBe(201);
    const secret = created.json.token as string;
    expect(secret).toMatch(/^bsk_/);

    expect((await api(svc.base, 'GET', '/api/audit', undefined, secret)).status).toBe(200);
    expect((await api(svc.base, 'GET', '/api/tokens', undefined, secret)).status).toBe(403);

    const listed = await api(svc.base, 'GET', '/api/tokens');
    expect(JSON.stringify(listed.json)).not.toContain(secret);

    expect((await api(svc.base, 'DELETE', `/api/tokens/${created.json.id as string}`)).status).toBe(204);
    expect((await api(svc.base, 'GET', '/api/audit', undefined, secret)).status).toBe(401);

    const audit = await api(svc.base, 'GET', '/api/audit?action=token.revoke');
    expect((audit.json.items as unknown[]).length).toBe(1);
  });

  it('answers 400 naming the field for a bad body, 409 for a duplicate name, 404 for an unknown id', async () => {
    const bad = await api(svc.base, 'POST', '/api/tokens', { name: '', role: 'king' });
    expect(bad.status).toBe(400);
    expect(bad.json.error!.fields!.map((f) => f.path).sort()).toEqual(['name', 'role']);
    await api(svc.base, 'POST', '/api/tokens', { name: 'dup', role: 'staff' });
    expect((await api(svc.base, 'POST', '/api/tokens', { name: 'dup', role: 'admin' })).status).toBe(409);
    expect((await api(svc.base, 'DELETE', '/api/tokens/0123456789ab')).status).toBe(404);
    const malformed = await fetch(`${svc.base}/api/tokens`, {
      method: 'POST',
      headers: { authorization: 'Bearer test-admin-token-0123456789', 'content-type': 'application/json' },
      body: '{"name": ',
    });
    expect(malformed.status).toBe(400);
  });

  it('serves an OpenAPI document listing the routes', async () => {
    const res = await fetch(`${svc.base}/api/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/tokens', '/api/tokens/{id}', '/api/audit']));
    expect(Object.keys(doc.paths['/api/tokens']!)).toEqual(['get', 'post']);
  });

  it('rate-limits failed logins from one address, whatever X-Forwarded-For says, and never refuses a valid token', async () => {
    for (let i = 0; i < FAILED_LOGIN_LIMIT; i++) {
      // A fresh forged client address each time: not believed without TRUST_PROXY.
      await fetch(`${svc.base}/api/audit`, { headers: { authorization: `Bearer bad-guess-${i}-0123456789`, 'x-forwarded-for': `203.0.113.${i}` } });
    }
    const guessing = await fetch(`${svc.base}/api/audit`, { headers: { authorization: 'Bearer one-more-guess-0123456789', 'x-forwarded-for': '198.51.100.7' } });
    expect(guessing.status).toBe(429);
    const staff = await api(svc.base, 'GET', '/api/audit');
    expect(staff.status).toBe(200);
  });

  it('marks staff API answers as never to be cached or sniffed', async () => {
    const res = await api(svc.base, 'GET', '/api/audit');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('behind a configured reverse proxy (TRUST_PROXY=loopback)', () => {
  it('counts failures per forwarded client address', async () => {
    const svc = await startTestService(await openTestDb(), { env: { TRUST_PROXY: 'loopback' } });
    for (let i = 0; i < FAILED_LOGIN_LIMIT; i++) {
      await fetch(`${svc.base}/api/audit`, { headers: { authorization: `Bearer bad-guess-${i}-0123456789`, 'x-forwarded-for': '203.0.113.9' } });
    }
    const sameClient = await fetch(`${svc.base}/api/audit`, { headers: { authorization: 'Bearer again-0123456789', 'x-forwarded-for': '203.0.113.9' } });
    expect(sameClient.status).toBe(429);
    const otherClient = await fetch(`${svc.base}/api/audit`, { headers: { authorization: 'Bearer again-0123456789', 'x-forwarded-for': '203.0.113.10' } });
    expect(otherClient.status).toBe(401);
  });
});

describe('admin API without ADMIN_TOKEN', () => {
  it('refuses every call', async () => {
    const svc = await startTestService(await openTestDb(), { env: { ADMIN_TOKEN: '' } });
    const res = await fetch(`${svc.base}/api/audit`, { headers: { authorization: 'Bearer anything-at-all-here' } });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'admin_disabled' } });
  });
});

describe('staff token lifetime', () => {
  it('a token works until its expiry, records when it was last used, and is refused after', async () => {
    const clock = testClock('2026-11-20T03:00:00Z');
    const svc = await startTestService(await openTestDb(testDbName('_lifetime')), { clock });
    expect((await api(svc.base, 'POST', '/api/tokens', { name: 'too long', role: 'staff', expiresInDays: 400 })).status).toBe(400);
    const created = await api(svc.base, 'POST', '/api/tokens', { name: 'short visit', role: 'staff', expiresInDays: 7 });
    expect(created.json).toMatchObject({ expiresAt: '2026-11-27T03:00:00.000Z', lastUsedAt: null });
    const secret = created.json.token as string;

    clock.set('2026-11-26T09:00:00Z');
    expect((await api(svc.base, 'GET', '/api/audit', undefined, secret)).status).toBe(200);
    const listed = await api(svc.base, 'GET', '/api/tokens');
    expect((listed.json as unknown as { name: string; lastUsedAt: string }[]).find((t) => t.name === 'short visit')?.lastUsedAt).toBe('2026-11-26T09:00:00.000Z');

    clock.set('2026-11-27T03:00:01Z');
    const late = await api(svc.base, 'GET', '/api/audit', undefined, secret);
    expect(late.status).toBe(401);
    expect(late.text).toContain('expired');
  });
});

describe('/metrics', () => {
  it('is open without METRICS_TOKEN and answers only its bearer token when set', async () => {
    const open = await startTestService(await openTestDb(testDbName('_metrics_open')));
    expect((await fetch(`${open.base}/metrics`)).status).toBe(200);
    const token = 'metrics-scrape-token-0123';
    const svc = await startTestService(await openTestDb(testDbName('_metrics')), { env: { METRICS_TOKEN: token } });
    expect((await fetch(`${svc.base}/metrics`)).status).toBe(401);
    expect((await fetch(`${svc.base}/metrics`, { headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } })).status).toBe(401);
    const scraped = await fetch(`${svc.base}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toContain('http_requests_total');
  });
});
