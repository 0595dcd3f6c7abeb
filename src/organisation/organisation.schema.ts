import type { Generated } from 'kysely';

/** The organisation's pages (migration 021): which page it is, keyed with its language. */
export type OrgPageKey = 'intro' | 'functions' | 'structure' | 'leaders' | 'contact';
export type OrgLang = 'vi' | 'en';

export interface OrgPagesTable {
  page: OrgPageKey;
  lang: OrgLang;
  title: string;
  /** Sanitised on every save by the articles' sanitiser; the only raw HTML these views print. */
  body_html: string;
  updated_at: string;
}

export interface OrgUnitsTable {
  id: Generated<number>;
  position: number;
  name: string;
  name_en: string;
  head: string;
  phone: string;
  email: string;
  address: string;
  updated_at: string;
}

export interface OrgLeadersTable {
  id: Generated<number>;
  position: number;
  name: string;
  role: string;
  role_en: string;
  phone: string;
  email: string;
  photo_media_id: number | null;
  updated_at: string;
}

export interface OrganisationTables {
  org_pages: OrgPagesTable;
  org_units: OrgUnitsTable;
  org_leaders: OrgLeadersTable;
}
