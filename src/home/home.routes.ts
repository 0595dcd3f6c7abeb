import type { FastifyInstance } from 'fastify';
import { listInCategory, listLatest } from '../articles/articles.repo.js';
import type { WebContext } from '../web/context.js';
import { sendPublicPage } from '../web/pages.js';
import { homePage } from './home.views.js';

const LATEST_COUNT = 8;
const BLOCK_COUNT = 5;

export async function homeRoutes(app: FastifyInstance, ctx: WebContext) {
  app.get('/', (request, reply) =>
    sendPublicPage(request, reply, ctx, '/', async () => {
      const { site } = ctx;
      const db = site.db.db;
      const now = site.now().toISOString();
      const [tree, settings, top] = await Promise.all([
        site.categories(),
        site.settings(),
        listLatest(db, { now, limit: LATEST_COUNT + 1 }),
      ]);
      const blocks = await Promise.all(
        tree.menu.map(async (category) => ({
          category,
          articles: await listInCategory(db, { categoryId: category.id, isRoot: true, now, limit: BLOCK_COUNT }),
        })),
      );
      return {
        meta: { title: settings.name, canonicalPath: '/' },
        body: homePage({ tree, siteName: settings.name, lead: top[0], latest: top.slice(1), blocks }),
      };
    }),
  );
}
