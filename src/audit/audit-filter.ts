import { z } from 'zod';
import { badRequest, parseOr400 } from '../errors.js';
import { messages } from '../messages/vi.js';
import { parseVnDateTime } from '../vi/dates.js';

const a = messages.auditLog;
const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const blank = (v: unknown) => (v === '' ? undefined : v);
const text = (message: string) => z.preprocess((v) => blank(first(v)), z.string().trim().max(80, message).optional());

/**
 * ?hanh-dong= takes Vietnamese words, like every URL of the site; the codes
 * stay inside (the log never shows them, not even in the page's source).
 */
export const ACTION_OF_SLUG: Readonly<Record<string, string>> = {
  'gui-bai': 'article.submit',
  'rut-bai': 'article.withdraw',
  'tra-lai': 'article.return',
  'xuat-ban': 'article.publish',
  'hen-gio': 'article.schedule',
  'len-trang-dung-gio': 'article.scheduled_live',
  'go-bai': 'article.unpublish',
  'xoa-bai': 'article.delete',
  'khoi-phuc-phien-ban': 'article.restore_revision',
  'tao-chuyen-muc': 'category.create',
  'sua-chuyen-muc': 'category.update',
  'cai-dat': 'settings.update',
  'tai-len-tep': 'media.upload',
  'moi-nguoi-dung': 'user.invite',
  'doi-vai-tro': 'user.role_change',
  'khoa-tai-khoan': 'user.disable',
  'duyet-y-kien': 'comment.approve',
  'khong-dang-y-kien': 'comment.reject',
  'danh-dau-spam': 'comment.spam',
  'xoa-y-kien': 'comment.delete',
  'tra-loi-y-kien': 'comment.reply',
  'sua-y-kien': 'comment.edit',
  'chan-nguoi-gui': 'comment.ban',
  'bo-chan-nguoi-gui': 'comment.unban',
  'dong-y-kien-bai': 'comment.close_article',
  'mo-lai-y-kien-bai': 'comment.reopen_article',
  'khoi-phuc-bai': 'article.restore',
  'khoi-phuc-y-kien': 'comment.restore',
  'xoa-chuyen-muc': 'category.delete',
  'khoi-phuc-chuyen-muc': 'category.restore',
  'xoa-tep': 'media.delete',
  'khoi-phuc-tep': 'media.restore',
  'xoa-han': 'trash.purge',
};

/** The filter as typed in the URL, kept as text so the form shows it back as it was. */
export const auditQuerySchema = z.object({
  nguoi: z.preprocess(
    (v) => blank(first(v)),
    z
      .string()
      .regex(/^\d{1,9}$/, a.badUser)
      .optional(),
  ),
  'hanh-dong': text(a.badAction).refine((v) => v === undefined || v in ACTION_OF_SLUG, a.badAction),
  tu: text(a.badDate),
  den: text(a.badDate),
});
export type AuditQuery = z.output<typeof auditQuerySchema>;

export interface AuditFilter {
  actorId?: number;
  action?: string;
  /** UTC ISO bounds: from the start of `tu` to the start of the day after `den`, both in Vietnam time. */
  from?: string;
  before?: string;
}

const DAY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** Midnight in Vietnam at the start of a dd/mm/yyyy day (plus `days`), as UTC ISO; null if no such day. */
function vnMidnight(day: string, days = 0): string | null {
  const m = DAY.exec(day);
  if (!m) return null;
  const start = parseVnDateTime(`00:00 ${m[1]}/${m[2]}/${m[3]}`);
  if (start === null || days === 0) return start;
  // Calendar arithmetic in UTC fields, then back through the Vietnam clock.
  const next = new Date(Date.UTC(Number(m[3]), Number(m[2]) - 1, Number(m[1]) + days));
  return parseVnDateTime(`00:00 ${next.getUTCDate()}/${next.getUTCMonth() + 1}/${next.getUTCFullYear()}`);
}

/** Reads ?nguoi=&hanh-dong=&tu=&den= or throws a 400 with a Vietnamese message. */
export function parseAuditQuery(raw: unknown): { query: AuditQuery; filter: AuditFilter } {
  const query = parseOr400(auditQuerySchema, raw ?? {});
  const from = query.tu === undefined ? undefined : vnMidnight(query.tu);
  const before = query.den === undefined ? undefined : vnMidnight(query.den, 1);
  if (from === null || before === null) throw badRequest(a.badDate);
  if (from !== undefined && before !== undefined && from >= before) throw badRequest(a.badRange);
  return {
    query,
    filter: {
      actorId: query.nguoi === undefined ? undefined : Number(query.nguoi),
      action: query['hanh-dong'] === undefined ? undefined : ACTION_OF_SLUG[query['hanh-dong']],
      from,
      before,
    },
  };
}
