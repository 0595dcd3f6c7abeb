import { countArticles, saveArticle, setArticleCover, uncoveredWithTitles } from '../articles/articles.service.js';
import { createMediaDeps, storeGeneratedImage } from '../media/media.service.js';
import { findCategoryBySlug, insertCategory } from '../categories/categories.service.js';
import { seedOrganisation } from '../organisation/organisation.service.js';
import { addDefaultSettings } from '../site/site-settings.service.js';
import type { Site } from '../site/site.js';
import { escapeHtml } from '../web/html.js';
import { demoArticles, demoCategories, demoConsultation } from './demo-content.js';
import { openDemoConsultation } from '../documents/consultation.service.js';
import { vnToday } from '../documents/consultation.js';
import { documentDeps, importDocument, importDocumentTypes } from '../documents/documents.service.js';
import { demoOrganisation, demoSiteSettings } from './organisation-demo.js';
import { renderDemoImage } from './demo-images.js';

/**
 * Fills an empty database with the project's own demo articles. Returns how
 * many were added, and the drawing of their pictures to run after (a few
 * seconds of image work that need not hold up the start).
 */
export async function seedDemoContent(site: Site): Promise<{ articles: number; pictures: () => Promise<number> }> {
  // The organisation's pages come with the demo: they are what an agency's portal must show.
  if (await seedOrganisation(site.deps, demoOrganisation)) await addDefaultSettings(site.deps, demoSiteSettings);
  if ((await countArticles(site.db.kysely)) > 0) {
    // A first start stopped while it drew the pictures: the demo articles still without one get theirs now.
    const uncovered = await uncoveredWithTitles(
      site.db.kysely,
      demoArticles.map((a) => a.title),
    );
    const byTitle = new Map(uncovered.map((a) => [a.title, a.id]));
    const missing = demoArticles.flatMap((a, i) => (byTitle.has(a.title) ? [[i, byTitle.get(a.title)!] as const] : []));
    return { articles: 0, pictures: () => seedDemoPictures(site, missing) };
  }
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
  const articleIds: [number, number][] = [];
  for (const a of demoArticles) {
    const saved = await saveArticle(site.deps, {
      title: a.title,
      sapo: a.sapo,
      bodyHtml: a.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n'),
      byline: a.byline,
      categoryId: ids.get(a.categorySlug)!,
      tags: a.tags,
      status: 'published',
      publishedAt: new Date(now.getTime() - a.hoursAgo * 3600_000).toISOString(),
    });
    articleIds.push([articleIds.length, saved.id]);
  }
  await seedDemoConsultation(site);
  return { articles: demoArticles.length, pictures: () => seedDemoPictures(site, articleIds) };
}

/** One draft open for góp ý, so a newcomer finds a consultation on the home page and at /van-ban/du-thao. */
async function seedDemoConsultation(site: Site): Promise<void> {
  const deps = documentDeps(site);
  const today = vnToday(site.now());
  const c = demoConsultation;
  const saved = await importDocument(
    deps,
    {
      code: c.code,
      typeName: c.typeName,
      issuer: c.issuer,
      signer: '',
      issuedOn: today,
      effectiveOn: '',
      summary: c.summary,
      field: c.field,
      status: 'dự thảo',
      files: [],
    },
    await importDocumentTypes(deps),
  );
  const closes = new Date(`${today}T00:00:00Z`);
  closes.setUTCDate(closes.getUTCDate() + c.closesInDays);
  await openDemoConsultation(deps, saved.id, closes.toISOString().slice(0, 10));
}

/** Each demo article's own picture, drawn by the project (demo-images.ts), as its cover: [demo index, article id]. */
async function seedDemoPictures(site: Site, articles: readonly (readonly [number, number])[]): Promise<number> {
  const media = createMediaDeps(site.db, site.config, site.now);
  const rootOf = (slug: string) => demoCategories.find((c) => c.slug === slug)?.parentSlug ?? slug;
  for (const [i, id] of articles) {
    const data = await renderDemoImage(rootOf(demoArticles[i]!.categorySlug), i);
    // A cover beside its headline says nothing the headline does not: decorative, alt="".
    const image = await storeGeneratedImage(media, { filename: `minh-hoa-${i + 1}.jpg`, data });
    await setArticleCover(site.deps, id, image.id);
  }
  return articles.length;
}
