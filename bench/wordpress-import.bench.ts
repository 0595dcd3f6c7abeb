/**
 * WordPress import at size, through the real `toasoan import-wordpress`, on SQLite and PostgreSQL
 * (--postgres, or TEST_DATABASE_URL) in one run, with the figures bench:import gives the other
 * importers: N posts into an empty site, 1,000 into an empty site, 1,000 more into the N-post site
 * (issue 18's flat cost), each as wall clock, the command's CPU time and, on PostgreSQL, its server
 * processes' CPU time; and the importer's peak resident memory for the big file.
 *
 * The posts are bench:import's generated articles (the same text, so the importers compare per
 * article), written as a WXR export in /tmp (never committed): the paragraphs as WordPress stores
 * them (blank lines, for autop), the sapo as the excerpt, a category, two tags and a short comment
 * thread (0-3 comments, replies nested). No images or attachments: the media pipeline is not
 * measured here.
 *
 *   npm run bench:wordpress -- [--posts 20000] [--postgres URL] [--keep]
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateArticles } from './generate-articles.js';
import { flatCost, flatCostLines, onEachDatabase, runImport } from './import-runner.js';

const { values } = parseArgs({
  options: {
    posts: { type: 'string', default: '20000' },
    postgres: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const POSTS = Number(values.posts);
const POSTGRES = values.postgres ?? process.env.TEST_DATABASE_URL;
if (!(POSTS >= 1000)) throw new Error('--posts takes a number of at least 1000');

const cdata = (s: string) => `<![CDATA[${s.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
const CATEGORIES = ['thoi-su', 'kinh-te', 'van-hoa', 'giao-duc', 'the-thao', 'du-lich'];
const SETS = { bulk: { seed: 1, count: POSTS }, small: { seed: 2, count: 1000 }, more: { seed: 3, count: 1000 } };
type Set = keyof typeof SETS;

/** A WXR file of the set's posts; each set has WordPress ids of its own, as a later export of a growing site would. */
async function writeExport(file: string, set: Set): Promise<void> {
  const { seed, count } = SETS[set];
  const out = createWriteStream(file);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write(`<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Trang thử tải</title><link>https://cu.example.vn</link><wp:wxr_version>1.2</wp:wxr_version>
<wp:author><wp:author_id>1</wp:author_id><wp:author_login>bientap</wp:author_login><wp:author_email>bientap@cu.example.vn</wp:author_email><wp:author_display_name>${cdata('Ban biên tập')}</wp:author_display_name></wp:author>
${CATEGORIES.map((c, i) => `<wp:category><wp:term_id>${i + 1}</wp:term_id><wp:category_nicename>${c}</wp:category_nicename><wp:category_parent></wp:category_parent><wp:cat_name>${cdata(c.replace('-', ' '))}</wp:cat_name></wp:category>`).join('\n')}
`);
  const base = seed * 1_000_000;
  let id = base;
  let commentId = base;
  for (const a of generateArticles(count, seed)) {
    id++;
    const day = a.publishedAt.slice(0, 19).replace('T', ' ');
    const comments = Array.from({ length: id % 4 }, (_, i) => {
      commentId++;
      return `<wp:comment><wp:comment_id>${commentId}</wp:comment_id><wp:comment_author>${cdata('Bạn đọc')}</wp:comment_author><wp:comment_author_email>ban-doc${commentId}@example.vn</wp:comment_author_email><wp:comment_date_gmt>${day}</wp:comment_date_gmt><wp:comment_content>${cdata(a.paragraphs[i % a.paragraphs.length]!.slice(0, 200))}</wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_parent>${i ? commentId - 1 : 0}</wp:comment_parent></wp:comment>`;
    }).join('');
    const tags = a.tags
      .slice(0, 2)
      .map((t) => `<category domain="post_tag" nicename="${encodeURIComponent(t)}">${cdata(t)}</category>`)
      .join('');
    await write(`<item><title>${cdata(a.title)}</title><link>https://cu.example.vn/?p=${id}</link><dc:creator>bientap</dc:creator>
<content:encoded>${cdata(a.paragraphs.join('\n\n'))}</content:encoded><excerpt:encoded>${cdata(a.sapo)}</excerpt:encoded>
<wp:post_id>${id}</wp:post_id><wp:post_date_gmt>${day}</wp:post_date_gmt><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<category domain="category" nicename="${CATEGORIES[id % CATEGORIES.length]}">x</category>${tags}${comments}</item>
`);
  }
  await write('</channel></rss>\n');
  out.end();
  await once(out, 'finish');
}

const work = mkdtempSync(path.join(tmpdir(), 'toasoan-wp-bench-'));
try {
  const files = {} as Record<Set, string>;
  for (const set of Object.keys(SETS) as Set[]) {
    files[set] = path.join(work, `${set}.xml`);
    await writeExport(files[set], set);
  }
  console.log(
    `generated ${POSTS} posts (${(statSync(files.bulk).size / 1024 / 1024).toFixed(0)} MB) and twice 1,000 in ${work}`,
  );
  await onEachDatabase(work, POSTGRES, async (kind, fresh) => {
    const { result } = await flatCost(fresh, (set, url) =>
      runImport(['import-wordpress', files[set]], url, path.join(work, 'data')),
    );
    return flatCostLines(`WordPress, ${kind}`, POSTS, result, 'posts');
  });
} finally {
  if (!values.keep) rmSync(work, { recursive: true, force: true });
}
