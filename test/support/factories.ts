import { saveArticle, type SavedArticle } from '../../src/articles/articles.service.js';
import { insertCategory } from '../../src/categories/categories.repo.js';
import type { Site } from '../../src/site/site.js';

let counter = 0;

export async function makeCategory(
  site: Site,
  c: { slug: string; name?: string; parentSlug?: string; position?: number },
) {
  const tree = await site.categories();
  const parentId = c.parentSlug ? (tree.getBySlug(c.parentSlug)?.id ?? null) : null;
  const id = await insertCategory(site.db.kysely, {
    slug: c.slug,
    name: c.name ?? c.slug,
    description: '',
    parentId,
    position: c.position ?? counter++,
    now: new Date().toISOString(),
  });
  site.contentChanged();
  return id;
}

export async function makeArticle(
  site: Site,
  a: {
    categoryId: number;
    title?: string;
    sapo?: string;
    body?: string;
    byline?: string;
    publishedAt?: string | null;
    status?: 'draft' | 'published' | 'unpublished';
    tags?: string[];
  },
): Promise<SavedArticle> {
  const n = ++counter;
  return saveArticle(site.deps, {
    title: a.title ?? `Bài viết thử nghiệm số ${n}`,
    sapo: a.sapo ?? `Tóm tắt của bài số ${n}.`,
    bodyHtml: a.body ?? `<p>Nội dung bài số ${n}.</p>`,
    byline: a.byline ?? 'PV',
    categoryId: a.categoryId,
    tags: a.tags ?? [],
    status: a.status ?? 'published',
    publishedAt:
      a.publishedAt === undefined ? new Date(Date.UTC(2024, 0, 1) + n * 60_000).toISOString() : a.publishedAt,
  });
}
