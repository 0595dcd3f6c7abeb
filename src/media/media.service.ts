import { createHash } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { pageParam, searchParam, slugParam } from '../newsroom/bulk-actions.js';
import type { Actor } from '../accounts/roles.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Config } from '../config.js';
import type { DbHandle } from '../db/index.js';
import { badRequest, forbidden, notFound, tooLarge, unsupportedMedia, parseOr400 } from '../errors.js';
import { messages } from '../messages/vi.js';
import { assertCanOnSite } from '../accounts/permissions.js';
import { toNfc } from '../vi/normalize.js';
import { ImageRefused, processImage } from './images.js';
import { MediaStore } from './media-store.js';
import { MEDIA_FILE, MEDIA_URL, mediaFileName } from './media-urls.js';
import {
  countMedia,
  deleteMediaRow,
  findMedia,
  findMediaByKey,
  insertMedia,
  listMedia,
  setMediaTrashed,
  type MediaRow,
} from './media.repo.js';
import { hasRoleAtLeast } from '../accounts/roles.js';
import { addToTrash, takeFromTrash } from '../trash/trash.service.js';
import { ATTACHMENT_MIME, sniff, type ImageFormat } from './sniff.js';

export { findImagesByIds, findMedia } from './media.repo.js';

const m = messages.media;

export interface MediaDeps {
  db: DbHandle;
  now: () => Date;
  store: MediaStore;
  limits: Config['media'];
}

export function createMediaDeps(db: DbHandle, config: Config, now: () => Date): MediaDeps {
  return { db, now, store: new MediaStore(path.join(config.dataDir, 'media')), limits: config.media };
}

const IMAGE_EXT: Record<ImageFormat, { ext: string; mime: string }> = {
  jpeg: { ext: 'jpg', mime: 'image/jpeg' },
  png: { ext: 'png', mime: 'image/png' },
  webp: { ext: 'webp', mime: 'image/webp' },
  gif: { ext: 'gif', mime: 'image/gif' },
};

const uploadSchema = z.object({
  // Browsers on Windows may send the whole path; only the last part is the name.
  filename: z.string().transform((s) => toNfc(s.split(/[\\/]/).pop() ?? '').slice(0, 255)),
  alt: z
    .string()
    .transform((s) => toNfc(s).trim())
    .pipe(z.string().max(300, m.altTooLong))
    .default(''),
});

interface Prepared {
  row: Omit<MediaRow, 'id' | 'storage_key' | 'original_name' | 'alt' | 'uploaded_by' | 'created_at' | 'trashed_at'>;
  files: { suffix?: number; ext: string; data: Buffer }[];
}

async function prepare(data: Buffer, maxPixels: number): Promise<Prepared> {
  const kind = sniff(data);
  if (!kind) throw unsupportedMedia(m.unsupported);
  if (kind.kind === 'attachment') {
    const mime = ATTACHMENT_MIME[kind.type];
    return {
      row: {
        kind: 'attachment',
        mime,
        ext: kind.type,
        bytes: data.length,
        width: null,
        height: null,
        variant_widths: '',
      },
      files: [{ ext: kind.type, data }],
    };
  }
  try {
    const img = await processImage(data, kind.format, maxPixels);
    const { ext, mime } = IMAGE_EXT[kind.format];
    return {
      row: {
        kind: 'image',
        mime,
        ext,
        bytes: img.fallback.length,
        width: img.width,
        height: img.height,
        variant_widths: img.variants.map((v) => v.width).join(','),
      },
      files: [
        { ext, data: img.fallback },
        ...img.variants.map((v) => ({ suffix: v.width, ext: 'webp', data: v.data })),
      ],
    };
  } catch (err) {
    if (!(err instanceof ImageRefused)) throw err;
    if (err.reason === 'too_many_pixels') throw tooLarge(m.tooManyPixels(maxPixels / 1_000_000));
    throw unsupportedMedia(err.reason === 'broken' ? m.broken : m.unsupported);
  }
}

/**
 * Checks an upload by its content, re-encodes images, stores the files and
 * then the row. The same content uploaded twice is stored once.
 */
