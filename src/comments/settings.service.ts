import type { Kysely } from 'kysely';
import { hasRoleAtLeast, type Actor } from '../accounts/roles.js';
import type { Database } from '../db/schema.js';
import { forbidden, parseOr400 } from '../errors.js';
import { messages } from '../messages/vi.js';
import { listCommentSettingRows, saveSetting } from './comments.repo.js';
import { settingsSchema } from './comments.schema.js';

/** The site's comment policy, set by admins at /quan-tri/y-kien/cai-dat. */
export interface CommentSettings {
  guestsAllowed: boolean;
  premoderation: 'all' | 'guests' | 'none';
  /** 0: comments stay open. */
  closeAfterDays: number;
  blocklist: string[];
  blocklistAction: 'hold' | 'reject';
}

const DAY_MS = 24 * 3600_000;

export async function loadCommentSettings(db: Kysely<Database>): Promise<CommentSettings> {
  const rows = new Map((await listCommentSettingRows(db)).map((r) => [r.key, r.value]));
  const premod = rows.get('comments.premoderation');
  return {
    guestsAllowed: (rows.get('comments.guests_allowed') ?? '1') === '1',
    premoderation: premod === 'guests' || premod === 'none' ? premod : 'all',
    closeAfterDays: Number(rows.get('comments.close_after_days') ?? 0) || 0,
    blocklist: (rows.get('comments.blocklist') ?? '')
      .split('\n')
      .map((w) => w.trim())
      .filter(Boolean),
    blocklistAction: rows.get('comments.blocklist_action') === 'reject' ? 'reject' : 'hold',
  };
}

/** Open unless closed by hand or older than the site's limit. */
export function areCommentsOpen(
  article: { comments_closed: number; published_at: string | null },
  settings: CommentSettings,
  now: Date,
): boolean {
  if (article.comments_closed === 1 || !article.published_at) return false;
  if (!settings.closeAfterDays) return true;
  return now.getTime() - new Date(article.published_at).getTime() < settings.closeAfterDays * DAY_MS;
}

/** Admins only; all settings change together or not at all. */
export async function saveCommentSettings(
  deps: { db: Kysely<Database>; contentChanged: () => void },
  actor: Actor | null,
  input: unknown,
): Promise<CommentSettings> {
  if (!hasRoleAtLeast(actor, 'admin')) throw forbidden(messages.auth.forbidden);
  const s = parseOr400(settingsSchema, input);
  const words = s.blocklist
    .split('\n')
    .map((w) => w.trim())
    .filter(Boolean);
  await deps.db.transaction().execute(async (trx) => {
    await saveSetting(trx, 'comments.guests_allowed', s.guestsAllowed ? '1' : '0');
    await saveSetting(trx, 'comments.premoderation', s.premoderation);
    await saveSetting(trx, 'comments.close_after_days', String(s.closeAfterDays));
    await saveSetting(trx, 'comments.blocklist', words.join('\n'));
    await saveSetting(trx, 'comments.blocklist_action', s.blocklistAction);
  });
  // The comment form on cached pages depends on these.
  deps.contentChanged();
  return {
    guestsAllowed: s.guestsAllowed,
    premoderation: s.premoderation,
    closeAfterDays: s.closeAfterDays,
    blocklist: words,
    blocklistAction: s.blocklistAction,
  };
}
