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
  if (err instanceof HttpError || err instanceof DomainError) {
    status = err instanceof HttpError ? err.status : statusOfKind[err.kind];
    body = { code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) };
  } else if (parserError?.type === 'entity.too.large') {
    status = 413;
    body = { code: 'payload_too_large', message: 'request body is too large' };
  } else if (parserError?.type === 'entity.parse.failed' || parserError?.type === 'encoding.unsupported' || parserError?.type === 'charset.unsupported') {
    status = 400;
    body = { code: 'invalid_body', message: 'request body could not be parsed' };
  } else if (isDatabaseUnavailable(err)) {
    status = 503;
    body = { code: 'unavailable', message: 'database unavailable, try again shortly' };
    res.setHeader('Retry-After', '5');
  } else {
    body = { code: 'internal', message: 'internal error' };
  }
  if (status >= 500) req.log?.error({ err }, 'request failed');
  if (res.headersSent) return;
  res.status(status).json({ error: body });
};
