/*
 * The site as a WordPress export (WXR 1.2), written as a stream: categories,
 * tags and authors first, then media as attachments (absolute URLs, so
 * WordPress's importer can fetch them), then articles and pages with their
 * comments. Pages are the organisation's pages (at their own addresses) and the articles of the
 * "trang" category the importer puts other pages in.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Kysely } from 'kysely';
import { articleUrl } from '../articles/urls.js';
import type { Database } from '../db/schema.js';
import { mediaUrl } from '../media/media-urls.js';
import { slugify } from '../vi/slug.js';
import { PAGES_CATEGORY } from './wordpress-setup.js';
import {
  exportArticles,
  exportArticleTags,
  exportAuthors,
  exportCategories,
  exportComments,
  exportMedia,
  exportTags,
  maxId,
} from './wordpress-export.repo.js';
import { pageParents } from './wordpress.repo.js';
import { vietnameseOrgPages } from '../organisation/organisation.service.js';
import { toWpTime } from './wp-time.js';

const CHUNK = 500;

/** Characters XML 1.0 cannot hold at all, even escaped. */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

const cdata = (s: string) => `<![CDATA[${s.replace(NOT_XML, '').replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
const esc = (s: string) =>
  s.replace(NOT_XML, '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export interface ExportCounts {
  posts: number;
  pages: number;
  comments: number;
  attachments: number;
  categories: number;
  tags: number;
  authors: number;
}

/** Our stored HTML for WordPress: addresses absolute, our responsive image attributes left out. */
function bodyForWordpress(html: string, origin: string): string {
  return html
    .replace(/\s(?:srcset|sizes)="[^"]*"/g, '')
    .replace(/\sloading="lazy"/g, '')
    .replace(/(\s(?:src|href)=")\/(?!\/)/g, `$1${origin}/`);
}

function byArticle<T extends { article_id: number }>(rows: T[]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const r of rows) {
    const list = out.get(r.article_id);
    if (list) list.push(r);
    else out.set(r.article_id, [r]);
  }
  return out;
}

const COMMENT_APPROVED = { approved: '1', pending: '0', spam: 'spam', rejected: 'trash' } as const;

function wpStatus(a: { status: string; schedule_pending: number; published_at: string | null }, now: string) {
  if (a.status === 'published') return a.schedule_pending || (a.published_at ?? '') > now ? 'future' : 'publish';
  return a.status === 'submitted' ? 'pending' : 'draft';
}

export async function exportWordpress(
  db: Kysely<Database>,
  file: string,
  site: { name: string; description: string; origin: string; now: Date },
): Promise<ExportCounts> {
  const out = createWriteStream(file, { encoding: 'utf8' });
  const failed = once(out, 'error').then(([err]) => {
    throw err;
  });
  failed.catch(() => {});
  const write = async (s: string) => {
    if (!out.write(s)) await Promise.race([once(out, 'drain'), failed]);
  };
  const counts: ExportCounts = { posts: 0, pages: 0, comments: 0, attachments: 0, categories: 0, tags: 0, authors: 0 };
  const origin = site.origin.replace(/\/+$/, '');
  const now = site.now.toISOString();

  await write(`<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>${esc(site.name)}</title>
