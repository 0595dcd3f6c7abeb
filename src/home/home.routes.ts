import type { FastifyInstance } from 'fastify';
import { findFeatured, listInCategory, listLatest } from '../articles/articles.service.js';
import { withCovers } from '../articles/covers.js';
import type { WebContext } from '../app-context.js';
import { websiteData } from '../web/json-ld.js';
import { sendPublicPage } from '../web/pages.js';
import { homePage } from './home.views.js';
import { renderSidebar, type SidebarBlocks } from './sidebar.js';

const LATEST_COUNT = 8;
const BLOCK_COUNT = 5;

export async function homeRoutes(app: FastifyInstance, ctx: WebContext & { sidebar: SidebarBlocks }) {
  app.get('/', (request, reply) =>
    sendPublicPage(request, reply, ctx, '/', async () => {
      const { site } = ctx;
      const db = site.db.kysely;
      const now = site.now().toISOString();
      const [tree, settings, newest, featured, side] = await Promise.all([
        site.categories(),
        site.settings(),
        listLatest(db, { now, limit: LATEST_COUNT + 1 }),
        findFeatured(db, now),
        renderSidebar(ctx.sidebar, ctx),
      ]);
      const blockLists = await Promise.all(
        tree.menu.map((category) =>
          listInCategory(db, { categoryId: category.id, isRoot: true, now, limit: BLOCK_COUNT }),
        ),
      );
      // The editors' "Tin nổi bật" leads while it is the newest one they marked; without one the newest article does.
      const top = featured
        ? [featured, ...newest.filter((a) => a.id !== featured.id)].slice(0, LATEST_COUNT + 1)
        : newest;
      // One query for the covers of every list on the page.
      const [topRows = [], ...blockRows] = await withCovers(db, [top, ...blockLists]);
      const blocks = tree.menu.map((category, i) => ({ category, articles: blockRows[i] ?? [] }));
      return {
        meta: { title: settings.name, canonicalPath: '/', structuredData: [websiteData(settings)] },
        body: homePage({ tree, siteName: settings.name, lead: topRows[0], latest: topRows.slice(1), blocks, side }),
      };
    }),
  );
}