export async function uploadMedia(
  deps: MediaDeps,
  actor: Actor | null,
  input: { filename: string; data: Buffer; alt?: string },
): Promise<MediaRow> {
  assertCanOnSite(actor, 'uploadMedia');
  return storeMedia(deps, actor, input);
}

/**
 * An image the software made itself (the demo content's pictures): checked and
 * stored like an upload, with the audit line in the system's name.
 */
export function storeGeneratedImage(
  deps: MediaDeps,
  input: { filename: string; data: Buffer; alt?: string },
): Promise<MediaRow> {
  return storeMedia(deps, null, input);
}

async function storeMedia(
  deps: MediaDeps,
  actor: Actor | null,
  input: { filename: string; data: Buffer; alt?: string },
): Promise<MediaRow> {
  const { filename, alt } = parseOr400(uploadSchema, { filename: input.filename, alt: input.alt });
  const { data } = input;
  if (data.length === 0) throw badRequest(m.empty);
  if (data.length > deps.limits.maxBytes) throw tooLarge(m.tooLarge(deps.limits.maxBytes / 1024 / 1024));

  const key = createHash('sha256').update(data).digest('hex').slice(0, 24);
  const existing = await findMediaByKey(deps.db.kysely, key);
  if (existing) return existing;

  const prepared = await prepare(data, deps.limits.maxPixels);
  const files = prepared.files.map((f) => ({ name: mediaFileName(key, f.ext, f.suffix), data: f.data }));
  await deps.store.putAll(files);
  const now = deps.now().toISOString();
  try {
    const id = await deps.db.kysely.transaction().execute(async (trx) => {
      const newId = await insertMedia(trx, {
        ...prepared.row,
        storage_key: key,
        original_name: filename,
        alt,
        uploaded_by: actor?.id ?? null,
        created_at: now,
      });
      await recordAudit(trx, {
        actor,
        action: 'media.upload',
        entityType: 'media',
        entityId: newId,
        detail: filename,
        now,
      });
      return newId;
    });
    return (await findMedia(deps.db.kysely, id))!;
  } catch (err) {
    // Someone uploaded the same file at the same moment: theirs is as good as ours, and the files are identical.
    const raced = await findMediaByKey(deps.db.kysely, key);
    if (raced) return raced;
    await deps.store.removeAll(files.map((f) => f.name));
    throw err;
  }
}

export const MEDIA_PAGE_SIZE = 40;
export const MEDIA_KIND_OF_SLUG: Readonly<Record<string, MediaRow['kind']>> = { anh: 'image', tep: 'attachment' };

const libraryQuerySchema = z.object({
  q: searchParam(m.badFilter),
  loai: slugParam(MEDIA_KIND_OF_SLUG, m.badFilter),
  trang: pageParam(m.badFilter),
  // The upload form's "done" flag from before messages were flashes; old bookmarks keep working.
  'da-tai': z.unknown().optional(),
});

/** A page of the library, searched and filtered by ?q=&loai=&trang=; a bad parameter is a 400 in Vietnamese. */
export async function listMediaForStaff(deps: MediaDeps, actor: Actor | null, rawQuery: unknown) {
  assertCanOnSite(actor, 'uploadMedia');
  const query = parseOr400(libraryQuerySchema, rawQuery ?? {});
  const filter = {
    kind: query.loai ? MEDIA_KIND_OF_SLUG[query.loai] : undefined,
    text: query.q ? toNfc(query.q) : undefined,
  };
  const page = query.trang ?? 1;
  const [rows, total] = await Promise.all([
    listMedia(deps.db.kysely, { limit: MEDIA_PAGE_SIZE, offset: (page - 1) * MEDIA_PAGE_SIZE, filter }),
    countMedia(deps.db.kysely, filter),
  ]);
  return { rows, total, page, totalPages: Math.max(1, Math.ceil(total / MEDIA_PAGE_SIZE)), query };
}
export type MediaListing = Awaited<ReturnType<typeof listMediaForStaff>>;

/** The names of the ticked files still in the library, for the question asked before trashing them. */
export async function mediaNames(deps: MediaDeps, actor: Actor | null, ids: readonly number[]): Promise<string[]> {
  requireEditor(actor);
  const rows = await Promise.all(ids.map((id) => findMedia(deps.db.kysely, id)));
  return rows.filter((r) => r && !r.trashed_at).map((r) => r!.original_name);
}

