import { z } from 'zod';
import { isDuplicateKeyError } from '../db/errors.ts';
import { HttpError, notFound } from '../http/errors.ts';
import type { AdminApi } from './api.ts';
import { recordAudit } from './audit.ts';
import { ApiTokens, hashToken, MAX_TOKEN_DAYS, newTokenSecret, roleSchema, TOKEN_DAYS, tokenExpiry } from './auth.ts';

const tokenView = z.object({
  id: z.string(),
  name: z.string(),
  role: roleSchema,
  createdBy: z.string(),
  createdAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().nullable(),
  expiresAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
});

type TokenDoc = { _id: string; name: string; role: string; createdBy: string; createdAt?: Date; revokedAt?: Date | null; expiresAt?: Date | null; lastUsedAt?: Date | null };
const view = (t: TokenDoc): z.infer<typeof tokenView> => ({
  id: t._id.slice(0, 12),
  name: t.name,
  role: roleSchema.parse(t.role),
  createdBy: t.createdBy,
  createdAt: (t.createdAt ?? new Date(0)).toISOString(),
  revokedAt: t.revokedAt ? t.revokedAt.toISOString() : null,
  expiresAt: tokenExpiry(t).toISOString(),
  lastUsedAt: t.lastUsedAt ? t.lastUsedAt.toISOString() : null,
});

/** Tokens are for admins only: staff can do everything else. */
export function registerTokenRoutes(api: AdminApi): void {
  const { conn, clock } = api.ctx;

  api.route(
    { method: 'get', path: '/tokens', summary: 'List API tokens (never their secrets)', tag: 'tokens', role: 'admin', response: z.array(tokenView) },
    async () => (await ApiTokens(conn).find().sort({ createdAt: -1 }).lean()).map(view),
  );

  api.route(
    {
      method: 'post',
      path: '/tokens',
      summary: 'Create a token; its secret is shown only in this answer',
      tag: 'tokens',
      role: 'admin',
      body: z.object({
        name: z.string().trim().min(1).max(80),
        role: roleSchema,
        expiresInDays: z.number().int().min(1).max(MAX_TOKEN_DAYS).default(TOKEN_DAYS).describe('days the token works; default 90'),
      }),
      response: tokenView.extend({ token: z.string() }),
      status: 201,
      errors: [409],
    },
    async ({ body, actor }) => {
      const secret = newTokenSecret();
      try {
        const now = clock.now();
        const expiresAt = new Date(now.getTime() + body.expiresInDays * 24 * 60 * 60 * 1000);
        const doc = await ApiTokens(conn).create({ _id: hashToken(secret), name: body.name, role: body.role, createdBy: actor.name, expiresAt });
        await recordAudit(conn, actor, now, { action: 'token.create', target: `token:${doc._id.slice(0, 12)}`, after: { name: body.name, role: body.role, expiresAt } });
        return { ...view(doc.toObject()), token: secret };
      } catch (err) {
        if (isDuplicateKeyError(err)) throw new HttpError(409, 'conflict', `a token named "${body.name}" already exists`);
        throw err;
      }
    },
  );

  api.route(
    {
      method: 'delete',
      path: '/tokens/:id',
      summary: 'Revoke a token',
      tag: 'tokens',
      role: 'admin',
      params: z.object({ id: z.string().regex(/^[0-9a-f]{12}$/, 'must be a 12-character token id') }),
      errors: [404],
    },
    async ({ params, actor }) => {
      const token = await ApiTokens(conn).findOne({ _id: { $regex: `^${params.id}` } }).lean();
      if (!token) throw notFound('token');
      if (!token.revokedAt) {
        await ApiTokens(conn).updateOne({ _id: token._id }, { $set: { revokedAt: clock.now() } });
        await recordAudit(conn, actor, clock.now(), { action: 'token.revoke', target: `token:${params.id}` });
      }
      return undefined;
    },
  );
}
