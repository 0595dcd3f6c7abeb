import { z } from 'zod';
import type { Actor } from '../accounts/roles.js';
import { assertCanOnSite } from '../accounts/permissions.js';
import type { ArticleDeps } from '../articles/articles.service.js';
import { sanitizeArticleHtml } from '../articles/sanitize.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Kysely, Transaction } from 'kysely';
import type { Database, DbHandle } from '../db/index.js';
import { badRequest, notFound, parseOr400 } from '../errors.js';
import { findImagesByIds, findMedia } from '../media/media.service.js';
import { messages } from '../messages/vi.js';
import { toNfc } from '../vi/normalize.js';
import {
  deleteFrom,
  deletePage,
  findLeader,
  findUnit,
  insertLeader,
  insertUnit,
  listLeaders,
  listPages,
  listUnits,
  nextPosition,
  putPage,
  updateLeader,
  updateUnit,
  type OrgLeaderRow,
  type OrgPageRow,
  type OrgUnitRow,
} from './organisation.repo.js';
import type { OrgLang, OrgPageKey } from './organisation.schema.js';
import { englishMenu, ORG_PAGES } from './org-pages.js';

export type { OrgLeaderRow, OrgPageRow, OrgUnitRow };
export type OrgDeps = Pick<ArticleDeps, 'db' | 'now' | 'contentChanged'>;
const a = messages.organisation.admin;

const text = (max: number, required?: string) =>
  z
    .string()
    .default('')
    .transform((v) => toNfc(v).replace(/\s+/g, ' ').trim())
    .pipe(required ? z.string().min(1, required).max(max, a.tooLong) : z.string().max(max, a.tooLong));
const body = z
  .string()
  .default('')
  .transform((v) => toNfc(v).trim())
  .pipe(z.string().max(200_000, a.bodyTooLong));
const email = z
  .string()
  .default('')
  .transform((v) => toNfc(v).trim().toLowerCase())
  .refine((v) => v === '' || z.email().max(254).safeParse(v).success, a.badEmail);
// Empty means "at the end".
const position = z
  .string()
  .default('')
  .transform((v) => v.trim())
  .refine((v) => /^\d{0,4}$/.test(v), a.badPosition)
  .transform((v) => (v === '' ? '' : Number(v)));

const pageSchema = z.object({
  titleVi: text(200, a.titleRequired),
  bodyVi: body,
  titleEn: text(200),
  bodyEn: body,
});
const unitSchema = z.object({
  name: text(200, a.unitNameRequired),
  nameEn: text(200),
  head: text(200),
  phone: text(60),
  email,
  address: text(300),
  position,
});
const leaderSchema = z.object({
  name: text(120, a.leaderNameRequired),
  role: text(200, a.roleRequired),
  roleEn: text(200),
  phone: text(60),
  email,
  photoMediaId: z
    .string()
    .default('')
    .refine((v) => /^(|[1-9]\d{0,9})$/.test(v), a.badPhoto)
    .transform((v) => (v === '' ? '' : Number(v))),
  position,
});

export type PageInput = z.input<typeof pageSchema>;
export type UnitInput = z.input<typeof unitSchema>;
export type LeaderInput = z.input<typeof leaderSchema>;

/** A leader as the pages show them: the row and their photo's image fields, when they have one. */
export type LeaderWithPhoto = OrgLeaderRow & { photo: Awaited<ReturnType<typeof findImagesByIds>>[number] | undefined };

/** Everything one of the organisation's pages shows, in one language. */
export interface OrgPageView {
  page: OrgPageKey;
  lang: OrgLang;
  /** undefined: nobody has written this page in this language. */
  content: OrgPageRow | undefined;
  /** Which pages have an English version: for the menu, the language switch and hreflang. */
  withEnglish: ReadonlySet<OrgPageKey>;
  units: OrgUnitRow[];
  leaders: LeaderWithPhoto[];
}

export async function loadOrgPage(db: DbHandle, page: OrgPageKey, lang: OrgLang): Promise<OrgPageView> {
  const k = db.kysely;
  const [rows, units, leaders] = await Promise.all([
    listPages(k),
    page === 'structure' ? listUnits(k) : [],
    page === 'leaders' ? listLeaders(k) : [],
  ]);
  return {
    page,
    lang,
    content: rows.find((r) => r.page === page && r.lang === lang),
    withEnglish: new Set(rows.filter((r) => r.lang === 'en').map((r) => r.page)),
    units,
    leaders: await withPhotos(db, leaders),
  };
}

