import { countArticles, saveArticle } from '../articles/articles.service.js';
import { findCategoryBySlug, insertCategory } from '../categories/categories.service.js';
import { seedOrganisation } from '../organisation/organisation.service.js';
import { addDefaultSettings } from '../site/site-settings.service.js';
import type { Site } from '../site/site.js';
import { escapeHtml } from '../web/html.js';
import { demoArticles, demoCategories } from './demo-content.js';
import { demoOrganisation, demoSiteSettings } from './organisation-demo.js';

/** Fills an empty database with the project's own demo articles. Returns how many were added. */
export async function seedDemoContent(site: Site): Promise<number> {
  // The organisation's pages come with the demo: they are what an agency's portal must show.
  if (await seedOrganisation(site.deps, demoOrganisation)) await addDefaultSettings(site.deps, demoSiteSettings);
  if ((await countArticles(site.db.kysely)) > 0) return 0;
  const now = site.now();
  const created = now.toISOString();
  const ids = new Map<string, number>();
  for (const c of demoCategories.filter((c) => !c.parentSlug).concat(demoCategories.filter((c) => c.parentSlug))) {
    const existing = await findCategoryBySlug(site.db.kysely, c.slug);
    const parentId = c.parentSlug ? (ids.get(c.parentSlug) ?? null) : null;
    ids.set(
      c.slug,
      existing?.id ??
        (await insertCategory(site.db.kysely, {
          slug: c.slug,
          name: c.name,
          description: c.description,
          parentId,
          position: c.position,
          now: created,
        })),
    );
  }
  site.contentChanged();
  for (const a of demoArticles) {
    await saveArticle(site.deps, {
      title: a.title,
      sapo: a.sapo,
      bodyHtml: a.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n'),
      byline: a.byline,
      categoryId: ids.get(a.categorySlug)!,
      tags: a.tags,
      status: 'published',
      publishedAt: new Date(now.getTime() - a.hoursAgo * 3600_000).toISOString(),
    });
  }
  return demoArticles.length;
}
