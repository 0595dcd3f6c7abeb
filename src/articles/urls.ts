/** Canonical public URL: /{category-slug}/{article-slug}-{id}.html */
export function articleUrl(categorySlug: string, articleSlug: string, id: number): string {
  return `/${categorySlug}/${articleSlug ? `${articleSlug}-` : ''}${id}.html`;
}

export function categoryUrl(categorySlug: string, page = 1): string {
  return page > 1 ? `/${categorySlug}?trang=${page}` : `/${categorySlug}`;
}

/** Reads the id from the last path segment; the slug part is only decoration. */
export function parseArticleFile(file: string): { slug: string; id: number } | null {
  const m = /^(?:(.*)-)?(\d{1,12})\.html$/.exec(file);
  if (!m) return null;
  const id = Number(m[2]);
  return Number.isSafeInteger(id) && id > 0 ? { slug: m[1] ?? '', id } : null;
}

/** "In bài viết": the article alone, for paper. */
export function printUrl(articlePath: string): string {
  return `/ban-in${articlePath}`;
}

/** "Lưu bài viết": the article as one HTML file to keep. */
export function saveUrl(articlePath: string): string {
  return `/luu${articlePath}`;
}
