import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { z } from 'zod';
import { AppError, badRequest } from './errors';
import { requireIdentity, type IdentityKind } from './auth';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteSpec<
  B extends z.ZodType | undefined,
  P extends z.ZodType | undefined,
  Q extends z.ZodType | undefined,
> {
  method: Method;
  /** Express path, e.g. `/orders/:id`. */
  path: string;
  summary: string;
  tags?: string[];
  body?: B;
  params?: P;
  query?: Q;
  /** Headers documented for the route (validated by the handler itself). */
  headers?: { name: string; required?: boolean; description: string }[];
  /** Status code -> description and optional schema of the JSON answer. */
  responses: Record<number, { description: string; schema?: z.ZodType }>;
  /** Who may call; absent means anyone. */
  auth?: IdentityKind[];
}

type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined;

export interface ValidatedInput<B, P, Q> {
  body: B;
  params: P;
  query: Q;
}

function issuesToDetails(error: z.ZodError, where: string) {
  return error.issues.map((issue) => ({
    field: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
}

/** Validates every part of the request and reports all bad fields at once. */
function parseAll(
  parts: [where: string, schema: z.ZodType | undefined, value: unknown][],
): unknown[] {
  const details: { field: string; message: string }[] = [];
  const values = parts.map(([where, schema, value]) => {
    if (!schema) return undefined;
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    details.push(...issuesToDetails(result.error, where));
    return undefined;
  });
  if (details.length) {
    throw badRequest(
      'VALIDATION_FAILED',
      `invalid ${[...new Set(details.map((d) => d.field.split('.')[0]))].join(' and ')}`,
      details,
    );
  }
  return values;
}

const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

/**
 * A router whose routes are declared with zod schemas. The same schemas validate each
 * request (400 `VALIDATION_FAILED` naming every bad field, before the handler runs) and
 * produce the OpenAPI document served at `GET /openapi.json`.
 */
export class ApiRouter {
  readonly router: Router = express.Router();
  private readonly specs: RouteSpec<
    z.ZodType | undefined,
    z.ZodType | undefined,
    z.ZodType | undefined
  >[] = [];

  constructor(private readonly info: { title: string; version: string; description?: string }) {}

  route<
    B extends z.ZodType | undefined = undefined,
    P extends z.ZodType | undefined = undefined,
    Q extends z.ZodType | undefined = undefined,
  >(
    spec: RouteSpec<B, P, Q>,
    handler: (
      req: Request,
      res: Response,
      input: ValidatedInput<Infer<B>, Infer<P>, Infer<Q>>,
    ) => Promise<void> | void,
  ): void {
    this.specs.push(
      spec as RouteSpec<z.ZodType | undefined, z.ZodType | undefined, z.ZodType | undefined>,
    );
    const guards: RequestHandler[] = spec.auth ? [requireIdentity(...spec.auth)] : [];
    this.router[spec.method](spec.path, ...guards, async (req: Request, res: Response) => {
      if (spec.body && !req.is('application/json')) {
        throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'send the body as application/json');
      }
      const [params, query, body] = parseAll([
        ['params', spec.params, req.params],
        ['query', spec.query, req.query],
        ['body', spec.body, req.body],
      ]);
      const input = { body, params, query } as ValidatedInput<Infer<B>, Infer<P>, Infer<Q>>;
      await handler(req, res, input);
    });
  }

  /** The OpenAPI 3.1 document of every declared route. */
  document(): Record<string, unknown> {
    const paths: Record<string, Record<string, unknown>> = {};
    const toJson = (schema: z.ZodType, io: 'input' | 'output') =>
      z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });
    for (const spec of this.specs) {
      const openApiPath = spec.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      const parameters: unknown[] = [];
      for (const [location, schema] of [
        ['path', spec.params],
        ['query', spec.query],
      ] as const) {
        if (!schema) continue;
        const json = toJson(schema, 'input') as {
          properties?: Record<string, unknown>;
          required?: string[];
        };
        for (const [name, propSchema] of Object.entries(json.properties ?? {})) {
          parameters.push({
            name,
            in: location,
            required: location === 'path' || (json.required ?? []).includes(name),
            schema: propSchema,
          });
        }
      }
      for (const header of spec.headers ?? []) {
        parameters.push({
          name: header.name,
          in: 'header',
          required: header.required ?? false,
          description: header.description,
          schema: { type: 'string' },
        });
      }
      const responses: Record<string, unknown> = {};
      for (const [status, response] of Object.entries(spec.responses)) {
        responses[status] = {
          description: response.description,
          ...(response.schema
            ? { content: { 'application/json': { schema: toJson(response.schema, 'output') } } }
            : {}),
        };
      }
      responses.default = {
        description: 'Error',
        content: { 'application/json': { schema: toJson(errorSchema, 'output') } },
      };
      (paths[openApiPath] ??= {})[spec.method] = {
        summary: spec.summary,
        ...(spec.tags ? { tags: spec.tags } : {}),
        ...(parameters.length ? { parameters } : {}),
        ...(spec.body
          ? {
              requestBody: {
                required: true,
                content: { 'application/json': { schema: toJson(spec.body, 'input') } },
              },
            }
          : {}),
        ...(spec.auth ? { security: [{ bearer: [] }], 'x-allowed-callers': spec.auth } : {}),
        responses,
      };
    }
    return {
      openapi: '3.1.0',
      info: this.info,
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
      paths,
    };
  }
}
