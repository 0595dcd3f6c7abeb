import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { apiMessages as t } from '../messages/api.en.js';

/** What a client may hold and send back in If-None-Match. */
export interface Validator {
  etag: string;
  /** ISO instant; sent as Last-Modified. */
  lastModified: string | null;
}

type AnyObject = z.ZodObject<z.ZodRawShape>;

export interface ApiInput<Q extends AnyObject, P extends AnyObject> {
  query: z.output<Q>;
  params: z.output<P>;
  request: FastifyRequest;
}

/**
 * One read-only JSON route: its schemas (which both parse the request and make the OpenAPI
 * document), a cheap `version` read before anything is built, and the `body`.
 */
export interface ApiRoute<Q extends AnyObject = AnyObject, P extends AnyObject = AnyObject, R = unknown> {
  /** Fastify's syntax: /api/v1/articles/:id */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  query: Q;
  params: P;
  response: z.ZodType<R>;
  /** From cheap data (a max(updated_at), a count, one row's updated_at); null when the thing does not exist (404). */
  version(input: ApiInput<Q, P>): Promise<Validator | null>;
  body(input: ApiInput<Q, P>): Promise<R | null>;
}

/** Keeps the types of one route together; `api.get(app, route)` registers it. */
export const apiRoute = <Q extends AnyObject, P extends AnyObject, R>(route: ApiRoute<Q, P, R>) => route;

export const apiErrorSchema = z.strictObject({
  error: z.strictObject({
    status: z.number().int(),
    message: z.string(),
    parameter: z.string().optional().meta({ description: 'The query or path parameter that was refused.' }),
  }),
});

export class ApiParameterError extends Error {
  constructor(
    readonly parameter: string,
    detail: string,
  ) {
    super(t.badParameter(parameter, detail));
  }
}

/** The first issue, as a message naming the parameter it is about. */
function parameterError(error: z.ZodError): ApiParameterError {
  const issue = error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const name = issue.keys[0] ?? '';
    return Object.assign(new ApiParameterError(name, ''), { message: t.unknownParameter(name) });
  }
  return new ApiParameterError(String(issue.path[0] ?? ''), issue.message);
}

function sendError(reply: FastifyReply, status: number, message: string, parameter?: string) {
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .send({ error: { status, message, ...(parameter === undefined ? {} : { parameter }) } });
}

/** If-None-Match against our tag: a list, `*`, weak or strong, all compare weakly (RFC 9110 13.1.2). */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

/**
 * Requests per address in a fixed one-minute window, in this process's memory: the API is read-only and
 * meant to be cheap, so a database write per request (as the sign-in throttles do) would cost more than it
 * guards. With several instances each counts its own; the limit is per instance.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; hits: number }>();
  constructor(
    private readonly perMinute: number,
    private readonly clock: () => number,
  ) {}

  /** Seconds to wait, or 0 when the request may go ahead. */
  hit(address: string): number {
    const now = this.clock();
    let w = this.windows.get(address);
    if (!w || now - w.start >= 60_000) {
      // Old windows go when the map grows, so a scan of many addresses cannot fill memory.
      if (this.windows.size >= 50_000)
        for (const [k, v] of this.windows) if (now - v.start >= 60_000) this.windows.delete(k);
      if (this.windows.size >= 50_000) this.windows.clear();
      w = { start: now, hits: 0 };
      this.windows.set(address, w);
    }
    w.hits++;
    return w.hits > this.perMinute ? Math.max(1, Math.ceil((w.start + 60_000 - now) / 1000)) : 0;
  }
}

/** The API's routes, kept so /api/v1/openapi.json describes exactly what is registered. */
export class JsonApi {
  readonly routes: ApiRoute[] = [];
  private readonly limiter: RateLimiter;

  constructor(opts: { ratePerMinute: number; clock?: () => number }) {
    this.limiter = new RateLimiter(opts.ratePerMinute, opts.clock ?? Date.now);
  }

  /** Counts one request from the address; false (and a 429 sent) when over the limit. */
  admit(request: FastifyRequest, reply: FastifyReply): boolean {
    const wait = this.limiter.hit(request.ip);
    if (!wait) return true;
    void sendError(reply.header('retry-after', String(wait)), 429, t.tooMany);
    return false;
  }

  get<Q extends AnyObject, P extends AnyObject, R>(app: FastifyInstance, route: ApiRoute<Q, P, R>): void {
    this.routes.push(route as unknown as ApiRoute);
    app.get(route.path, async (request, reply) => {
      if (!this.admit(request, reply)) return reply;
      let input: ApiInput<Q, P>;
      try {
        input = { params: parse(route.params, request.params), query: parse(route.query, request.query), request };
      } catch (err) {
        if (err instanceof ApiParameterError) return sendError(reply, 400, err.message, err.parameter);
        throw err;
      }
      const version = await route.version(input).catch(rethrowParameter);
      if (version instanceof ApiParameterError) return sendError(reply, 400, version.message, version.parameter);
      if (!version) return sendError(reply, 404, t.notFound);
      reply.header('etag', version.etag).header('cache-control', 'no-cache');
      if (version.lastModified) reply.header('last-modified', new Date(version.lastModified).toUTCString());
      if (matches(request.headers['if-none-match'], version.etag)) return reply.code(304).send();
      const body = await route.body(input);
      if (body === null) return sendError(reply, 404, t.notFound);
      return reply.send(body);
    });
  }
}

function rethrowParameter(err: unknown): ApiParameterError {
  if (err instanceof ApiParameterError) return err;
  throw err;
}

// Query strings may repeat a key (?tag=a&tag=b); the first value wins, as in /api/v1/search.
function parse<S extends AnyObject>(schema: S, input: unknown): z.output<S> {
  const flat = Object.fromEntries(
    Object.entries((input ?? {}) as Record<string, unknown>).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]),
  );
  const parsed = schema.safeParse(flat);
  if (!parsed.success) throw parameterError(parsed.error);
  return parsed.data;
}
