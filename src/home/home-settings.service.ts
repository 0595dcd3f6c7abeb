import { z } from 'zod';
import type { Actor } from '../accounts/roles.js';
import { assertCanOnSite } from '../accounts/permissions.js';
import type { ArticleDeps } from '../articles/articles.service.js';
import { recordAudit } from '../audit/audit.service.js';
import { badRequest, parseOr400 } from '../errors.js';
import { messages } from '../messages/vi.js';
import { toNfc } from '../vi/normalize.js';
import { SIDEBAR_BLOCKS, type SidebarEntry } from './sidebar.js';
import { saveSidebar, type SiteLink } from './sidebar.repo.js';

const s = messages.homeSettings;
export const MAX_LINKS = 50;

const position = z.coerce
  .number({ error: s.badPosition })
  .int(s.badPosition)
  .min(1, s.badPosition)
  .max(99, s.badPosition);
const linkSchema = z.object({
  name: z
    .string()
    .transform((v) => toNfc(v).trim())
    .pipe(z.string().min(1, s.nameRequired).max(200, s.tooLong)),
  url: z
    .string()
    .trim()
    .max(500, s.badUrl)
    .refine((v) => {
      try {
        const u = new URL(v);
        return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname !== '';
      } catch {
        return false;
      }
    }, s.badUrl),
  position,
});

const formSchema = z.object({
  blocks: z.array(z.object({ id: z.enum(SIDEBAR_BLOCKS), on: z.boolean(), position })),
  links: z.array(linkSchema).max(MAX_LINKS, s.tooMany),
});

export interface HomeSettingsInput {
  blocks: { id: string; on: boolean; position: string }[];
  /** Rows with both cells empty are dropped before this. */
  links: { name: string; url: string; position: string }[];
}

/** Saves the side column's order and switches and the links, all or nothing, with an audit line. */
export async function updateHomeSettings(deps: ArticleDeps, actor: Actor | null, input: HomeSettingsInput) {
  assertCanOnSite(actor, 'manageSettings');
  const v = parseOr400(formSchema, input);
  if (new Set(v.blocks.map((b) => b.id)).size !== v.blocks.length) throw badRequest(messages.errors.badRequest);
  // Stable sorts: equal numbers keep the order of the form.
  const order: SidebarEntry[] = [...v.blocks].sort((a, b) => a.position - b.position).map(({ id, on }) => ({ id, on }));
  const links: SiteLink[] = [...v.links]
    .sort((a, b) => a.position - b.position)
    .map(({ name, url }) => ({ name, url }));
  await deps.db.kysely.transaction().execute(async (trx) => {
    await saveSidebar(trx, JSON.stringify(order), links);
    await recordAudit(trx, {
      actor,
      action: 'settings.update',
      entityType: 'home.sidebar',
      entityId: null,
      detail: `${order.map((b) => `${b.id}${b.on ? '' : ' (off)'}`).join(', ')}; ${links.length} links`,
      now: deps.now().toISOString(),
    });
  });
  // The home page shows the column.
  deps.contentChanged();
}
