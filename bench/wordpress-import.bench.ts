/**
 * WordPress import at size: writes a WXR export of about `mb` megabytes to
 * /tmp (generated here, never committed: Vietnamese posts of a few KB, each
 * with a short comment thread), imports it with the real `toasoan
 * import-wordpress` into a fresh SQLite database (or PostgreSQL with
 * only=postgres and TEST_DATABASE_URL), and prints the time, the posts per
 * second, the command's own CPU time (steadier than the wall clock on a shared
 * machine; PostgreSQL's server is not counted) and the importer's peak
 * resident memory (VmHWM, read from /proc while it runs). Run it once, not in
 * a loop: the machine is shared.
 *
 *   npm run bench:wordpress [-- mb=200] [only=sqlite|postgres] [keep=1]
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase } from '../test/support/databases.js';
import { BIN } from '../test/support/cli.js';
import { childCpuSeconds } from './child-cpu.js';
import { mulberry32, WORDS } from './generate-articles.js';

const args = new Map(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.split('=');
    return [k!, v ?? ''];
  }),
);
const targetBytes = Number(args.get('mb') ?? 200) * 1024 * 1024;
const dialect = args.get('only') === 'postgres' ? 'postgres' : 'sqlite';

const rng = mulberry32(18);
const pick = () => WORDS[Math.floor(rng() * WORDS.length)]!;
const sentence = (n: number) => {
  const words = Array.from({ length: n }, pick).join(' ');
  return `${words[0]!.toUpperCase()}${words.slice(1)}.`;
};
const cdata = (s: string) => `<![CDATA[${s}]]>`;
const CATEGORIES = ['thoi-su', 'kinh-te', 'van-hoa', 'giao-duc', 'the-thao', 'du-lich'];

async function generate(file: string): Promise<number> {
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
  let bytes = 0;
  let posts = 0;
  let commentId = 0;
  while (bytes < targetBytes) {
    posts++;
    const paragraphs = Array.from({ length: 8 + Math.floor(rng() * 8) }, () => sentence(40 + Math.floor(rng() * 40)));
    const day = new Date(Date.UTC(2015, 0, 1) + posts * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
    const comments = Array.from({ length: Math.floor(rng() * 4) }, (_, i) => {
      commentId++;
      return `<wp:comment><wp:comment_id>${commentId}</wp:comment_id><wp:comment_author>${cdata('Bạn đọc')}</wp:comment_author><wp:comment_author_email>ban-doc${commentId}@example.vn</wp:comment_author_email><wp:comment_date_gmt>${day}</wp:comment_date_gmt><wp:comment_content>${cdata(sentence(20))}</wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_parent>${i ? commentId - 1 : 0}</wp:comment_parent></wp:comment>`;
    }).join('');
    const item = `<item><title>${cdata(sentence(10))}</title><link>https://cu.example.vn/?p=${posts}</link><dc:creator>bientap</dc:creator>
<content:encoded>${cdata(paragraphs.join('\n\n'))}</content:encoded><excerpt:encoded>${cdata(sentence(25))}</excerpt:encoded>
<wp:post_id>${posts}</wp:post_id><wp:post_date_gmt>${day}</wp:post_date_gmt><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<category domain="category" nicename="${CATEGORIES[posts % CATEGORIES.length]}">x</category>${comments}</item>
`;
    bytes += Buffer.byteLength(item);
    await write(item);
  }
  await write('</channel></rss>\n');
  out.end();
  await once(out, 'finish');
  return posts;
}

/**
 * Peak resident memory of a running process, in KiB (Linux), and of it the
 * anonymous part (heap, buffers, SQLite's page cache): the rest is files
 * mapped in, mostly the database itself (SQLite reads through mmap, up to 256 MiB).
 */
function memoryKib(pid: number): { peak: number; anon: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
    return { peak: field('VmHWM'), anon: field('RssAnon') };
  } catch {
    return { peak: 0, anon: 0 };
  }
}

async function main() {
  const work = mkdtempSync(path.join(tmpdir(), 'toasoan-wp-bench-'));
  const file = path.join(work, 'export.xml');
  const db = await createTestDatabase(dialect);
  try {
    const posts = await generate(file);
    const size = statSync(file).size;
    console.log(`generated ${file}: ${(size / 1024 / 1024).toFixed(0)} MB, ${posts} posts`);
    const started = performance.now();
    const cpuBefore = childCpuSeconds();
    const child = spawn(process.execPath, [BIN, 'import-wordpress', file], {
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: db.url, DATA_DIR: work, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    let peak = 0;
    let anon = 0;
    const timer = setInterval(() => {
      const m = memoryKib(child.pid!);
      peak = Math.max(peak, m.peak);
      anon = Math.max(anon, m.anon);
    }, 50);
    const [code] = (await once(child, 'exit')) as [number];
    clearInterval(timer);
    const seconds = (performance.now() - started) / 1000;
    const cpu = childCpuSeconds() - cpuBefore;
    if (code !== 0) throw new Error(`import failed (${code}): ${stderr.slice(-2000)}`);
    console.log(
      stderr
        .split('\n')
        .filter((l) => !l.startsWith('importing'))
        .join('\n'),
    );
    console.log(
      `${dialect}: ${posts} posts in ${seconds.toFixed(1)} s (${Math.round(posts / seconds)}/s, both passes); ` +
        `CPU ${cpu.toFixed(1)} s, ${((cpu * 1000) / posts).toFixed(2)} ms/post (${Math.round(posts / cpu)}/s), ` +
        `peak RSS ${(peak / 1024).toFixed(0)} MB (anonymous ${(anon / 1024).toFixed(0)} MB) for a ${(size / 1024 / 1024).toFixed(0)} MB file; load ${loadavg()[0]!.toFixed(2)}`,
    );
  } finally {
    await db.drop();
    if (!args.has('keep')) rmSync(work, { recursive: true, force: true });
  }
}

await main();
