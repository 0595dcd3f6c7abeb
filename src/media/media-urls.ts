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

/** The image fields a responsive <img> needs: enough for covers read in a batch, not the whole row. */
export type ResponsiveImage = Pick<MediaRow, 'storage_key' | 'ext' | 'width' | 'height' | 'variant_widths' | 'alt'>;

/** The largest WebP variant and its height at that width: what srcset tops out at and what og:image shows. */
export function largestVariant(m: ResponsiveImage): { url: string; width: number; height: number | undefined } {
  const widths = variantWidths(m);
  const largest = widths[widths.length - 1];
  const width = largest ?? m.width ?? 0;
  const height = m.width && m.height ? Math.round((m.height * width) / m.width) : undefined;
  return { url: largest === undefined ? mediaUrl(m) : mediaUrl(m, largest), width, height };
}

/**
 * srcset of the WebP variants, the original format as src, and width/height
 * so the page does not jump while it loads. `sizes` says how wide the slot is.
 */
export function responsiveImg(
  m: ResponsiveImage,
  opts: { sizes: string; alt: string; className?: string; lazy?: boolean },
): SafeHtml {
  const { width, height } = largestVariant(m);
  return html`<img${opts.className ? html` class="${opts.className}"` : ''} src="${mediaUrl(m)}" srcset="${variantWidths(
    m,
  )
    .map((w) => `${mediaUrl(m, w)} ${w}w`)
    .join(
      ', ',
    )}" sizes="${opts.sizes}" width="${width}"${height ? html` height="${height}"` : ''} alt="${opts.alt}"${opts.lazy === false ? '' : html` loading="lazy"`}>`;
}

/** The markup the editor inserts and the sanitiser keeps: srcset of WebP variants, the original format as src. */
export function figureHtml(m: MediaRow, caption: string): SafeHtml {
  return html`<figure>${responsiveImg(m, { sizes: ARTICLE_IMAGE_SIZES, alt: m.alt })}${caption ? html`<figcaption>${caption}</figcaption>` : ''}</figure>`;
}
