/**
 * Business rules refuse with a DomainError; they never know about HTTP. `src/http/errors.ts` is the
 * one place that turns a kind into a status code (invalid → 400, not_found → 404, conflict → 409).
 */
export type DomainErrorKind = 'invalid' | 'not_found' | 'conflict';

/** One bad field of an input: `code` is a stable word a client translates (see src/http/errors.ts). */
export interface FieldError {
  path: string;
  message: string;
  code?: string;
}

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    /** Stable machine-readable reason, e.g. 'invalid_transition', 'conflict'. */
    readonly code: string,
    message: string,
    readonly fields?: FieldError[],
  ) {
    super(message);
  }
}

export const notFoundError = (what = 'resource') => new DomainError('not_found', 'not_found', `${what} not found`);
