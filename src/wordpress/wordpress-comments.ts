import type { Kysely } from 'kysely';
import {
  contentHash,
  existingCommentIds,
  insertImportedComments,
  storeImportedComment,
  type CommentWrite,
} from '../comments/comments.service.js';
import type { CommentStatus, Database } from '../db/schema.js';
import { toNfc } from '../vi/normalize.js';
import type { ImportReport } from './import-report.js';
import { htmlToText } from './wxr-content.js';
import type { WxrComment } from './wxr-reader.js';
import { findMappings, saveMappings } from './wordpress.repo.js';
import { wpTime } from './wp-time.js';

const STATUS: Record<string, CommentStatus> = { '1': 'approved', '0': 'pending' };

/** What the thread looks like once what we do not keep is out, and depth is what the site shows. */
export interface PlannedComment {
  c: WxrComment;
  status: CommentStatus;
  /** The WordPress id of the comment this one is shown under, or 0 for a top-level one. */
  shownParent: number;
}

/**
 * The site shows a comment and one level of replies. A deeper reply goes under
 * the top of its thread; a reply to a skipped comment (spam, trash) goes under
 * the nearest kept ancestor. Nothing kept is lost. Parents come first.
 */
export function planThread(comments: readonly WxrComment[], report: ImportReport): PlannedComment[] {
  const byId = new Map(comments.map((c) => [c.id, c]));
  const kept = new Map<number, CommentStatus>();
  for (const c of comments) {
    const status = STATUS[c.approved];
    if (c.type && c.type !== 'comment') report.skip('comment', c.type);
    else if (!status) report.skip('comment', c.approved || 'no status');
    else kept.set(c.id, status);
  }
  const nearestKept = (id: number, seen = new Set<number>()): number => {
    let p = byId.get(id)?.parent ?? 0;
    while (p && !kept.has(p)) {
      if (seen.has(p)) return 0;
      seen.add(p);
      p = byId.get(p)?.parent ?? 0;
    }
    return p;
  };
  const top = (id: number): number => {
    const seen = new Set<number>();
    let at = id;
    for (let p = nearestKept(at); p && !seen.has(p); p = nearestKept(at)) {
      seen.add(p);
      at = p;
    }
    return at;
  };
  const planned: PlannedComment[] = [];
  for (const c of comments) {
    const status = kept.get(c.id);
    if (!status) continue;
    const root = top(c.id);
    planned.push({ c, status, shownParent: root === c.id ? 0 : root });
  }
  return planned.sort((a, b) => Number(a.shownParent !== 0) - Number(b.shownParent !== 0) || a.c.id - b.c.id);
}

/**
 * Writes the comments of many posts inside the caller's transaction, updating those imported
 * before: their mappings are read and written once for all the posts, the new ones are inserted
 * one statement per level of the thread (top-level ones, then the replies, which need their
 * parents' ids), and the posts' counts are the caller's (refreshCommentCounts).
 */
export async function importComments(
  trx: Kysely<Database>,
  posts: readonly { articleId: number; comments: readonly WxrComment[] }[],
  report: ImportReport,
  now: string,
): Promise<void> {
  const plans = posts.map((p) => ({ articleId: p.articleId, planned: planThread(p.comments, report) }));
  const mapped = await findMappings(
    trx,
    'comment',
    plans.flatMap((p) => p.planned.map((c) => c.c.id)),
  );
  const alive = await existingCommentIds(
    trx,
    [...mapped.values()].map((m) => m.local_id),
  );
  /** Local ids by post (its place in `posts`) and WordPress id: a reply is shown under a comment of its own post. */
  const local = plans.map(() => new Map<number, number>());
  const created: { kind: 'comment'; wpId: number; localId: number }[] = [];
  for (const replies of [false, true]) {
    const inserts: { post: number; wpId: number; row: { c: CommentWrite; createdAt: string } }[] = [];
    for (const [post, { articleId, planned }] of plans.entries()) {
      for (const { c, status, shownParent } of planned) {
        if ((shownParent !== 0) !== replies) continue;
        const body = toNfc(htmlToText(c.content)).slice(0, 10_000) || '…';
        const before = mapped.get(c.id);
        const id = before && alive.has(before.local_id) ? before.local_id : undefined;
        const write: CommentWrite = {
          article_id: articleId,
          parent_id: shownParent ? (local[post]!.get(shownParent) ?? null) : null,
          user_id: null,
          author_name: toNfc(htmlToText(c.author)).slice(0, 120) || 'Khách',
          // Kept for the staff view; the commenter's IP address is not.
          author_email: c.email.trim().toLowerCase().slice(0, 254) || null,
          body,
          status,
          is_official: 0,
          ip: '',
          content_hash: contentHash(body),
        };
        const createdAt = wpTime(c.dateGmt, c.date) ?? now;
        report.count('comment', id === undefined ? 'created' : 'updated');
        if (id === undefined) inserts.push({ post, wpId: c.id, row: { c: write, createdAt } });
        else local[post]!.set(c.id, await storeImportedComment(trx, id, write, createdAt, now));
      }
    }
    const ids = await insertImportedComments(
      trx,
      inserts.map((i) => i.row),
      now,
    );
    inserts.forEach(({ post, wpId }, n) => {
      local[post]!.set(wpId, ids[n]!);
      created.push({ kind: 'comment', wpId, localId: ids[n]! });
    });
  }
  // The same comment id twice in one export (a broken file) is mapped once, to its last copy.
  await saveMappings(trx, [...new Map(created.map((m) => [m.wpId, m])).values()]);
}
