import { randomBytes } from 'node:crypto';
import formbody from '@fastify/formbody';
import Fastify, { LogController, type FastifyInstance, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { apiRoutes } from './api/api.routes.js';
import { accountPageRoutes } from './accounts/account-page.routes.js';
import { accountRoutes } from './accounts/accounts.routes.js';
import { twoFactorRoutes } from './accounts/two-factor.routes.js';
import { userAdminRoutes } from './accounts/user-admin.routes.js';
import { articleCopyRoutes } from './articles/article-copies.routes.js';
import { articleRoutes } from './articles/articles.routes.js';
import { auditRoutes } from './audit/audit.routes.js';
import { categoryRoutes } from './categories/categories.routes.js';
import { categoryAdminRoutes } from './categories/category-admin.routes.js';
import { countByStatus } from './comments/moderation.service.js';
import { commentRoutes } from './comments/comments.routes.js';
import { commentBanRoutes } from './comments/comment-bans.routes.js';
import type { Config } from './config.js';
import type { DbHandle } from './db/index.js';
import { documentAdminRoutes } from './documents/document-admin.routes.js';
import { documentRoutes } from './documents/documents.routes.js';
import { latestDocuments } from './documents/documents.service.js';
import { openConsultationsBlock } from './documents/consultation-block.js';
import { feedRoutes } from './feeds/feeds.routes.js';
import { homeRoutes } from './home/home.routes.js';
import { homeSettingsRoutes } from './home/home-settings.routes.js';
import { linksBlock, SidebarBlocks, sidebarList } from './home/sidebar.js';
import { mediaLibraryRoutes } from './media/media-library.routes.js';
import { mediaRoutes } from './media/media.routes.js';
import { newsroomRoutes } from './newsroom/newsroom.routes.js';
import { trashRoutes } from './trash/trash.routes.js';
import { organisationAdminRoutes } from './organisation/organisation-admin.routes.js';
import { organisationRoutes } from './organisation/organisation.routes.js';
import { oldQueryAddresses, redirectRoutes } from './redirects/redirects.routes.js';
import { redirectFor } from './redirects/redirects.service.js';
import { Scheduler } from './newsroom/scheduler.js';
import { neverCached } from './newsroom/staff-page.js';
import { createMailer, type Mailer } from './accounts/mailer.js';
import { loadServerSecret } from './site/settings.repo.js';
import { createSearchCaches, type SearchCaches } from './search/search-cache.js';
import { searchRoutes } from './search/search.routes.js';
import { siteSettingsRoutes } from './site/site-settings.routes.js';
import { statsBlock, VisitorStats } from './stats/stats.service.js';
import { statsRoutes } from './stats/stats.routes.js';
import { Site } from './site/site.js';
import { registerAuth } from './accounts/auth.js';
import { hasRoleAtLeast, isStaff } from './accounts/roles.js';
import type { WebContext } from './app-context.js';
import { frameworkErrorHandler, registerErrorHandlers } from './web/error-handler.js';
import { registerBodyGuard } from './web/body-guard.js';
import { withCacheFront } from './web/cache-front.js';
import { registerMetrics } from './web/metrics.js';
import { PageCache } from './web/page-cache.js';
import { securityHeaders } from './web/security-headers.js';
import { readerPrefsRoutes } from './web/reader-prefs.js';
import { registerSiteOrigin } from './web/site-origin.js';
import { systemRoutes } from './web/system.routes.js';
import { JsonApi } from './web/api.js';
import { registerCors } from './web/cors.js';
import { WebhookWorker } from './webhooks/delivery-worker.js';
import { webhookRoutes } from './webhooks/webhooks.routes.js';
import { http } from './web/node-http.js';

const processPrefix = randomBytes(4).toString('hex');
let requestCounter = 0;

export interface BuildOptions {
  config: Config;
  db: DbHandle;
  /** Tests move time; production uses the wall clock. */
  now?: () => Date;
  logger?: FastifyServerOptions['logger'];
  /** Defaults to SMTP_URL, or the log without it. */
  mailer?: Mailer;
  /** Off in all but one `serve --workers` process on a machine (src/cli/serve.command.ts). */
  scheduler?: boolean;
  /** The webhook sender; follows `scheduler` unless set (a test stops it to leave deliveries queued). */
  webhookWorker?: boolean;
}

export interface App {
  app: FastifyInstance;
  site: Site;
  scheduler: Scheduler;
  webhooks: WebhookWorker;
  /** Every route as registered, so tests can check each one (e.g. for CSRF). */
  routes: readonly { method: string; url: string }[];
  /** The in-memory caches, so tests can check what they hold. */
  caches: { pages: PageCache; search: SearchCaches };
  /** Visitor statistics, counted in memory and flushed in batches (tests flush by hand). */
  stats: VisitorStats;
}

/** Builds the whole application without listening, so tests can drive it through inject(). */
export async function buildApp(opts: BuildOptions): Promise<App> {
  const site = new Site(opts.db, opts.config, opts.now);
  const ttlMs = opts.config.pageCacheSeconds * 1000;
  const cache = new PageCache(ttlMs);
  const searchCaches = createSearchCaches(ttlMs);
  // Request logs must see every request, so the front lane steps aside when they are on.
  const front = cache.enabled && !opts.config.logRequests;
  const { trustProxy } = opts.config;
  const app: FastifyInstance = Fastify({
    serverFactory: (router) => {
      const frontDeps = {
        site,
        caches: [cache, searchCaches.pages],
        csrf: () => app.csrf,
        trustProxy: trustProxy !== false,
      };
      const server = http.createServer(front ? withCacheFront(frontDeps, router) : router);
      // Without SITE_URL, links follow the address actually bound; pages made before then are dropped.
      server.on('listening', () => {
        site.origin.listening(server.address());
        site.dropCaches();
      });
      // Fastify's own default for a server it makes itself (Node's is 5 s).
      server.keepAliveTimeout = 72_000;
      return server;
    },
    logger: opts.logger ?? { level: opts.config.logLevel },
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 300 },
    logController: new LogController({ disableRequestLogging: !opts.config.logRequests }),
    bodyLimit: 1024 * 1024,
    // On shutdown, a request that reached us is answered (with Connection: close), not refused with a 503.
    return503OnClosing: false,
    // Off unless TRUST_PROXY names the proxies: only they may set the client address and https.
    // Fastify ignores a bare hop count; as a function it trusts that many hops, as Express does.
    trustProxy: typeof trustProxy === 'number' ? (_address: string, hop: number) => hop < trustProxy : trustProxy,
    frameworkErrors: frameworkErrorHandler(site),
    // Ids double as incident ids on error pages: a random prefix per process keeps them unique across restarts.
    genReqId: () => `${processPrefix}-${(++requestCounter).toString(36)}`,
  });
  const now = site.now;
  const accounts = {
    db: opts.db.kysely,
    now,
    hashing: opts.config.passwordHashing,
    mailer: opts.mailer ?? createMailer(opts.config, app.log),
    log: app.log,
  };
  const api = new JsonApi({ ratePerMinute: opts.config.apiRateLimitPerMinute, clock: () => now().getTime() });
  const ctx: WebContext = { site, cache, search: searchCaches, accounts, api };
  const webhooks = new WebhookWorker({
    db: opts.db,
    now,
    origin: () => site.origin.value,
    allowPrivate: opts.config.webhookAllowPrivate,
    log: app.log,
  });

  const routes: { method: string; url: string }[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of ([] as string[]).concat(route.method)) routes.push({ method, url: route.url });
  });
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(securityHeaders);
    done();
  });
  // Once shutdown has begun, a request in flight ends its keep-alive connection: Node would otherwise hold it open.
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });
  registerSiteOrigin(app, site.origin);
  const metrics = registerMetrics(app, opts.config);
  await app.register(formbody);
  registerBodyGuard(app);
  // An address that finds nothing may be an old one (a WordPress permalink) that now answers with a 301.
  registerErrorHandlers(app, site, (url) => redirectFor(opts.db.kysely, url));
  app.addHook('onRequest', oldQueryAddresses(site));
  registerCors(app, opts.config.corsOrigins);
  registerAuth(app, {
    db: opts.db.kysely,
    now,
    policy: { staffTwoFactorRequired: async () => (await site.settings()).staffTwoFactorRequired },
    csrf: {
      secret: await loadServerSecret(opts.db.kysely, randomBytes(32).toString('base64url')),
      origin: site.origin,
      now,
    },
  });

  const stats = new VisitorStats(opts.db, app.log, now);
  // The home page's side column: each block's provider comes from the module that owns it, in the admin's order.
  const sidebar = new SidebarBlocks()
    .register('latest-documents', async (c) =>
      sidebarList(
        (await latestDocuments(c, 5)).map((d) => ({
          text: `${d.typeName} ${d.code}`,
          href: d.url,
          note: d.issuedOn.split('-').reverse().join('/'),
        })),
      ),
    )
    .register('open-consultations', openConsultationsBlock)
    .register('links', linksBlock)
    .register('stats', statsBlock(stats));

  // Staff see a bar of newsroom links on public pages; pages for one person only (src/web/pages.ts).
  app.decorate('staffBar', async (request: FastifyRequest) =>
    isStaff(request.actor)
      ? {
          pendingComments: hasRoleAtLeast(request.actor, 'editor')
            ? await countByStatus(opts.db.kysely, 'pending')
            : null,
        }
      : null,
  );

  // The site's parts. Each registers its own routes; the order does not matter to the router.
  await app.register(systemRoutes, { database: site.db, origin: site.origin }); // health, assets, robots.txt
  await app.register(readerPrefsRoutes, { origin: site.origin }); // A- A A+, contrast
  await app.register(homeRoutes, { ...ctx, sidebar });
  await app.register(statsRoutes, { stats }); // the visitor statistics beacon
  await app.register(categoryRoutes, ctx);
  await app.register(articleRoutes, ctx);
  await app.register(articleCopyRoutes, ctx); // print view and saved copy
  await app.register(commentRoutes, ctx); // reader comments and their moderation queue
  await app.register(commentBanRoutes, ctx); // "Chặn người gửi" from the queue, and its undo
  await app.register(searchRoutes, ctx);
  await app.register(apiRoutes, ctx); // /api/v1: articles, categories, openapi.json
  await app.register(feedRoutes, ctx);
  await app.register(organisationRoutes, ctx); // giới thiệu, cơ cấu, lãnh đạo, liên hệ; English under /en/
  await app.register(documentRoutes, ctx); // the văn bản library
  await app.register(mediaRoutes, ctx); // stored files
  await app.register(accountRoutes, ctx); // sign-up, sign-in, reset
  await app.register(accountPageRoutes, ctx);
  await app.register(twoFactorRoutes, ctx);
  // The back office (/quan-tri): pages for one person, never cached; each part checks its own permission.
  await app.register(async (backOffice) => {
    backOffice.addHook('onRequest', neverCached);
    await backOffice.register(newsroomRoutes, ctx); // dashboard, articles, workflow, revisions
    await backOffice.register(mediaLibraryRoutes, ctx);
    await backOffice.register(categoryAdminRoutes, ctx);
    await backOffice.register(documentAdminRoutes, ctx);
    await backOffice.register(userAdminRoutes, ctx);
    await backOffice.register(siteSettingsRoutes, ctx);
    await backOffice.register(organisationAdminRoutes, ctx);
    await backOffice.register(homeSettingsRoutes, ctx); // the home page's side column
    await backOffice.register(auditRoutes, ctx);
    await backOffice.register(webhookRoutes, { ...ctx, webhookWorker: webhooks });
    await backOffice.register(redirectRoutes, ctx);
    await backOffice.register(trashRoutes, ctx);
  });

  // Scheduled publishing starts with the app and first catches up on anything due while it was down.
  const scheduler = new Scheduler(site.deps, app.log, site);
  metrics.expose({
    db: opts.db,
    schedulerRuns: scheduler.runs,
    pendingComments: () => countByStatus(opts.db.kysely, 'pending'),
    caches: { pages: cache, search: searchCaches.pages },
  });
  if (opts.scheduler !== false) app.addHook('onReady', () => scheduler.start());
  app.addHook('onClose', async () => scheduler.stop());
  // Webhooks go out after commits: every committed change (here or in another instance) wakes the sender.
  if (opts.webhookWorker ?? opts.scheduler !== false) {
    site.onChange(() => webhooks.wake());
    app.addHook('onReady', () => webhooks.start());
  }
  app.addHook('onClose', () => webhooks.stop());
  // Other instances' and the CLI's changes drop this one's caches (src/db/notify.ts).
  app.addHook('onReady', () => site.listen(app.log));
  // Counts are written every few seconds, and once more on close, before the database goes.
  app.addHook('onReady', () => stats.start());
  app.addHook('onClose', () => stats.stop());
  app.addHook('onClose', () => site.close());
  return { app, site, scheduler, webhooks, routes, caches: { pages: cache, search: searchCaches }, stats };
}
