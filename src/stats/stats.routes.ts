import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseOr400, tooManyRequests } from '../errors.js';
import { messages } from '../messages/vi.js';
import { RATE_LIMIT, type VisitorStats } from './visitor-stats.js';

const m = messages.stats;

/** Only an article id, or nothing: any other field is a client that is not our script. */
const beaconSchema = z
  .object({
    articleId: z
      .string()
      .regex(/^[1-9]\d{0,9}$/)
      .transform(Number)
      .pipe(z.number().max(2 ** 31 - 1))
      .optional(),
  })
  .strict();

/**
 * The beacon (src/web/assets/stats.js): counts a page view in memory and
 * answers with the figures. No CSRF token, since a cached page carries none
 * and the count is anonymous; the Origin check, the per-client limit in
 * VisitorStats and a tiny body limit keep it cheap and bounded.
 */
export async function statsRoutes(app: FastifyInstance, { stats }: { stats: VisitorStats }) {
  app.post('/thong-ke/ghi', { config: { csrf: 'origin-only' }, bodyLimit: 256 }, async (request, reply) => {
    const { articleId } = parseOr400(beaconSchema, request.body, m.badBeacon);
    const verdict = stats.record({ client: request.ip, userAgent: request.headers['user-agent'], articleId });
    reply.header('cache-control', 'no-store');
    if (verdict === 'limited') throw tooManyRequests(m.limited, RATE_LIMIT.windowMs / 1000);
    if (verdict === 'bot') return reply.code(204).send();
    const views = articleId === undefined ? undefined : await stats.viewsOf(articleId);
    return reply.send({ ...stats.snapshot(), ...(views === undefined ? {} : { views }) });
  });
}
