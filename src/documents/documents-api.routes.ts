import type { FastifyInstance } from 'fastify';
import type { WebContext } from '../app-context.js';
import { apiRoute } from '../web/api.js';
import {
  documentDetailSchema,
  documentIdParamsSchema,
  documentListQuerySchema,
  documentListSchema,
} from './documents-api.schema.js';
import { documentDetail, documentList, documentListVersion, documentVersion } from './documents-api.service.js';
import { z } from 'zod';

/** /api/v1/documents: the library as a guest sees it, for the content API (README "Content API"). */
export function documentApiRoutes(app: FastifyInstance, ctx: WebContext): void {
  const { site, api } = ctx;
  api.get(
    app,
    apiRoute({
      path: '/api/v1/documents',
      operationId: 'listDocuments',
      summary: 'Published documents, newest issued first, or ranked by a search; 20 a page',
      query: documentListQuerySchema,
      params: z.strictObject({}),
      response: documentListSchema,
      version: ({ query }) => documentListVersion(site, query),
      body: ({ query }) => documentList(site, query),
    }),
  );
  api.get(
    app,
    apiRoute({
      path: '/api/v1/documents/:id',
      operationId: 'getDocument',
      summary: 'One published document with its full text and files',
      query: z.strictObject({}),
      params: documentIdParamsSchema,
      response: documentDetailSchema,
      version: ({ params }) => documentVersion(site, params.id),
      body: ({ params }) => documentDetail(site, params.id),
    }),
  );
}
