import type { FastifyInstance } from 'fastify';
import { listHomeLists } from '../articles/articles.service.js';
import { withCovers } from '../articles/covers.js';
import type { WebContext } from '../app-context.js';
import type { CategoryTree } from '../categories/category-tree.js';
import type { Site } from '../site/site.js';
import { VersionMemo } from '../site/version-memo.js';
import { websiteData } from '../web/json-ld.js';
import { sendPublicPage } from '../web/pages.js';
import { homePage } from './home.views.js';
import { renderSidebar, type SidebarBlocks } from './sidebar.js';

const LATEST_COUNT = 8;
const BLOCK_COUNT = 5;

/** The page's lists with their covers, read once per content version. */
const readLists = new WeakMap<Site, VersionMemo<Awaited<ReturnType<typeof listsWithCovers>>>>();

function homeLists(site: Site, tree: CategoryTree) {
  let memo = readLists.get(site);
  if (!memo) readLists.set(site, (memo = new VersionMemo(1)));
  return memo.get(site.version, 'lists', () => listsWithCovers(site, tree));
}

async function listsWithCovers(site: Site, tree: CategoryTree) {
  const lists = await listHomeLists(site.db, {
    now: site.now().toISOString(),
    latest: LATEST_COUNT + 1,
    roots: tree.menu.map((category) => category.id),
    perRoot: BLOCK_COUNT,
  });
  // The editors' "Tin nổi bật" leads while it is the newest one they marked; without one the newest article does.
  const { featured } = lists;
  const top = featured
    ? [featured, ...lists.latest.filter((a) => a.id !== featured.id)].slice(0, LATEST_COUNT + 1)
    : lists.latest;
  // One query for the covers of every list on the page.
  return withCovers(site.db.kysely, [top, ...lists.blocks]);
}

export async function homeRoutes(app: FastifyInstance, ctx: WebContext & { sidebar: SidebarBlocks }) {
  app.get('/', (request, reply) =>
    sendPublicPage(request, reply, ctx, '/', async () => {
      const { site } = ctx;
      const [tree, settings, side] = await Promise.all([
        site.categories(),
        site.settings(),
        renderSidebar(ctx.sidebar, ctx),
      ]);
      const [topRows = [], ...blockRows] = await homeLists(site, tree);
      const blocks = tree.menu.map((category, i) => ({ category, articles: blockRows[i] ?? [] }));
      return {
        meta: { title: settings.name, canonicalPath: '/', structuredData: [websiteData(settings)] },
        body: homePage({ tree, siteName: settings.name, lead: topRows[0], latest: topRows.slice(1), blocks, side }),
      };
    }),
  );
}
