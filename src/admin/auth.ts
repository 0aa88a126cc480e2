import { createHash, randomBytes } from 'node:crypto';
import type { RequestHandler } from 'express';
import { Schema } from 'mongoose';
import { z } from 'zod';
import { HttpError } from '../http/errors.ts';
import { bearerToken, sameSecret } from '../http/same-secret.ts';
import type { AppContext } from '../core/context.ts';
import { defineModel } from '../db/define.ts';

/**
 * Bearer-token authentication for the staff API and console. The bootstrap ADMIN_TOKEN is an admin;
 * further tokens are created by admins, shown once, and stored only as a SHA-256 hash.
 */
export const roleSchema = z.enum(['staff', 'admin']);
export type Role = z.infer<typeof roleSchema>;

export interface Actor {
  /** Token id (or 'bootstrap'), recorded in the audit log. */
  id: string;
  name: string;
  role: Role;
}

declare module 'express-serve-static-core' {
  interface Request {
    actor?: Actor;
  }
}

const tokenSchema = new Schema(
  {
    _id: { type: String, required: true }, // sha256 of the secret
    name: { type: String, required: true, unique: true },
    role: { type: String, enum: roleSchema.options, required: true },
    createdBy: { type: String, required: true },
    revokedAt: { type: Date },
    /** After this the token is refused; tokens from before expiry existed run TOKEN_DAYS from creation. */
    expiresAt: { type: Date },
    /** Written on use (at most once a minute), so admins see tokens nobody uses any more. */
    lastUsedAt: { type: Date },
  },
  { timestamps: true, versionKey: false },
);
export const ApiTokens = defineModel('ApiToken', tokenSchema);

const failureSchema = new Schema({ ip: { type: String, required: true }, at: { type: Date, required: true } }, { versionKey: false });
failureSchema.index({ ip: 1, at: 1 });
const AuthFailures = defineModel('AuthFailure', failureSchema);

/** A staff token's life when its creator names none; at most a year. */
export const TOKEN_DAYS = 90;
export const MAX_TOKEN_DAYS = 365;
const DAY_MS = 24 * 60 * 60 * 1000;
const LAST_USED_RESOLUTION_MS = 60_000;

/** When a token stops working (tokens stored before expiry existed: TOKEN_DAYS after creation). */
export function tokenExpiry(token: { expiresAt?: Date | null; createdAt?: Date | null }): Date {
  return token.expiresAt ?? new Date((token.createdAt ?? new Date(0)).getTime() + TOKEN_DAYS * DAY_MS);
}

export const hashToken = (secret: string) => createHash('sha256').update(secret).digest('hex');
export const newTokenSecret = () => `bsk_${randomBytes(24).toString('base64url')}`;

/** Failed logins per client address allowed in the window before answering 429. */
export const FAILED_LOGIN_LIMIT = 10;
const FAILED_LOGIN_WINDOW_MS = 10 * 60_000;

export function authenticate(ctx: AppContext): RequestHandler {
  return async (req, _res, next) => {
    if (!ctx.config.adminToken) {
      throw new HttpError(401, 'admin_disabled', 'the admin API is disabled: ADMIN_TOKEN is not set');
    }
    const ip = req.ip ?? 'unknown';
    const now = ctx.clock.now();
    const header = req.get('authorization') ?? '';
    const secret = bearerToken(header);
    // A valid token is never refused: someone guessing from the same address (or behind the same
    // office NAT) must not lock staff out. Only wrong guesses are counted and slowed down.
    const actor = secret ? await resolveActor(ctx, secret) : undefined;
    if (!actor) {
      const failures = AuthFailures(ctx.conn);
      const since = new Date(now.getTime() - FAILED_LOGIN_WINDOW_MS);
      if ((await failures.countDocuments({ ip, at: { $gt: since } })) >= FAILED_LOGIN_LIMIT) {
        throw new HttpError(429, 'too_many_attempts', 'too many failed logins; try again in a few minutes');
      }
      if (secret) {
        await failures.create({ ip, at: now });
        await failures.deleteMany({ at: { $lt: new Date(now.getTime() - 6 * FAILED_LOGIN_WINDOW_MS) } });
      }
      throw new HttpError(401, 'unauthorized', secret ? 'invalid, expired or revoked token' : 'missing bearer token');
    }
    req.actor = actor;
    next();
  };
}

async function resolveActor(ctx: AppContext, secret: string): Promise<Actor | undefined> {
  if (sameSecret(secret, ctx.config.adminToken!)) return { id: 'bootstrap', name: 'bootstrap admin', role: 'admin' };
  const token = await ApiTokens(ctx.conn).findById(hashToken(secret)).lean();
  if (!token || token.revokedAt) return undefined;
  const now = ctx.clock.now();
  if (tokenExpiry(token) <= now) return undefined;
  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    await ApiTokens(ctx.conn).updateOne({ _id: token._id }, { $set: { lastUsedAt: now } }, { timestamps: false });
  }
  return { id: token._id.slice(0, 12), name: token.name, role: token.role as Role };
}

/** Lets through only actors whose role is allowed; 403 otherwise. */
export function requireRole(role: Role): RequestHandler {
  return (req, _res, next) => {
    if (role === 'admin' && req.actor?.role !== 'admin') {
      throw new HttpError(403, 'forbidden', 'this action needs an admin token');
    }
    next();
  };
}
