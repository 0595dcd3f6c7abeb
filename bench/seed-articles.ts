import type { Insertable } from 'kysely';
import type { ArticlesTable } from '../src/db/schema.js';
import { refreshPublishedCounts } from '../src/categories/categories.repo.js';
import { demoCategories } from '../src/demo/demo-content.js';
import type { DbHandle } from '../src/db/index.js';
import { escapeHtml } from '../src/web/html.js';
import { slugify } from '../src/vi/slug.js';
import { generateArticles, type GeneratedArticle } from './generate-articles.js';
import { titleKey } from '../src/articles/title-key.js';

/** A generated article as a published row, written the way the app's own save would write it. */
export function benchArticleRow(
  a: GeneratedArticle,
  category: { id: number; root: number },
  now: string,
): Insertable<ArticlesTable> {
  return {
    title: a.title,
    title_key: titleKey(a.title),
    slug: slugify(a.title),
    sapo: a.sapo,
    body_html: a.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n'),
    byline: a.byline,
    status: 'published',
    category_id: category.id,
    root_category_id: category.root,
    published_at: a.publishedAt,
    created_at: now,
    updated_at: now,
    import_key: null,
  };
}

/**
 * Writes `count` generated articles straight into the tables in one
 * transaction: the benchmark measures reading, not the importer.
 */
export async function seedBenchArticles(
  handle: DbHandle,
  count: number,
  onProgress?: (n: number) => void,
): Promise<void> {
  const now = new Date().toISOString();
  const { kysely: db } = handle;
  await db.transaction().execute(async (trx) => {
    const ids = new Map<string, { id: number; root: number }>();
    for (const c of [...demoCategories].sort((a, b) => Number(!!a.parentSlug) - Number(!!b.parentSlug))) {
      const parent = c.parentSlug ? ids.get(c.parentSlug) : undefined;
      const { id } = await trx
        .insertInto('categories')
        .values({
          slug: c.slug,
          name: c.name,
          description: c.description,
          parent_id: parent?.id ?? null,
          position: c.position,
          in_menu: 1,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.set(c.slug, { id, root: parent?.id ?? id });
    }
    const cats = [...ids.values()];
    let batch: Insertable<ArticlesTable>[] = [];
    let i = 0;
    for (const a of generateArticles(count, 42)) {
      const cat = cats[i % cats.length]!;
      batch.push(benchArticleRow(a, cat, now));
      i++;
      if (batch.length === 100) {
        await trx.insertInto('articles').values(batch).execute();
        batch = [];
        onProgress?.(i);
      }
    }
    if (batch.length) await trx.insertInto('articles').values(batch).execute();
    onProgress?.(i);
    await refreshPublishedCounts(
      trx,
      cats.map((c) => c.id),
    );
  });
}
