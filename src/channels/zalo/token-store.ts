import { Schema } from 'mongoose';
import { defineModel } from '../../db/define.ts';

/**
 * Zalo OA tokens. The refresh token is single-use, so every refresh writes a new numbered version
 * (insert, never update); the current token is the highest version of the chain. A chain starts
 * from the tokens in the environment, so re-authorising (new ZALO_REFRESH_TOKEN) starts a new chain.
 * Secrets: never logged.
 */
const tokenVersionSchema = new Schema(
  {
    _id: { type: String, required: true }, // `${chain}:${version}`
    chain: { type: String, required: true },
    version: { type: Number, required: true },
    accessToken: { type: String, required: true },
    refreshToken: { type: String, required: true },
    /** Unknown for the tokens taken from the environment. */
    expiresAt: { type: Date },
  },
  { timestamps: true, versionKey: false },
);
tokenVersionSchema.index({ chain: 1, version: -1 });

export const ZaloTokenVersions = defineModel('ZaloTokenVersion', tokenVersionSchema);

/** "I am refreshing version N" (`${chain}:${N}`): only its inserter spends version N's refresh token. */
const refreshClaimSchema = new Schema(
  {
    _id: { type: String, required: true },
    owner: { type: String, required: true },
    at: { type: Number, required: true },
  },
  { versionKey: false },
);

export const ZaloRefreshClaims = defineModel('ZaloRefreshClaim', refreshClaimSchema);
