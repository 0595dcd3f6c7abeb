import type { Kysely } from 'kysely';

const BATCH = 500;
type Comments = { comments: { id: number; body: string; body_html: string; body_html_version: number } };

// Comments keep their HTML beside the plain text (the source), rendered once
// when written; pages concatenate it. This fills it for the rows already there.
export async function up(db: Kysely<unknown>): Promise<void> {
  // SQLite adds one column per statement.
  await db.schema
    .alterTable('comments')
    .addColumn('body_html', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('comments')
    .addColumn('body_html_version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  const comments = db as Kysely<Comments>;
  for (let after = 0; ;) {
    const rows = await comments
      .selectFrom('comments')
      .select(['id', 'body'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    for (const r of rows) {
      await comments
        .updateTable('comments')
        .set({ body_html: renderV1(r.body), body_html_version: 1 })
        .where('id', '=', r.id)
        .execute();
    }
    const last = rows[rows.length - 1];
    if (!last) break;
    after = last.id;
  }
}

/*
 * Version 1 of the comment renderer (src/comments/comment-text.ts), copied and
 * frozen: a migration must give the same result whatever the application's
 * renderer later becomes. A newer version re-renders these rows at start-up.
 */
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

function linkify(line: string): string {
  let out = '';
  let last = 0;
  for (const match of line.matchAll(/https?:\/\/[^\s<>"'`]+/g)) {
    const url = match[0].replace(/[.,;:!?)\]}»"']+$/, '');
    const shown = escape(url);
    out += `${escape(line.slice(last, match.index))}<a href="${shown}" rel="nofollow ugc noopener">${shown}</a>`;
    last = match.index + url.length;
  }
  return out + escape(line.slice(last));
}

export function renderV1(body: string): string {
  return body
    .split(/\n{2,}/)
    .map((para) => `<p>${para.split('\n').map(linkify).join('<br>')}</p>`)
    .join('');
}
