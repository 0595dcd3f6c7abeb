import type { Kysely } from 'kysely';
import { hasRoleAtLeast, type Actor } from '../accounts/roles.js';
import { refused } from '../accounts/permissions.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Database } from '../db/schema.js';
import { badRequest, notFound, parseOr400 } from '../errors.js';
import { messages } from '../messages/vi.js';
import { toNfc } from '../vi/normalize.js';
import {
  deleteRedirectRow,
  findRedirect,
  findTarget,
  findTargets,
  listRedirects,
  pathTaken,
  updateRedirectRow,
  upsertRedirects,
  type RedirectRow,
} from './redirects.repo.js';
import { redirectFormSchema } from './redirects.schema.js';

export type { RedirectRow } from './redirects.repo.js';

const m = messages.redirects;

/** The query parameters that name content on a WordPress site (?p=, ?page_id=, ?cat=): the only ones kept. */
const ID_PARAMS = ['p', 'page_id', 'cat'];

/**
 * One spelling for an old address, whoever wrote it: percent-escapes decoded,
 * NFC, no trailing slash, and of the query only WordPress's id parameters.
 * Null for what can never be an old address (the home page itself).
 */
export function redirectKey(address: string): string | null {
  let url: URL;
  try {
    url = new URL(address, 'http://old.invalid');
  } catch {
    return null;
  }
  let path = url.pathname;
  try {
    path = decodeURIComponent(path);
  } catch {
    // A malformed escape is kept as written; it simply matches nothing.
  }
  path = toNfc(path).replace(/\/+$/, '') || '/';
  const kept = ID_PARAMS.filter((p) => url.searchParams.has(p)).map((p) => `${p}=${url.searchParams.get(p)}`);
  const key = kept.length ? `${path}?${kept.join('&')}` : path;
  return key === '/' ? null : key.slice(0, 500);
}

/** Where an old address now lives, if it is one. */
export async function redirectFor(db: Kysely<Database>, address: string): Promise<string | null> {
  const key = redirectKey(address);
  return key ? ((await findTarget(db, key)) ?? null) : null;
}

/** For importers, inside their transaction. */
export function saveRedirect(db: Kysely<Database>, oldAddress: string, target: string, now: string) {
  return saveRedirects(db, [{ oldAddress, target }], now);
}

/** The same for many addresses, in two statements; a later address repeated wins, as one save after another. */
export async function saveRedirects(
  db: Kysely<Database>,
  redirects: readonly { oldAddress: string; target: string }[],
  now: string,
): Promise<void> {
  const wanted = new Map<string, string>();
  for (const r of redirects) {
    const key = redirectKey(r.oldAddress);
    if (key && key !== r.target) wanted.set(key, r.target);
  }
  // Asked first, so a second import of the same site writes nothing.
  const current = await findTargets(db, [...wanted.keys()]);
  await upsertRedirects(
    db,
    [...wanted].filter(([key, target]) => current.get(key) !== target),
    now,
  );
}

export const REDIRECTS_PER_PAGE = 50;

function assertEditor(actor: Actor | null): asserts actor is Actor {
  if (!hasRoleAtLeast(actor, 'editor')) throw refused();
}

export async function listRedirectsForStaff(
  db: Kysely<Database>,
  actor: Actor | null,
  opts: { page: number; q?: string },
): Promise<RedirectRow[]> {
  assertEditor(actor);
  return listRedirects(db, { limit: REDIRECTS_PER_PAGE, offset: (opts.page - 1) * REDIRECTS_PER_PAGE, q: opts.q });
}

export async function findRedirectForStaff(db: Kysely<Database>, actor: Actor | null, id: number) {
  assertEditor(actor);
  const row = await findRedirect(db, id);
  if (!row) throw notFound(m.notFound);
  return row;
}

export async function updateRedirect(
  db: Kysely<Database>,
  actor: Actor | null,
  id: number,
  input: unknown,
  now: Date,
): Promise<void> {
  assertEditor(actor);
  const data = parseOr400(redirectFormSchema, input);
  const oldPath = redirectKey(data.oldPath);
  if (!oldPath) throw badRequest(m.badOldPath);
  await db.transaction().execute(async (trx) => {
    const row = await findRedirect(trx, id);
    if (!row) throw notFound(m.notFound);
    if (await pathTaken(trx, oldPath, id)) throw badRequest(m.pathTaken);
    const at = now.toISOString();
    await updateRedirectRow(trx, id, oldPath, data.target, at);
    await recordAudit(trx, {
      actor,
      action: 'redirect.update',
      entityType: 'redirect',
      entityId: id,
      detail: `${oldPath} → ${data.target}`,
      now: at,
    });
  });
}

export async function deleteRedirect(db: Kysely<Database>, actor: Actor | null, id: number, now: Date) {
  assertEditor(actor);
  await db.transaction().execute(async (trx) => {
    const row = await findRedirect(trx, id);
    if (!row) throw notFound(m.notFound);
    await deleteRedirectRow(trx, id);
    await recordAudit(trx, {
      actor,
      action: 'redirect.delete',
      entityType: 'redirect',
      entityId: id,
      detail: `${row.old_path} → ${row.target}`,
      now: now.toISOString(),
    });
  });
}
