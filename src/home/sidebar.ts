import type { Kysely } from 'kysely';
import type { WebContext } from '../app-context.js';
import type { Database } from '../db/schema.js';
import { messages } from '../messages/vi.js';
import type { Site } from '../site/site.js';
import { html, type SafeHtml } from '../web/html.js';
import { listLinks, readSidebarSetting, type SiteLink } from './sidebar.repo.js';

/** The blocks the home page's side column can show, in their default order. */
export const SIDEBAR_BLOCKS = ['latest-documents', 'open-consultations', 'links', 'stats'] as const;
export type SidebarBlockId = (typeof SIDEBAR_BLOCKS)[number];

export const sidebarTitles: Record<SidebarBlockId, string> = {
  'latest-documents': messages.sidebar.latestDocuments,
  'open-consultations': messages.sidebar.openConsultations,
  links: messages.sidebar.links,
  stats: messages.sidebar.stats,
};

/** A block's content under its heading, or null to leave the block out (nothing to show). */
export type SidebarProvider = (ctx: WebContext) => Promise<SafeHtml | null>;

/**
 * The providers of the side column's blocks, each registered by the module
 * that owns the block (src/app.ts wires them): the home page knows the blocks'
 * names and order, not their content. A block with no provider is not shown.
 */
export class SidebarBlocks {
  private readonly providers = new Map<SidebarBlockId, SidebarProvider>();

  register(id: SidebarBlockId, provider: SidebarProvider): this {
    this.providers.set(id, provider);
    return this;
  }

  get(id: SidebarBlockId): SidebarProvider | undefined {
    return this.providers.get(id);
  }
}

export interface SidebarEntry {
  id: SidebarBlockId;
  on: boolean;
}

/** The admin's order and switches; blocks the setting does not name (new ones) follow, switched on. */
export function parseSidebarSetting(value: string | undefined): SidebarEntry[] {
  const out: SidebarEntry[] = [];
  try {
    const saved: unknown = value ? JSON.parse(value) : [];
    if (Array.isArray(saved))
      for (const e of saved as { id?: unknown; on?: unknown }[]) {
        const id = SIDEBAR_BLOCKS.find((b) => b === e?.id);
        if (id && !out.some((o) => o.id === id)) out.push({ id, on: e.on !== false });
      }
  } catch {
    // A setting written by hand and broken: the defaults beat a broken home page.
  }
  for (const id of SIDEBAR_BLOCKS) if (!out.some((o) => o.id === id)) out.push({ id, on: true });
  return out;
}

export async function sidebarLayout(db: Kysely<Database>): Promise<SidebarEntry[]> {
  return parseSidebarSetting(await readSidebarSetting(db));
}

/**
 * The column's order and links, read once per content version: two queries on
 * every uncached home render were ~0.2 ms of its CPU, and a save bumps the version.
 */
const loaded = new WeakMap<Site, { version: number; data: Promise<{ layout: SidebarEntry[]; links: SiteLink[] }> }>();
function sidebarData(site: Site) {
  let entry = loaded.get(site);
  if (entry?.version !== site.version) {
    const data = Promise.all([sidebarLayout(site.db.kysely), listLinks(site.db.kysely)]).then(([layout, links]) => ({
      layout,
      links,
    }));
    entry = { version: site.version, data };
    data.catch(() => loaded.delete(site));
    loaded.set(site, entry);
  }
  return entry.data;
}

export function siteLinks(db: Kysely<Database>): Promise<SiteLink[]> {
  return listLinks(db);
}

/** The side column: each switched-on block whose provider has something to show, in the admin's order. */
export async function renderSidebar(blocks: SidebarBlocks, ctx: WebContext): Promise<SafeHtml> {
  const entries = (await sidebarData(ctx.site)).layout.filter((e) => e.on);
  const parts = await Promise.all(
    entries.map(async ({ id }) => {
      const content = await blocks.get(id)?.(ctx);
      return content
        ? html`<section class="side-block" aria-labelledby="kb-${id}"><h2 id="kb-${id}" class="section-label">${sidebarTitles[id]}</h2>${content}</section>`
        : null;
    }),
  );
  const shown = parts.filter((p): p is SafeHtml => p !== null);
  return shown.length ? html`<aside class="home-side" aria-label="${messages.sidebar.label}">${shown}</aside>` : html``;
}

/** A plain list of links with an optional note (a date, a number): what the document blocks show. */
export function sidebarList(items: readonly { text: string; href: string; note?: string }[]): SafeHtml | null {
  if (items.length === 0) return null;
  return html`<ul class="side-list">${items.map((i) => html`<li><a href="${i.href}">${i.text}</a>${i.note ? html` <span class="side-note">${i.note}</span>` : ''}</li>`)}</ul>`;
}

/** The "Liên kết website" block's provider: related agencies, opening in the same tab like any link. */
export const linksBlock: SidebarProvider = async (ctx) => {
  const { links } = await sidebarData(ctx.site);
  return sidebarList(links.map((l) => ({ text: l.name, href: l.url })));
};