<link>${esc(origin)}</link>
<description>${esc(site.description)}</description>
<pubDate>${site.now.toUTCString()}</pubDate>
<language>vi</language>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>${esc(origin)}</wp:base_site_url>
<wp:base_blog_url>${esc(origin)}</wp:base_blog_url>
`);

  const logins = new Map<number, string>();
  for (const u of await exportAuthors(db)) {
    const login = `${slugify(u.display_name) || 'tac-gia'}-${u.id}`;
    logins.set(u.id, login);
    counts.authors++;
    await write(
      `<wp:author><wp:author_id>${u.id}</wp:author_id><wp:author_login>${cdata(login)}</wp:author_login><wp:author_email>${cdata(u.email)}</wp:author_email><wp:author_display_name>${cdata(u.display_name)}</wp:author_display_name><wp:author_first_name>${cdata('')}</wp:author_first_name><wp:author_last_name>${cdata('')}</wp:author_last_name></wp:author>\n`,
    );
  }
  const categories = new Map<number, { slug: string; name: string }>();
  for (const c of await exportCategories(db)) {
    categories.set(c.id, { slug: c.slug, name: c.name });
    if (c.slug === PAGES_CATEGORY.slug) continue;
    counts.categories++;
    await write(
      `<wp:category><wp:term_id>${c.id}</wp:term_id><wp:category_nicename>${cdata(c.slug)}</wp:category_nicename><wp:category_parent>${cdata(c.parent_slug ?? '')}</wp:category_parent><wp:cat_name>${cdata(c.name)}</wp:cat_name><wp:category_description>${cdata(c.description)}</wp:category_description></wp:category>\n`,
    );
  }
  for (const t of await exportTags(db)) {
    counts.tags++;
    await write(
      `<wp:tag><wp:term_id>${1_000_000 + t.id}</wp:term_id><wp:tag_slug>${cdata(t.slug)}</wp:tag_slug><wp:tag_name>${cdata(t.name)}</wp:tag_name></wp:tag>\n`,
    );
  }

  // Attachments share WordPress's post ids with posts: theirs start after the last article's.
  const mediaBase = await maxId(db, 'articles');
  for (let after = 0; ;) {
    const rows = await exportMedia(db, after, CHUNK);
    if (!rows.length) break;
    for (const m of rows) {
      counts.attachments++;
      const url = `${origin}${mediaUrl(m)}`;
      const file = mediaUrl(m).slice('/media/'.length);
      await write(`<item>
<title>${cdata(m.original_name)}</title>
<link>${esc(url)}</link>
<dc:creator>${cdata(logins.get(m.uploaded_by ?? 0) ?? '')}</dc:creator>
<content:encoded>${cdata('')}</content:encoded>
<excerpt:encoded>${cdata('')}</excerpt:encoded>
<wp:post_id>${mediaBase + m.id}</wp:post_id>
<wp:post_date>${cdata(toWpTime(m.created_at, true))}</wp:post_date>
<wp:post_date_gmt>${cdata(toWpTime(m.created_at))}</wp:post_date_gmt>
<wp:post_name>${cdata(slugify(m.original_name))}</wp:post_name>
<wp:status>${cdata('inherit')}</wp:status>
<wp:post_parent>0</wp:post_parent>
<wp:post_type>${cdata('attachment')}</wp:post_type>
<wp:post_mime_type>${cdata(m.mime)}</wp:post_mime_type>
<wp:attachment_url>${cdata(url)}</wp:attachment_url>
<wp:postmeta><wp:meta_key>${cdata('_wp_attached_file')}</wp:meta_key><wp:meta_value>${cdata(file)}</wp:meta_value></wp:postmeta>
<wp:postmeta><wp:meta_key>${cdata('_wp_attachment_image_alt')}</wp:meta_key><wp:meta_value>${cdata(m.alt)}</wp:meta_value></wp:postmeta>
</item>
`);
    }
    after = rows[rows.length - 1]!.id;
  }

  // The organisation's pages, as pages at their own addresses: imported again, they fill the same pages.
  // Before the articles, so that they, not an article page with the same slug, claim them. Their post
  // ids come after the attachments'.
  const orgBase = mediaBase + (await maxId(db, 'media'));
  for (const [n, p] of (await vietnameseOrgPages(db)).entries()) {
    counts.pages++;
    await write(`<item>