/** Deleting files is the desk's: editors and admins. */
function requireEditor(actor: Actor | null): asserts actor is Actor {
  if (!hasRoleAtLeast(actor, 'editor')) throw forbidden(messages.auth.forbidden);
}

/**
 * Moves files to the trash: out of the library and the pickers. Their files
 * stay on disk until deleted for good, so an article that shows one keeps working.
 */
export async function trashMedia(deps: MediaDeps, actor: Actor | null, ids: readonly number[], batch: string) {
  requireEditor(actor);
  const now = deps.now().toISOString();
  return deps.db.kysely.transaction().execute(async (trx) => {
    const names: string[] = [];
    for (const id of new Set(ids)) {
      const row = await findMedia(trx, id);
      if (!row || row.trashed_at) continue;
      await setMediaTrashed(trx, id, now);
      await addToTrash(trx, { kind: 'media', itemId: id, label: row.original_name, data: {}, batch, actor, now });
      await recordAudit(trx, {
        actor,
        action: 'media.delete',
        entityType: 'media',
        entityId: id,
        detail: row.original_name,
        now,
      });
      names.push(row.original_name);
    }
    return names;
  });
}

export async function restoreMediaFromTrash(deps: MediaDeps, actor: Actor | null, id: number): Promise<void> {
  requireEditor(actor);
  const now = deps.now().toISOString();
  await deps.db.kysely.transaction().execute(async (trx) => {
    const row = await findMedia(trx, id);
    if (!row?.trashed_at || !(await takeFromTrash(trx, 'media', id)))
      throw notFound(messages.newsroom.errors.notInTrash);
    await setMediaTrashed(trx, id, null);
    await recordAudit(trx, {
      actor,
      action: 'media.restore',
      entityType: 'media',
      entityId: id,
      detail: row.original_name,
      now,
    });
  });
}

/** Deletes a trashed file for good: the row (covers that used it are cleared), then its files. Admins only. */
export async function purgeMedia(deps: MediaDeps, actor: Actor | null, id: number): Promise<void> {
  if (!hasRoleAtLeast(actor, 'admin')) throw forbidden(messages.auth.forbidden);
  const now = deps.now().toISOString();
  const row = await deps.db.kysely.transaction().execute(async (trx) => {
    const found = await findMedia(trx, id);
    if (!found?.trashed_at || !(await takeFromTrash(trx, 'media', id)))
      throw notFound(messages.newsroom.errors.notInTrash);
    await deleteMediaRow(trx, id);
    await recordAudit(trx, {
      actor,
      action: 'trash.purge',
      entityType: 'media',
      entityId: id,
      detail: found.original_name,
      now,
    });
    return found;
  });
  const widths = row.variant_widths ? row.variant_widths.split(',').map(Number) : [];
  await deps.store.removeAll([
    mediaFileName(row.storage_key, row.ext),
    ...widths.map((w) => mediaFileName(row.storage_key, 'webp', w)),
  ]);
}

/** The newest images, to choose one from (a cover, the site logo); no permission of its own, the page that offers it checks. */
export async function listImageChoices(db: DbHandle, limit: number): Promise<MediaRow[]> {
  return (await listMedia(db.kysely, { limit, offset: 0 })).filter((row) => row.kind === 'image');
}

const IMAGE_TYPES: Record<string, string> = {
  webp: 'image/webp',
  jpg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
};

/**
 * One stored image as a data: URI, for copies of a page that must open
 * offline (a saved article). Null for anything that is not one of our image
 * files, or is missing: the caller links it instead.
 */
export async function imageDataUri(store: MediaStore, url: string): Promise<string | null> {
  const match = MEDIA_URL.exec(url) && MEDIA_FILE.exec(url.slice('/media/'.length));
  const type = match && IMAGE_TYPES[match[3]!];
  if (!type) return null;
  const data = await store.get(url.slice('/media/'.length));
  return data && `data:${type};base64,${data.toString('base64')}`;
}
