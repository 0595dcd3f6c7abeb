import type { Kysely } from 'kysely';
import { titleKey } from '../../articles/title-key.js';

const BATCH = 500;

// The newsroom's article list pages and filters by status, category, author
// and a title search typed with or without marks. title_key is the folded
// headline the search matches; the indexes serve each filter in updated_at order.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('articles').addColumn('title_key', 'text', (c) => c.notNull().defaultTo('')).execute();
  const articles = db as Kysely<{ articles: { id: number; title: string; title_key: string } }>;
  for (let after = 0; ; ) {
    const rows = await articles.selectFrom('articles').select(['id', 'title']).where('id', '>', after).orderBy('id').limit(BATCH).execute();
    for (const r of rows) await articles.updateTable('articles').set({ title_key: titleKey(r.title) }).where('id', '=', r.id).execute();
    const last = rows[rows.length - 1];
    if (!last) break;
    after = last.id;
  }
  await db.schema.createIndex('articles_updated').on('articles').columns(['updated_at', 'id']).execute();
  await db.schema.createIndex('articles_category_updated').on('articles').columns(['category_id', 'updated_at']).execute();
  await db.schema.createIndex('articles_root_category_updated').on('articles').columns(['root_category_id', 'updated_at']).execute();
  await db.schema.createIndex('articles_author_updated').on('articles').columns(['author_id', 'updated_at']).execute();
}
