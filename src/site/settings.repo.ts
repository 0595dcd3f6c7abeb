import type { Kysely, Transaction } from 'kysely';
import type { Config } from '../config.js';
import type { Database } from '../db/schema.js';
import type { ShellFooter } from '../web/layout.js';

/** The lines a portal must print at its foot (Nghị định 42/2022/NĐ-CP), as the layout shows them. */
export type SiteFooter = ShellFooter;

export interface SiteSettings {
  name: string;
  description: string;
  /** Absolute origin for canonical links and feeds: SiteOrigin's, never a request's. */
  url: string | undefined;
  /** Newsroom settings (quản trị → Cài đặt trang); absent only on the bare error page. */
  logoUrl?: string;
  /** Size of the logo file, so the banner keeps its place while it loads; absent for logos saved before they were kept. */
  logoSize?: { width: number; height: number };
  footer?: SiteFooter;
  /** What the English pages (/en/) show instead: empty fields fall back to the Vietnamese ones. */
  english?: { name: string; description: string; agency: string; address: string };
  /** Links to the organisation's pages for the footer (src/organisation); Site adds them. */
  about?: readonly { href: string; label: string }[];
  /** Editors and admins must turn on two-factor sign-in; STAFF_2FA_REQUIRED is the default until an admin chooses. */
  staffTwoFactorRequired: boolean;
}

/** Settings saved in the database win over the environment's defaults. */
export async function loadSettings(db: Kysely<Database>, config: Config, origin: string): Promise<SiteSettings> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).execute();
  const saved = new Map(rows.map((r) => [r.key, r.value]));
  return {
    name: saved.get('site.name') ?? config.site.name,
    description: saved.get('site.description') ?? config.site.description,
    url: origin,
    logoUrl: saved.get('site.logo_url') ?? '',
    logoSize: size(saved.get('site.logo_width'), saved.get('site.logo_height')),
    footer: {
      agency: saved.get('site.footer.agency') ?? '',
      address: saved.get('site.footer.address') ?? '',
      phone: saved.get('site.footer.phone') ?? '',
      email: saved.get('site.footer.email') ?? '',
      responsible: saved.get('site.footer.responsible') ?? '',
      licence: saved.get('site.footer.licence') ?? '',
    },
    english: {
      name: saved.get('site.en.name') ?? '',
      description: saved.get('site.en.description') ?? '',
      agency: saved.get('site.en.agency') ?? '',
      address: saved.get('site.en.address') ?? '',
    },
    staffTwoFactorRequired: flag(saved.get('security.staff_2fa_required')) ?? config.staffTwoFactorRequired,
  };
}

function size(width: string | undefined, height: string | undefined): SiteSettings['logoSize'] {
  const w = Number(width);
  const h = Number(height);
  return w > 0 && h > 0 ? { width: w, height: h } : undefined;
}

function flag(value: string | undefined): boolean | undefined {
  return value === undefined ? undefined : value === '1';
}

/** Saves settings by key, all or none. */
export async function saveSettings(
  db: Kysely<Database> | Transaction<Database>,
  values: Record<string, string>,
): Promise<void> {
  for (const [key, value] of Object.entries(values)) {
    await db
      .insertInto('settings')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
  }
}

/** Saves the values whose keys have none yet: defaults that never overwrite an admin's choice. */
export async function addMissingSettings(db: Kysely<Database>, values: Record<string, string>): Promise<void> {
  for (const [key, value] of Object.entries(values))
    await db
      .insertInto('settings')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
}

/**
 * The key that signs CSRF tokens, made once and kept in the database so every
 * app instance and every restart shares it. Insert-if-absent, then read: two
 * instances starting together agree on one value.
 */
export async function loadServerSecret(db: Kysely<Database>, fresh: string): Promise<string> {
  await db
    .insertInto('settings')
    .values({ key: 'security.secret', value: fresh })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', 'security.secret')
    .executeTakeFirstOrThrow();
  return row.value;
}
