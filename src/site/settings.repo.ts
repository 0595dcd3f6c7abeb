import type { Kysely, Transaction } from 'kysely';
import type { Config } from '../config.js';
import type { Database } from '../db/schema.js';

export interface SiteSettings {
  name: string;
  description: string;
  /** Absolute origin for canonical links and feeds: SiteOrigin's, never a request's. */
  url: string | undefined;
  /** Newsroom settings (quản trị → Cài đặt trang); absent only on the bare error page. */
  logoUrl?: string;
  footer?: { address: string; phone: string; responsible: string; licence: string };
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
    footer: {
      address: saved.get('site.footer.address') ?? '',
      phone: saved.get('site.footer.phone') ?? '',
      responsible: saved.get('site.footer.responsible') ?? '',
      licence: saved.get('site.footer.licence') ?? '',
    },
    staffTwoFactorRequired: flag(saved.get('security.staff_2fa_required')) ?? config.staffTwoFactorRequired,
  };
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
