import { z } from 'zod';
import { apiErrorSchema, type ApiRoute } from './api.js';

type JsonSchema = Record<string, unknown>;

/** A zod schema as the JSON Schema 2020-12 that OpenAPI 3.1 embeds, without the $schema line. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io,
    target: 'draft-2020-12',
    unrepresentable: 'any',
  }) as JsonSchema;
  return rest;
}

/** Each field of a query or path schema as an OpenAPI parameter; its description moves up to the parameter. */
function parameters(schema: z.ZodObject<z.ZodRawShape>, where: 'query' | 'path') {
  return Object.entries(schema.shape).map(([name, field]) => {
    const { description, ...fieldSchema } = jsonSchema(field as z.ZodType, 'input');
    return {
      name,
      in: where,
      required: where === 'path' || !(field as z.ZodType).safeParse(undefined).success,
      ...(description ? { description } : {}),
      schema: fieldSchema,
    };
  });
}

const json = (schema: JsonSchema, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** OpenAPI 3.1, built from the same zod schemas that parse each request: it cannot drift from the routes. */
export function openApiDocument(
  routes: readonly ApiRoute[],
  info: { title: string; version: string; description: string; serverUrl: string },
) {
  const error = jsonSchema(apiErrorSchema, 'output');
  const paths: Record<string, unknown> = {};
  for (const route of routes) {
    const path = route.path.replace(/:([A-Za-z]+)/g, '{$1}');
    paths[path] = {
      get: {
        operationId: route.operationId,
        summary: route.summary,
        ...(route.description ? { description: route.description } : {}),
        parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query')],
        responses: {
          '200': {
            ...json(jsonSchema(route.response, 'output'), 'OK'),
            headers: {
              ETag: {
                description: 'Send it back in If-None-Match to get 304 while nothing changed.',
                schema: { type: 'string' },
              },
              'Last-Modified': { schema: { type: 'string' } },
            },
          },
          '304': { description: 'Not modified since the ETag in If-None-Match.' },
          '400': json(error, 'A parameter was refused; `error.parameter` names it.'),
          '404': json(error, 'Not found.'),
          '429': json(error, 'Too many requests from this address; see Retry-After.'),
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: info.title, version: info.version, description: info.description },
    servers: [{ url: info.serverUrl }],
    paths,
  };
}