<title>${cdata(p.title)}</title>
<link>${esc(origin + p.path)}</link>
<pubDate>${new Date(p.updated_at).toUTCString()}</pubDate>
<dc:creator>${cdata('')}</dc:creator>
<content:encoded>${cdata(bodyForWordpress(p.body_html, origin))}</content:encoded>
<wp:post_id>${orgBase + n + 1}</wp:post_id>
<wp:post_date>${cdata(toWpTime(p.updated_at, true))}</wp:post_date>
<wp:post_date_gmt>${cdata(toWpTime(p.updated_at))}</wp:post_date_gmt>
<wp:comment_status>${cdata('closed')}</wp:comment_status>
<wp:post_name>${cdata(p.path.slice(1))}</wp:post_name>
<wp:status>${cdata('publish')}</wp:status>
<wp:post_parent>0</wp:post_parent>
<wp:post_type>${cdata('page')}</wp:post_type>
</item>
`);
  }
  const parents = await pageParents(db);
  for (let after = 0; ;) {
    const rows = await exportArticles(db, after, CHUNK);
    if (!rows.length) break;
    const ids = rows.map((r) => r.id);
    const tags = byArticle(await exportArticleTags(db, ids));
    const comments = byArticle(await exportComments(db, ids));
    for (const a of rows) {
      const category = categories.get(a.category_id);
      const isPage = category?.slug === PAGES_CATEGORY.slug;
      const status = wpStatus(a, now);
      const time = a.published_at ?? a.created_at;
      if (isPage) counts.pages++;
      else counts.posts++;
      const terms = [
        ...(isPage || !category
          ? []
          : [`<category domain="category" nicename="${esc(category.slug)}">${cdata(category.name)}</category>`]),
        ...(tags.get(a.id) ?? []).map(
          (t) => `<category domain="post_tag" nicename="${esc(t.slug)}">${cdata(t.name)}</category>`,
        ),
      ];
      const meta = a.cover_media_id
        ? `<wp:postmeta><wp:meta_key>${cdata('_thumbnail_id')}</wp:meta_key><wp:meta_value>${cdata(String(mediaBase + a.cover_media_id))}</wp:meta_value></wp:postmeta>\n`
        : '';
      let threads = '';
      for (const c of comments.get(a.id) ?? []) {
        counts.comments++;
        threads += `<wp:comment><wp:comment_id>${c.id}</wp:comment_id><wp:comment_author>${cdata(c.author_name)}</wp:comment_author><wp:comment_author_email>${cdata(c.author_email ?? '')}</wp:comment_author_email><wp:comment_author_url></wp:comment_author_url><wp:comment_author_IP></wp:comment_author_IP><wp:comment_date>${cdata(toWpTime(c.created_at, true))}</wp:comment_date><wp:comment_date_gmt>${cdata(toWpTime(c.created_at))}</wp:comment_date_gmt><wp:comment_content>${cdata(c.body)}</wp:comment_content><wp:comment_approved>${cdata(COMMENT_APPROVED[c.status])}</wp:comment_approved><wp:comment_type>${cdata('comment')}</wp:comment_type><wp:comment_parent>${c.parent_id ?? 0}</wp:comment_parent><wp:comment_user_id>${c.user_id ?? 0}</wp:comment_user_id></wp:comment>\n`;
      }
      await write(`<item>
<title>${cdata(a.title)}</title>
<link>${esc(origin + articleUrl(category?.slug ?? '', a.slug, a.id))}</link>
<pubDate>${new Date(time).toUTCString()}</pubDate>
<dc:creator>${cdata(logins.get(a.author_id ?? 0) ?? '')}</dc:creator>
<guid isPermaLink="false">${esc(`${origin}/?p=${a.id}`)}</guid>
<description></description>
<content:encoded>${cdata(bodyForWordpress(a.body_html, origin))}</content:encoded>
<excerpt:encoded>${cdata(a.sapo)}</excerpt:encoded>
<wp:post_id>${a.id}</wp:post_id>
<wp:post_date>${cdata(toWpTime(time, true))}</wp:post_date>
<wp:post_date_gmt>${cdata(status === 'draft' || status === 'pending' ? '0000-00-00 00:00:00' : toWpTime(time))}</wp:post_date_gmt>
<wp:post_modified>${cdata(toWpTime(a.updated_at, true))}</wp:post_modified>
<wp:post_modified_gmt>${cdata(toWpTime(a.updated_at))}</wp:post_modified_gmt>
<wp:comment_status>${cdata(a.comments_closed ? 'closed' : 'open')}</wp:comment_status>
<wp:ping_status>${cdata('closed')}</wp:ping_status>
<wp:post_name>${cdata(a.slug)}</wp:post_name>
<wp:status>${cdata(status)}</wp:status>
<wp:post_parent>${isPage ? (parents.get(a.id) ?? 0) : 0}</wp:post_parent>
<wp:menu_order>0</wp:menu_order>
<wp:post_type>${cdata(isPage ? 'page' : 'post')}</wp:post_type>
<wp:post_password>${cdata('')}</wp:post_password>
<wp:is_sticky>0</wp:is_sticky>
${terms.join('\n')}
${meta}${threads}</item>
`);
    }
    after = rows[rows.length - 1]!.id;
  }
  await write('</channel>\n</rss>\n');
  out.end();
  await Promise.race([once(out, 'finish'), failed]);
  return counts;
}
