import { z } from 'zod';
import type { Actor } from '../accounts/roles.js';
import type { ArticleDeps } from '../articles/articles.service.js';
import { recordAudit } from '../audit/audit.service.js';
import { badRequest, parseOr400 } from '../errors.js';
import { mediaUrl } from '../media/media-urls.js';
import { findMedia } from '../media/media.service.js';
import { messages } from '../messages/vi.js';
import { assertCanOnSite } from '../accounts/permissions.js';
import { toNfc } from '../vi/normalize.js';
import { saveSettings } from './settings.repo.js';

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
  address: text(300),
  phone: text(60),
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
  let logoUrl = '';
  if (v.logoMediaId !== null) {
    const logo = await findMedia(deps.db.kysely, v.logoMediaId);
    if (logo?.kind !== 'image') throw badRequest(s.badLogo);
    logoUrl = mediaUrl(logo, Number(logo.variant_widths.split(',')[0]));
  }
  const now = deps.now().toISOString();
  await deps.db.kysely.transaction().execute(async (trx) => {
    await saveSettings(trx, {
      'site.name': v.name,
      'site.description': v.description,
      'site.logo_url': logoUrl,
      'site.footer.address': v.address,
      'site.footer.phone': v.phone,
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
