import { createHash } from 'node:crypto';
import { articleUrl, categoryUrl } from '../articles/urls.js';
import type { CategoryTree } from '../categories/category-tree.js';
import type { Site } from '../site/site.js';
import { apiMessages } from '../messages/api.en.js';
import { ApiParameterError, type Validator } from '../web/api.js';
import {
  contentVersion,
  findPublicArticle,
  listPublicArticles,
  publicArticleVersion,
  tagsOfArticles,
  type ApiArticleRow,
  type ArticleFilter,
} from './content.repo.js';
import {
  encodeCursor,
  vnDayStart,
  type ArticleDetail,
  type ArticleListQuery,
  type ArticleSummary,
} from './content.schema.js';

const DEFAULT_LIMIT = 20;

/** A weak tag over the pieces a body depends on: equal pieces, equal bodies (gzip may differ, hence weak). */
function etagOf(kind: string, ...parts: (string | number)[]): string {
  return `W/"${kind}-${createHash('sha256').update(parts.join('\n')).digest('base64url').slice(0, 27)}"`;
}

const latest = (...isos: string[]) => isos.filter(Boolean).sort().at(-1) ?? null;

function articleFilter(tree: CategoryTree, q: ArticleListQuery, now: string): ArticleFilter {
  const category = q.category === undefined ? undefined : tree.getBySlug(q.category);
  if (q.category !== undefined && !category)
    throw new ApiParameterError('category', apiMessages.expected.unknownCategory);
  return {
    category: category && { id: category.id, isRoot: category.parent_id === null },
    tagSlug: q.tag,
    from: q.from === undefined ? undefined : (vnDayStart(q.from) ?? undefined),
    to: q.to === undefined ? undefined : (vnDayStart(q.to, 1) ?? undefined),
    updatedSince: q.updatedSince === undefined ? undefined : new Date(q.updatedSince).toISOString(),
    cursor: q.cursor,
    now,
    limit: q.limit ?? DEFAULT_LIMIT,
  };
}

/** The list's validator: the site's content version and the filter itself, read before any article is. */
export async function articleListVersion(site: Site, q: ArticleListQuery): Promise<Validator> {
  const now = site.now().toISOString();
  const filter = articleFilter(await site.categories(), q, now);
  const v = await contentVersion(site.db.kysely, now);
  return {
    etag: etagOf(
      'articles',
      JSON.stringify({ ...filter, now: undefined }),
      v.articlesUpdated,
      v.newestVisible,
      v.lastAudit,
      v.categoriesUpdated,
      v.categories,
    ),
    lastModified: latest(v.articlesUpdated, v.categoriesUpdated),
  };
}

async function summaries(site: Site, tree: CategoryTree, rows: readonly ApiArticleRow[]): Promise<ArticleSummary[]> {
  const tags = new Map<number, { slug: string; name: string }[]>();
  for (const t of await tagsOfArticles(
    site.db.kysely,
    rows.map((r) => r.id),
  )) {
    const list = tags.get(t.article_id) ?? [];
    list.push({ slug: t.slug, name: t.name });
    tags.set(t.article_id, list);
  }
  const origin = site.origin.value;
  return rows.map((r) => {
    const category = tree.get(r.category_id);
    return {
      id: r.id,
      title: r.title,
      sapo: r.sapo,
      url: origin + articleUrl(category?.slug ?? '', r.slug, r.id),
      category: { id: r.category_id, slug: category?.slug ?? '', name: category?.name ?? '' },
      tags: tags.get(r.id) ?? [],
      byline: r.byline,
      publishedAt: new Date(r.published_at).toISOString(),
      updatedAt: new Date(r.updated_at).toISOString(),
      commentCount: r.comment_count,
    };
  });
}

export async function articleList(site: Site, q: ArticleListQuery) {
  const tree = await site.categories();
  const filter = articleFilter(tree, q, site.now().toISOString());
  // One more than asked tells whether a next page exists without a count.
  const rows = await listPublicArticles(site.db.kysely, { ...filter, limit: filter.limit + 1 });
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  return {
    items: await summaries(site, tree, page),
    nextCursor:
      rows.length > filter.limit && last ? encodeCursor({ publishedAt: last.published_at, id: last.id }) : null,
  };
}

export async function articleVersion(site: Site, id: number): Promise<Validator | null> {
  const row = await publicArticleVersion(site.db.kysely, id, site.now().toISOString());
  if (!row) return null;
  const article = String(row.article);
  const category = String(row.category);
  return { etag: etagOf('article', id, article, category), lastModified: latest(article, category) };
}

export async function articleDetail(site: Site, id: number): Promise<ArticleDetail | null> {
  const row = await findPublicArticle(site.db.kysely, id, site.now().toISOString());
  if (!row) return null;
  const [summary] = await summaries(site, await site.categories(), [row]);
  return { ...summary!, bodyHtml: row.body_html, seoTitle: row.seo_title, seoDescription: row.seo_description };
}

export async function categoryListVersion(site: Site): Promise<Validator> {
  const v = await contentVersion(site.db.kysely, site.now().toISOString());
  return {
    etag: etagOf('categories', v.articlesUpdated, v.newestVisible, v.lastAudit, v.categoriesUpdated, v.categories),
    lastModified: latest(v.articlesUpdated, v.categoriesUpdated),
  };
}

export async function categoryList(site: Site) {
  const tree = await site.categories();
  const origin = site.origin.value;
  const all = tree.roots.flatMap((root) => [root, ...root.children]);
  return {
    items: all.map((c) => ({
      id: c.id,
      slug: c.slug,
      name: c.name,
      description: c.description,
      parentId: c.parent_id,
      position: c.position,
      url: origin + categoryUrl(c.slug),
      articleCount: c.published_count,
    })),
  };
}
