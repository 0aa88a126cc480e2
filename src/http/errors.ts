import type { ErrorRequestHandler, RequestHandler } from 'express';
import { z } from 'zod';
import { DomainError, type DomainErrorKind, type FieldError } from '../core/errors.ts';
import { isDatabaseUnavailable } from '../db/errors.ts';

/**
 * Every error answer has one shape:
 *   { "error": { "code": "invalid_request", "message": "...", "fields": [{ "path": "phone", "message": "...", "code": "required" }] } }
 * A field's `code` is one of: required, too_short, too_long, too_small, too_big, invalid_format,
 * invalid_choice, in_past, not_found, required_for_departed, unknown_commune, invalid.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: FieldError[],
  ) {
    super(message);
  }
}

export const notFound = (what = 'resource') => new HttpError(404, 'not_found', `${what} not found`);

/** The database could not take the request: 503, and the error handler asks to retry (Retry-After). */
export const databaseUnavailable = () => new HttpError(503, 'unavailable', 'database unavailable, try again shortly');

export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message, code: fieldErrorCode(i) }));
}

function fieldErrorCode(issue: z.core.$ZodIssue): string {
  const origin = 'origin' in issue ? issue.origin : undefined;
  const text = origin === 'string' || origin === 'array';
  switch (issue.code) {
    case 'invalid_type':
      return /received undefined/.test(issue.message) ? 'required' : 'invalid';
    case 'too_small':
      return text && Number(issue.minimum) <= 1 ? 'required' : text ? 'too_short' : 'too_small';
    case 'too_big':
      return text ? 'too_long' : 'too_big';
    case 'invalid_format':
      return 'invalid_format';
    case 'invalid_value':
      return 'invalid_choice';
    default:
      return 'invalid';
  }
}

/** Parses request input with zod; a failure becomes a 400 naming each bad field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where = 'request'): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const fields = fieldErrors(parsed.error);
    throw new HttpError(400, 'invalid_request', `invalid ${where}: ${fields.map((f) => `${f.path}: ${f.message}`).join('; ')}`, fields);
  }
  return parsed.data;
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, 'not_found', `no route for ${req.method} ${req.path}`));
};

/** The one mapping of business refusals to HTTP. */
const statusOfKind: Record<DomainErrorKind, number> = { invalid: 400, not_found: 404, conflict: 409 };

interface BodyParserError {
  type?: string;
  status?: number;
}

export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  let status = 500;
  let body: { code: string; message: string; fields?: FieldError[] };
  const parserError = err as BodyParserError;
  const known = isDatabaseUnavailable(err) ? databaseUnavailable() : err;
  if (known instanceof HttpError || known instanceof DomainError) {
    status = known instanceof HttpError ? known.status : statusOfKind[known.kind];
    body = { code: known.code, message: known.message, ...(known.fields ? { fields: known.fields } : {}) };
  } else if (parserError?.type === 'entity.too.large') {
    status = 413;
    body = { code: 'payload_too_large', message: 'request body is too large' };
  } else if (parserError?.type === 'entity.parse.failed' || parserError?.type === 'encoding.unsupported' || parserError?.type === 'charset.unsupported') {
    status = 400;
    body = { code: 'invalid_body', message: 'request body could not be parsed' };
  } else {
    body = { code: 'internal', message: 'internal error' };
  }
  if (status >= 500) req.log?.error({ err }, 'request failed');
  if (res.headersSent) return;
  // Every 503 is "try again shortly": platforms and browsers retry sooner with a hint.
  if (status === 503) res.setHeader('Retry-After', '5');
  res.status(status).json({ error: body });
};
