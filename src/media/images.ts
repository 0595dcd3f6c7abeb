import type { Metadata, Sharp } from 'sharp';
import type { ImageFormat } from './sniff.js';

/** Widths of the WebP variants that srcset offers; smaller images get their own width only. */
export const VARIANT_WIDTHS = [480, 960, 1600] as const;

export interface ProcessedImage {
  width: number;
  height: number;
  /** The image re-encoded in its own format at the largest variant width: the src fallback. */
  fallback: Buffer;
  variants: { width: number; data: Buffer }[];
}

export class ImageRefused extends Error {
  constructor(readonly reason: 'too_many_pixels' | 'broken' | 'format_mismatch') {
    super(reason);
  }
}

const ENCODE: Record<ImageFormat, (s: Sharp) => Sharp> = {
  jpeg: (s) => s.jpeg({ quality: 82, mozjpeg: true }),
  png: (s) => s.png({ compressionLevel: 9 }),
  webp: (s) => s.webp({ quality: 80 }),
  gif: (s) => s.gif(),
};

/**
 * Re-encodes an upload from its pixels only: EXIF, GPS, ICC comments and
 * anything hidden after the image data do not survive (sharp writes no
 * metadata unless asked). The pixel limit is checked from the header before
 * any decoding, so a small file claiming 100 000 × 100 000 pixels costs nothing.
 */
export async function processImage(input: Buffer, format: ImageFormat, maxPixels: number): Promise<ProcessedImage> {
  // libvips is loaded on the first upload, not at start: readers never need it, and it weighs ~20 MiB.
  const { default: sharp } = await import('sharp');
  const open = () => sharp(input, { limitInputPixels: maxPixels, failOn: 'error' });
  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch {
    throw new ImageRefused('broken');
  }
  if (!meta.width || !meta.height) throw new ImageRefused('broken');
  if (meta.width * meta.height > maxPixels) throw new ImageRefused('too_many_pixels');
  if (meta.format !== format) throw new ImageRefused('format_mismatch');

  // Orientation is applied to the pixels first, because the EXIF tag that carried it is dropped.
  const rotated = meta.orientation && meta.orientation >= 5;
  const width = rotated ? meta.height : meta.width;
  const height = rotated ? meta.width : meta.height;
  const widths = [...new Set(VARIANT_WIDTHS.map((w) => Math.min(w, width)))];
  try {
    const resized = (w: number) => open().rotate().resize({ width: w, withoutEnlargement: true });
    const variants = await Promise.all(
      widths.map(async (w) => ({ width: w, data: await resized(w).webp({ quality: 80 }).toBuffer() })),
    );
    const fallback = await ENCODE[format](resized(widths[widths.length - 1]!)).toBuffer();
    return { width, height, fallback, variants };
  } catch {
    throw new ImageRefused('broken');
  }
}
