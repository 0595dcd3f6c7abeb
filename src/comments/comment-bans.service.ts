/*
 * "Chặn người gửi": an editor stops one reader account from commenting (and
 * "Bỏ chặn" lets it again). The reader still signs in and reads; postComment
 * refuses their new comments with a 403 that says why. Guests have no account
 * to stop: marking their comments as spam is what the queue offers for them.
 */
import { findUserById } from '../accounts/accounts.service.js';
import { hasRoleAtLeast, type Actor } from '../accounts/roles.js';
import { recordAudit } from '../audit/audit.service.js';
import { badRequest, forbidden, notFound } from '../errors.js';
import { messages } from '../messages/vi.js';
import { findComment, setCommentsBanned } from './comments.repo.js';
import type { CommentDeps } from './comments.service.js';

const mm = messages.moderation;

/** The account a comment was sent from, if it is one that can be stopped: a reader's, not a guest's or staff's. */
export async function commenterOf(deps: CommentDeps, actor: Actor | null, commentId: number) {
  if (!hasRoleAtLeast(actor, 'editor')) throw forbidden(messages.auth.forbidden);
  const comment = await findComment(deps.db, commentId);
  if (!comment) throw notFound(messages.comments.notFound);
  if (comment.user_id === null) throw badRequest(mm.cannotBanGuest);
  const user = await findUserById(deps.db, comment.user_id);
  if (!user) throw badRequest(mm.cannotBanGuest);
  // Colleagues are not moderated from the queue: an admin locks a staff account on the users page.
  if (user.role !== 'reader') throw badRequest(mm.cannotBanStaff);
  return { id: user.id, name: user.display_name, banned: user.comments_banned === 1 };
}

/** Stops (or lets again) the author of a comment from commenting, logged in the same transaction. */
export async function setCommenterBanned(
  deps: CommentDeps,
  actor: Actor | null,
  commentId: number,
  banned: boolean,
): Promise<{ name: string }> {
  const user = await commenterOf(deps, actor, commentId);
  // Asked twice (a reload of the answer, two editors at once): already so, nothing to log.
  if (user.banned === banned) return user;
  const now = deps.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await setCommentsBanned(trx, user.id, banned, now);
    await recordAudit(trx, {
      actor,
      action: banned ? 'comment.ban' : 'comment.unban',
      entityType: 'user',
      entityId: user.id,
      detail: user.name,
      now,
    });
  });
  return user;
}
