import type { FastifyInstance } from 'fastify';
import type { WebContext } from '../app-context.js';
import { apiRoute } from '../web/api.js';
import { openApiDocument } from '../web/openapi.js';
import {
  articleIdParamsSchema,
  articleDetailSchema,
  articleListQuerySchema,
  articleListSchema,
  categoryListSchema,
  noParams,
  noQuery,
} from './content.schema.js';
import {
  articleDetail,
  articleList,
  articleListVersion,
  articleVersion,
  categoryList,
  categoryListVersion,
} from './content.service.js';

/**
 * The read-only content API (/api/v1/…). Each route is one `ctx.api.get(app, …)`; another module adds its own
 * the same way from its routes file, and /api/v1/openapi.json lists it with no further step.
 */
export async function apiRoutes(app: FastifyInstance, ctx: WebContext) {
  const { site, api } = ctx;
  api.get(
    app,
    apiRoute({
      path: '/api/v1/articles',
      operationId: 'listArticles',
      summary: 'Published articles, newest first, a page at a time',
      query: articleListQuerySchema,
      params: noParams,
      response: articleListSchema,
      version: ({ query }) => articleListVersion(site, query),
      body: ({ query }) => articleList(site, query),
    }),
  );
  api.get(
    app,
    apiRoute({
      path: '/api/v1/articles/:id',
      operationId: 'getArticle',
      summary: 'One published article with its body',
      query: noQuery,
      params: articleIdParamsSchema,
      response: articleDetailSchema,
      version: ({ params }) => articleVersion(site, params.id),
      body: ({ params }) => articleDetail(site, params.id),
    }),
  );
  api.get(
    app,
    apiRoute({
      path: '/api/v1/categories',
      operationId: 'listCategories',
      summary: 'Every category, top-level ones each followed by its children',
      query: noQuery,
      params: noParams,
      response: categoryListSchema,
      version: () => categoryListVersion(site),
      body: () => categoryList(site),
    }),
  );

  // Built on request, so routes other modules register later are in it too.
  app.get('/api/v1/openapi.json', async (request, reply) => {
    if (!api.admit(request, reply)) return reply;
    const settings = await site.settings();
    return reply.header('cache-control', 'no-cache').send(
      openApiDocument(api.routes, {
        title: `${settings.name}: content API`,
        version: '1',
        description: 'Read-only access to published content. Answers carry ETag; send If-None-Match for a 304.',
        serverUrl: site.origin.value,
      }),
    );
  });
}
