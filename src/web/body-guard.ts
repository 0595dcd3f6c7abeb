import type { FastifyInstance } from 'fastify';
import { badRequest } from '../errors.js';
import { messages as m } from '../messages/vi.js';

/** True when a string in a form-shaped value (fields, arrays of fields, one level of nesting) holds U+0000. */
function hasNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 2 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((v) => hasNul(v, depth + 1));
  // Only plain objects (Fastify's params and form bodies have a null-prototype prototype): not buffers or streams.
  const proto = Object.getPrototypeOf(value) as object | null;
  if (proto !== null && Object.getPrototypeOf(proto) !== null) return false;
  return Object.values(value).some((v) => hasNul(v, depth + 1));
}

/**
 * What every route may assume of its input: a POST with no body (or JSON null or a scalar) is an empty
 * form, not a TypeError; and no path parameter or field holds U+0000, which PostgreSQL refuses to
 * store (a 500 there) and SQLite would keep. The query string is left alone: search drops controls itself.
 */
export function registerBodyGuard(app: FastifyInstance): void {
  app.addHook('preValidation', (request, _reply, done) => {
    if (
      request.method !== 'GET' &&
      request.method !== 'HEAD' &&
      (request.body === null || typeof request.body !== 'object')
    )
      request.body = {};
    if (hasNul(request.params) || hasNul(request.body)) return done(badRequest(m.requestErrors.nulCharacter));
    done();
  });
}