async function withPhotos(db: DbHandle, leaders: OrgLeaderRow[]): Promise<LeaderWithPhoto[]> {
  const ids = leaders.map((l) => l.photo_media_id).filter((id): id is number => id !== null);
  const photos = await findImagesByIds(db.kysely, ids);
  return leaders.map((l) => ({ ...l, photo: photos.find((p) => p.id === l.photo_media_id) }));
}

/** For the back office: the pages, units and leaders as they are now. */
export async function loadOrgForStaff(deps: OrgDeps, actor: Actor | null) {
  assertCanOnSite(actor, 'manageOrganisation');
  const k = deps.db.kysely;
  const [pages, units, leaders] = await Promise.all([listPages(k), listUnits(k), listLeaders(k)]);
  return { pages, units, leaders };
}

export async function findUnitForStaff(deps: OrgDeps, actor: Actor | null, id: number): Promise<OrgUnitRow> {
  assertCanOnSite(actor, 'manageOrganisation');
  const unit = await findUnit(deps.db.kysely, id);
  if (!unit) throw notFound(a.unitNotFound);
  return unit;
}

export async function findLeaderForStaff(deps: OrgDeps, actor: Actor | null, id: number): Promise<OrgLeaderRow> {
  assertCanOnSite(actor, 'manageOrganisation');
  const leader = await findLeader(deps.db.kysely, id);
  if (!leader) throw notFound(a.leaderNotFound);
  return leader;
}

/**
 * Saves a page in both languages at once. Both bodies go through the articles'
 * sanitiser; an empty English title and body remove the English version.
 */
export async function saveOrgPage(
  deps: OrgDeps,
  actor: Actor | null,
  page: OrgPageKey,
  input: PageInput,
): Promise<void> {
  assertCanOnSite(actor, 'manageOrganisation');
  const v = parseOr400(pageSchema, input);
  if (!v.titleEn && v.bodyEn) throw badRequest(a.englishTitleRequired);
  const now = deps.now().toISOString();
  await change(
    deps,
    actor,
    'organisation.page',
    null,
    `${page}: ${v.titleVi}${v.titleEn ? ` / ${v.titleEn}` : ''}`,
    async (trx) => {
      await putPage(trx, {
        page,
        lang: 'vi',
        title: v.titleVi,
        body_html: sanitizeArticleHtml(v.bodyVi),
        updated_at: now,
      });
      if (v.titleEn)
        await putPage(trx, {
          page,
          lang: 'en',
          title: v.titleEn,
          body_html: sanitizeArticleHtml(v.bodyEn),
          updated_at: now,
        });
      else await deletePage(trx, page, 'en');
    },
  );
}

export async function saveUnit(
  deps: OrgDeps,
  actor: Actor | null,
  id: number | null,
  input: UnitInput,
): Promise<number> {
  assertCanOnSite(actor, 'manageOrganisation');
  const v = parseOr400(unitSchema, input);
  const k = deps.db.kysely;
  const row = unitRow(v, v.position === '' ? await nextPosition(k, 'org_units') : v.position, deps.now());
  const saved = await change(
    deps,
    actor,
    id ? 'organisation.unit_update' : 'organisation.unit_create',
    id,
    v.name,
    async (trx) => {
      if (id === null) return insertUnit(trx, row);
      if (!(await updateUnit(trx, id, row))) throw notFound(a.unitNotFound);
    },
  );
  return saved!;
}

export async function saveLeader(
  deps: OrgDeps,
  actor: Actor | null,
  id: number | null,
  input: LeaderInput,
): Promise<number> {
  assertCanOnSite(actor, 'manageOrganisation');
  const v = parseOr400(leaderSchema, input);
  const k = deps.db.kysely;
  if (v.photoMediaId !== '' && (await findMedia(k, v.photoMediaId))?.kind !== 'image') throw badRequest(a.badPhoto);
  const row = leaderRow(v, v.position === '' ? await nextPosition(k, 'org_leaders') : v.position, deps.now());
  const saved = await change(
    deps,
    actor,
    id ? 'organisation.leader_update' : 'organisation.leader_create',
    id,
    v.name,
    async (trx) => {
      if (id === null) return insertLeader(trx, row);
      if (!(await updateLeader(trx, id, row))) throw notFound(a.leaderNotFound);
    },
  );
  return saved!;
}

export async function deleteUnit(deps: OrgDeps, actor: Actor | null, id: number): Promise<void> {
  const unit = await findUnitForStaff(deps, actor, id);
  await change(deps, actor, 'organisation.unit_delete', id, unit.name, async (trx) => {
    if (!(await deleteFrom(trx, 'org_units', id))) throw notFound(a.unitNotFound);
  });
}

