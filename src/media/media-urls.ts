import { html, type SafeHtml } from '../web/html.js';
import type { MediaRow } from './media.repo.js';

/** Stored file names: the content hash, then the variant width; they never change, so caches keep them forever. */
export const MEDIA_FILE = /^([a-f0-9]{24})(?:-(\d{2,4}))?\.(webp|jpg|png|gif|pdf|docx|xlsx)$/;
export const MEDIA_URL = /^\/media\/[a-f0-9]{24}(?:-\d{2,4})?\.(?:webp|jpg|png|gif|pdf|docx|xlsx)$/;

export function mediaFileName(key: string, ext: string, width?: number): string {
  return width === undefined ? `${key}.${ext}` : `${key}-${width}.${ext}`;
}

export function mediaUrl(m: Pick<MediaRow, 'storage_key' | 'ext'>, width?: number): string {
  return `/media/${mediaFileName(m.storage_key, width === undefined ? m.ext : 'webp', width)}`;
}

export function variantWidths(m: Pick<MediaRow, 'variant_widths'>): number[] {
  return m.variant_widths ? m.variant_widths.split(',').map(Number) : [];
}

/** Article columns are at most about 720 px wide; phones use the full width. */
export const ARTICLE_IMAGE_SIZES = '(max-width: 760px) 100vw, 720px';

/** The markup the editor inserts and the sanitiser keeps: srcset of WebP variants, the original format as src. */
export function figureHtml(m: MediaRow, caption: string): SafeHtml {
  const widths = variantWidths(m);
  const largest = widths[widths.length - 1] ?? m.width ?? 0;
  const height = m.width && m.height ? Math.round((m.height * largest) / m.width) : undefined;
  return html`<figure><img src="${mediaUrl(m)}" srcset="${widths.map((w) => `${mediaUrl(m, w)} ${w}w`).join(', ')}" sizes="${ARTICLE_IMAGE_SIZES}" width="${largest}"${height ? html` height="${height}"` : ''} alt="${m.alt}" loading="lazy">${caption ? html`<figcaption>${caption}</figcaption>` : ''}</figure>`;
}
