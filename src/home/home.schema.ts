import type { Generated } from 'kysely';

/** Related agencies' sites in the home page's side column (migration 024). */
export interface SiteLinksTable {
  id: Generated<number>;
  name: string;
  url: string;
  position: number;
}

export interface HomeTables {
  site_links: SiteLinksTable;
}