export async function deleteLeader(deps: OrgDeps, actor: Actor | null, id: number): Promise<void> {
  const leader = await findLeaderForStaff(deps, actor, id);
  await change(deps, actor, 'organisation.leader_delete', id, leader.name, async (trx) => {
    if (!(await deleteFrom(trx, 'org_leaders', id))) throw notFound(a.leaderNotFound);
  });
}

const unitRow = (v: z.output<typeof unitSchema>, position: number, now: Date) => ({
  name: v.name,
  name_en: v.nameEn,
  head: v.head,
  phone: v.phone,
  email: v.email,
  address: v.address,
  position,
  updated_at: now.toISOString(),
});

const leaderRow = (v: z.output<typeof leaderSchema>, position: number, now: Date) => ({
  name: v.name,
  role: v.role,
  role_en: v.roleEn,
  phone: v.phone,
  email: v.email,
  photo_media_id: v.photoMediaId === '' ? null : v.photoMediaId,
  position,
  updated_at: now.toISOString(),
});

/** A change and its audit line commit together; then every cached page drops (the footer and menus show these pages). */
async function change(
  deps: OrgDeps,
  actor: Actor | null,
  action: string,
  entityId: number | null,
  detail: string,
  /** Returns the new row's id when it makes one. */
  write: (trx: Transaction<Database>) => Promise<number | void>,
): Promise<number | null> {
  const now = deps.now().toISOString();
  const id = await deps.db.kysely.transaction().execute(async (trx) => {
    const made = (await write(trx)) ?? entityId;
    await recordAudit(trx, { actor, action, entityType: 'organisation', entityId: made, detail, now });
    return made;
  });
  deps.contentChanged();
  return id;
}

/** Demo or starting content: pages in both languages, units and leaders (see src/demo). */
export interface OrgSeed {
  pages: Record<OrgPageKey, Record<OrgLang, { title: string; body: string }>>;
  units: Omit<UnitInput, 'position'>[];
  leaders: Omit<LeaderInput, 'position' | 'photoMediaId'>[];
}

/** Fills the pages of a site that has none yet; nobody acts, so nothing goes in the audit log. Returns whether it wrote. */
export async function seedOrganisation(deps: OrgDeps, seed: OrgSeed): Promise<boolean> {
  const k = deps.db.kysely;
  if ((await listPages(k)).length) return false;
  const now = deps.now();
  await k.transaction().execute(async (trx) => {
    for (const [page, langs] of Object.entries(seed.pages) as [OrgPageKey, OrgSeed['pages'][OrgPageKey]][])
      for (const lang of ['vi', 'en'] as const)
        await putPage(trx, {
          page,
          lang,
          title: langs[lang].title,
          body_html: sanitizeArticleHtml(langs[lang].body),
          updated_at: now.toISOString(),
        });
    for (const [i, u] of seed.units.entries()) await insertUnit(trx, unitRow(parseOr400(unitSchema, u), i + 1, now));
    for (const [i, l] of seed.leaders.entries())
      await insertLeader(trx, leaderRow(parseOr400(leaderSchema, l), i + 1, now));
  });
  deps.contentChanged();
  return true;
}

/** The pages that have Vietnamese text, in menu order, with where they live: what an export carries. */
export async function vietnameseOrgPages(db: Kysely<Database>): Promise<(OrgPageRow & { path: string })[]> {
  const rows = await listPages(db);
  return ORG_PAGES.flatMap((def) => {
    const row = rows.find((r) => r.page === def.key && r.lang === 'vi');
    return row ? [{ ...row, path: def.vi }] : [];
  });
}

/** The pages' addresses for the sitemap: every Vietnamese page (each answers), and the English ones that are written. */
export async function orgSitemapPaths(db: DbHandle): Promise<string[]> {
  const english = new Set((await listPages(db.kysely)).filter((r) => r.lang === 'en').map((r) => r.page));
  return [...ORG_PAGES.map((p) => p.vi), ...englishMenu(english).map((l) => l.href)];
}

/** The pages that have Vietnamese text: an importer fills only those that do not (or that it filled itself). */
export async function orgPagesWritten(db: DbHandle): Promise<Set<OrgPageKey>> {
  return new Set((await listPages(db.kysely)).filter((r) => r.lang === 'vi').map((r) => r.page));
}

/** For importers, inside their transaction: a page's Vietnamese title and body (already sanitised). */
export async function putImportedOrgPage(
  trx: Transaction<Database>,
  page: OrgPageKey,
  title: string,
  bodyHtml: string,
  now: string,
): Promise<void> {
  await putPage(trx, { page, lang: 'vi', title: title.slice(0, 200), body_html: bodyHtml, updated_at: now });
}
