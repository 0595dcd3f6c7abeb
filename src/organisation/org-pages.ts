import { en } from '../messages/en.js';
import { messages } from '../messages/vi.js';
import type { OrgPageKey } from './organisation.schema.js';

export interface OrgPageDef {
  key: OrgPageKey;
  /** The Vietnamese page's path; without its slash, also the page's name in the back office. */
  vi: string;
  en: string;
}

/** The pages Nghị định 42/2022/NĐ-CP asks of an agency's portal, in the order menus show them. */
export const ORG_PAGES: readonly OrgPageDef[] = [
  { key: 'intro', vi: '/gioi-thieu', en: '/en/' },
  { key: 'functions', vi: '/chuc-nang-nhiem-vu', en: '/en/functions' },
  { key: 'structure', vi: '/co-cau-to-chuc', en: '/en/structure' },
  { key: 'leaders', vi: '/lanh-dao', en: '/en/leaders' },
  { key: 'contact', vi: '/lien-he', en: '/en/contact' },
];

/** First path segments these pages take, so no category is made there (src/categories). */
export const ORG_RESERVED_SLUGS: readonly string[] = ['en', ...ORG_PAGES.map((p) => p.vi.slice(1))];

export function orgPageBySlug(slug: string): OrgPageDef | undefined {
  return ORG_PAGES.find((p) => p.vi === `/${slug}`);
}

/** The Vietnamese footer's links to these pages. */
export const ORG_FOOTER_LINKS = ORG_PAGES.map((p) => ({ href: p.vi, label: messages.organisation.pages[p.key] }));

/** The English menu: the pages that have an English version (the introduction always has its page). */
export function englishMenu(withEnglish: ReadonlySet<OrgPageKey>) {
  return ORG_PAGES.filter((p) => p.key === 'intro' || withEnglish.has(p.key)).map((p) => ({
    href: p.en,
    label: en.pages[p.key],
  }));
}
