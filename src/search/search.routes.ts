import type { FastifyInstance } from 'fastify';
import { parseOr400 } from '../errors.js';
import { messages as m } from '../messages/vi.js';
import type { WebContext } from '../app-context.js';
import { topDocuments } from '../documents/documents.service.js';
import { sendPublicPage } from '../web/pages.js';
import { queryText } from './query.js';
import { searchApiQuerySchema, searchPageQuerySchema, typedDay } from './search.schema.js';
import { searchArticles, type SearchInput } from './search.service.js';
import { searchPage, searchUrl, type SearchForm } from './search.views.js';

const searchPageParams = Object.keys(searchPageQuerySchema.shape);
/** The "Văn bản" block above the articles: a few, with a link to the library's search for the rest. */
const DOCUMENTS_SHOWN = 3;

export async function searchRoutes(app: FastifyInstance, ctx: WebContext) {
  app.get('/tim-kiem', async (request, reply) => {
    const query = parseOr400(searchPageQuerySchema, request.query);
    const form: SearchForm = {
      q: queryText(query.q ?? ''),
      categorySlug: query['chuyen-muc'] ?? '',
      from: query.tu ? typedDay(query.tu) : '',
      to: query.den ? typedDay(query.den) : '',
      sort: query['sap-xep'] ?? 'lien-quan',
    };
    const page = query.trang ?? 1;
    const input: SearchInput = {
      q: form.q,
      page,
      categorySlug: form.categorySlug || undefined,
      from: query.tu,
      to: query.den,
      sort: form.sort === 'moi-nhat' ? 'newest' : 'relevance',
    };
    // The page is a function of `form` and `page` alone, so their canonical URL is its cache key.
    return sendPublicPage(
      request,
      reply,
      { site: ctx.site, cache: ctx.search.pages },
      searchUrl(form, page),
      async () => {
        const [outcome, documents] = form.q
          ? await Promise.all([
              searchArticles(ctx.site, input, ctx.search.outcomes),
              // Documents are matched by the query alone: the category and date filters are the articles'.
              page === 1 ? topDocuments(ctx.site, form.q, DOCUMENTS_SHOWN) : null,
            ])
          : [null, null];
        const tree = await ctx.site.categories();
        return {
          meta: {
            title: form.q ? m.search.resultsFor(form.q) : m.search.title,
            noindex: true,
            canonicalPath: '/tim-kiem',
          },
          body: searchPage({ tree, form, outcome, page, documents }),
        };
      },
      { params: searchPageParams },
    );
  });

  app.get('/api/v1/search', async (request, reply) => {
    const query = parseOr400(searchApiQuerySchema, request.query);
    const outcome = await searchArticles(
      ctx.site,
      {
        q: queryText(query.q ?? ''),
        page: query.page ?? 1,
        categorySlug: query.category,
        from: query.from,
        to: query.to,
        sort: query.sort ?? 'relevance',
      },
      ctx.search.outcomes,
    );
    return reply.header('cache-control', 'no-cache').send({
      total: outcome.total,
      suggestion: outcome.suggestion,
      results: outcome.results.map((r) => ({
        id: r.id,
        title: r.title,
        url: r.url,
        publishedAt: r.published_at,
        // The name this field had before the API's keys became camelCase; kept for existing clients.
        published_at: r.published_at,
        snippet: r.snippet,
      })),
    });
  });
}
