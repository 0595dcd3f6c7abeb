import type { Kysely } from 'kysely';

const BATCH = 500;

// The newsroom's article list pages and filters by status, category, author
// and a title search typed with or without marks. title_key is the folded
// headline the search matches; the indexes serve each filter in updated_at order.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('articles')
    .addColumn('title_key', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  const articles = db as Kysely<{ articles: { id: number; title: string; title_key: string } }>;
  for (let after = 0; ;) {
    const rows = await articles
      .selectFrom('articles')
      .select(['id', 'title'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    for (const r of rows)
      await articles
        .updateTable('articles')
        .set({ title_key: titleKey(r.title) })
        .where('id', '=', r.id)
        .execute();
    const last = rows[rows.length - 1];
    if (!last) break;
    after = last.id;
  }
  await db.schema.createIndex('articles_updated').on('articles').columns(['updated_at', 'id']).execute();
  await db.schema
    .createIndex('articles_category_updated')
    .on('articles')
    .columns(['category_id', 'updated_at'])
    .execute();
  await db.schema
    .createIndex('articles_root_category_updated')
    .on('articles')
    .columns(['root_category_id', 'updated_at'])
    .execute();
  await db.schema.createIndex('articles_author_updated').on('articles').columns(['author_id', 'updated_at']).execute();
}

/** titleKey (articles/title-key.ts) as it was when this migration was written, frozen here. */
export function titleKey(title: string): string {
  let out = '';
  for (const ch of title) out += foldChar(ch);
  return out.toLowerCase().replace(/\s+/g, ' ').trim();
}

// Drops combining marks, maps đ/Đ (and the look-alike ð/Ð) to d/D, and folds any letter
// below U+2000 whose NFD is an ASCII letter plus marks; everything else stays.
function foldChar(ch: string): string {
  const c = ch.charCodeAt(0);
  if (c >= 0x300 && c <= 0x36f) return '';
  if (c === 0x110 || c === 0xd0) return 'D';
  if (c === 0x111 || c === 0xf0) return 'd';
  if (c < 0x80 || c >= 0x2000) return ch;
  const nfd = ch.normalize('NFD');
  return nfd.charCodeAt(0) < 0x80 && /^.[\u0300-\u036f]+$/.test(nfd) ? nfd[0]! : ch;
}
