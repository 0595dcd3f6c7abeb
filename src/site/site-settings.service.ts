import { z } from 'zod';
import type { Actor } from '../accounts/roles.js';
import type { ArticleDeps } from '../articles/articles.service.js';
import { recordAudit } from '../audit/audit.service.js';
import { badRequest, parseOr400 } from '../errors.js';
import { mediaUrl, variantWidths } from '../media/media-urls.js';
import type { MediaRow } from '../media/media.repo.js';
import { findMedia } from '../media/media.service.js';
import { messages } from '../messages/vi.js';
import { assertCanOnSite } from '../accounts/permissions.js';
import { toNfc } from '../vi/normalize.js';
import { addMissingSettings, saveSettings } from './settings.repo.js';

const s = messages.settingsAdmin;
const text = (max: number) =>
  z
    .string()
    .transform((v) => toNfc(v).trim())
    .pipe(z.string().max(max, s.tooLong))
    .default('');

const settingsSchema = z.object({
  name: z
    .string()
    .transform((v) => toNfc(v).trim())
    .pipe(z.string().min(1, s.nameRequired).max(120, s.tooLong)),
  description: text(300),
  logoMediaId: z.number().int().positive().nullable().default(null),
  agency: text(200),
  address: text(300),
  phone: text(60),
  email: z
    .string()
    .transform((v) => toNfc(v).trim().toLowerCase())
    .refine((v) => v === '' || z.email().max(254).safeParse(v).success, s.badEmail)
    .default(''),
  nameEn: text(120),
  descriptionEn: text(300),
  agencyEn: text(200),
  addressEn: text(300),
  responsible: text(200),
  licence: text(300),
  staffTwoFactorRequired: z.boolean().default(false),
});

/** `actorHasTwoFactor`: whether the admin saving has it on, so they cannot require what would shut them out of this page. */
export async function updateSiteSettings(
  deps: ArticleDeps,
  actor: Actor | null,
  input: unknown,
  actorHasTwoFactor: boolean,
): Promise<void> {
  assertCanOnSite(actor, 'manageSettings');
  const v = parseOr400(settingsSchema, input);
  if (v.staffTwoFactorRequired && !actorHasTwoFactor) throw badRequest(s.twoFactorFirst);
  let logo = { url: '', width: '', height: '' };
  if (v.logoMediaId !== null) {
    const row = await findMedia(deps.db.kysely, v.logoMediaId);
    if (row?.kind !== 'image') throw badRequest(s.badLogo);
    logo = logoFile(row);
  }
  const now = deps.now().toISOString();
  await deps.db.kysely.transaction().execute(async (trx) => {
    await saveSettings(trx, {
      'site.name': v.name,
      'site.description': v.description,
      'site.logo_url': logo.url,
      'site.logo_width': logo.width,
      'site.logo_height': logo.height,
      'site.footer.agency': v.agency,
      'site.footer.address': v.address,
      'site.footer.phone': v.phone,
      'site.footer.email': v.email,
      'site.en.name': v.nameEn,
      'site.en.description': v.descriptionEn,
      'site.en.agency': v.agencyEn,
      'site.en.address': v.addressEn,
      'site.footer.responsible': v.responsible,
      'site.footer.licence': v.licence,
      'security.staff_2fa_required': v.staffTwoFactorRequired ? '1' : '0',
    });
    await recordAudit(trx, {
      actor,
      action: 'settings.update',
      entityType: 'settings',
      entityId: null,
      detail: `${v.name}; staff 2FA ${v.staffTwoFactorRequired ? 'required' : 'optional'}`,
      now,
    });
  });
  // Every page shows the name and the footer.
  deps.contentChanged();
}

/** The smallest WebP variant is plenty for a banner logo; its size goes in the <img> so the header never jumps. */
function logoFile(row: MediaRow): { url: string; width: string; height: string } {
  const width = variantWidths(row)[0];
  const url = width ? mediaUrl(row, width) : mediaUrl(row);
  const w = width ?? row.width ?? 0;
  const h = row.width && row.height ? Math.round((row.height * w) / row.width) : 0;
  return { url, width: w && h ? String(w) : '', height: w && h ? String(h) : '' };
}

/** Demo or first-run defaults (src/demo): saved where no value is set, never over an admin's. */
export async function addDefaultSettings(deps: ArticleDeps, values: Record<string, string>): Promise<void> {
  await addMissingSettings(deps.db.kysely, values);
  deps.contentChanged();
}
