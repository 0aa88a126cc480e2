import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { parseInput } from '../http/errors.ts';
import type { AppContext } from '../core/context.ts';
import { authenticate, requireRole, type Actor, type Role } from './auth.ts';

/**
 * The staff admin API under /api. Each route is declared once with its zod schemas; the same
 * declaration validates requests (400 naming the fields), enforces the role (401/403) and
 * produces the OpenAPI document at GET /api/openapi.json.
 */
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type AnyObject = z.ZodObject<z.ZodRawShape>;

export interface RouteSpec<P extends AnyObject, Q extends AnyObject, B extends z.ZodType> {
  method: Method;
  /** Express path relative to /api, e.g. '/leads/:id'. */
  path: string;
  summary: string;
  tag: string;
  /** Minimum role; 'staff' routes are open to admins too. */
  role: Role;
  params?: P;
  query?: Q;
  body?: B;
  /** Content type of the body when it is not JSON (e.g. 'text/csv' for a file upload). */
  bodyType?: string;
  /** Schema of a successful JSON answer, for the document. */
  response?: z.ZodType;
  /** Status of a successful answer (default 200). */
  status?: number;
  /** Other content types the route may answer with, e.g. ['text/csv']. */
  produces?: string[];
  /** Error statuses worth documenting besides 400/401/403 (e.g. 404, 409). */
  errors?: number[];
}

export interface RouteInput<P extends AnyObject, Q extends AnyObject, B extends z.ZodType> {
  params: z.infer<P>;
  query: z.infer<Q>;
  body: z.infer<B>;
  actor: Actor;
  req: Request;
  res: Response;
}

const empty = z.object({});

export class AdminApi {
  readonly router: Router = express.Router();
  private readonly specs: RouteSpec<AnyObject, AnyObject, z.ZodType>[] = [];

  constructor(readonly ctx: AppContext) {
    this.router.get('/openapi.json', (_req, res) => {
      res.json(this.openapi());
    });
    this.router.use(express.json({ limit: '256kb' }));
    this.router.use(authenticate(ctx));
  }

  route<P extends AnyObject = typeof empty, Q extends AnyObject = typeof empty, B extends z.ZodType = z.ZodUndefined>(
    spec: RouteSpec<P, Q, B>,
    handler: (input: RouteInput<P, Q, B>) => Promise<unknown>,
  ): void {
    this.specs.push(spec as unknown as RouteSpec<AnyObject, AnyObject, z.ZodType>);
    this.router[spec.method](spec.path, requireRole(spec.role), async (req, res) => {
      const input = {
        params: parseInput(spec.params ?? empty, req.params, 'path'),
        query: parseInput(spec.query ?? empty, req.query, 'query'),
        body: spec.body ? parseInput(spec.body, req.body ?? {}, 'body') : undefined,
        actor: req.actor!,
        req,
        res,
      } as RouteInput<P, Q, B>;
      const result = await handler(input);
      if (res.headersSent) return;
      if (result === undefined) res.status(204).end();
      else res.status(spec.status ?? 200).json(result);
    });
  }

  /** Every declared route (method and OpenAPI path), for checks that the document is complete. */
  routes(): { method: Method; path: string }[] {
    return this.specs.map((s) => ({ method: s.method, path: '/api' + s.path.replace(/:(\w+)/g, '{$1}') }));
  }

  /** OpenAPI 3.1 document generated from the declared routes. */
  openapi() {
    const paths: Record<string, Record<string, unknown>> = {};
    for (const spec of this.specs) {
      const path = '/api' + spec.path.replace(/:(\w+)/g, '{$1}');
      const parameters = [
        ...objectParams(spec.params, 'path'),
        ...objectParams(spec.query, 'query'),
      ];
      const ok: Record<string, unknown> = { description: 'success' };
      if (spec.response || spec.produces) {
        ok.content = {
          ...(spec.response ? { 'application/json': { schema: jsonSchema(spec.response) } } : {}),
          ...Object.fromEntries((spec.produces ?? []).map((t) => [t, { schema: { type: 'string' } }])),
        };
      }
      const responses: Record<string, unknown> = {
        [String(spec.status ?? 200)]: ok,
        400: { $ref: '#/components/responses/BadRequest' },
        401: { $ref: '#/components/responses/Unauthorized' },
        403: { $ref: '#/components/responses/Forbidden' },
      };
      for (const status of spec.errors ?? []) responses[String(status)] = { $ref: '#/components/responses/Error' };
      (paths[path] ??= {})[spec.method] = {
        summary: spec.summary,
        tags: [spec.tag],
        'x-role': spec.role,
        parameters,
        ...(spec.body ? { requestBody: { required: true, content: { [spec.bodyType ?? 'application/json']: { schema: jsonSchema(spec.body) } } } } : {}),
        responses,
      };
    }
    const error = {
      description: 'error',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
    return {
      openapi: '3.1.0',
      info: { title: 'Bắc Sơn labour office chatbot — staff API', version: '1.0.0' },
      servers: [{ url: this.ctx.config.publicBaseUrl }],
      security: [{ bearer: [] }],
      paths,
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
        schemas: {
          Error: {
            type: 'object',
            required: ['error'],
            properties: {
              error: {
                type: 'object',
                required: ['code', 'message'],
                properties: {
                  code: { type: 'string' },
                  message: { type: 'string' },
                  fields: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
                },
              },
            },
          },
        },
        responses: { BadRequest: error, Unauthorized: error, Forbidden: error, Error: error },
      },
    };
  }
}

function jsonSchema(schema: z.ZodType): unknown {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

function objectParams(schema: AnyObject | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  const json = jsonSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: s,
  }));
}
