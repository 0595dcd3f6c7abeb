import type { MediaStore } from '../media/media-store.js';
import { imageDataUri } from '../media/media.service.js';

/** Past this many bytes of images a saved copy links the rest absolutely rather than grow without bound. */
const INLINE_BUDGET = 20 * 1024 * 1024;
/** The srcset width a saved copy keeps: sharp enough for a reading column, a fraction of the original's bytes. */
const SAVED_WIDTH = 960;

const IMG = /<img\b[^>]*>/g;
const ATTR = (name: string) => new RegExp(`\\s${name}="([^"]*)"`);

/**
 * Makes a page open from a file: each of our images becomes a data: URI (one
 * variant, no srcset), and every site-relative link and image an absolute URL.
 * The markup is our own (sanitised bodies, our templates), so attributes are
 * always double-quoted and a pattern is enough.
 */
export async function selfContained(page: string, store: MediaStore, origin: string): Promise<string> {
  const tags = [...new Set(page.match(IMG) ?? [])];
  const replaced = new Map<string, string>();
  let budget = INLINE_BUDGET;
  for (const tag of tags) {
    const src = ATTR('src').exec(tag)?.[1];
    if (!src) continue;
    const uri = await imageDataUri(store, pickSource(tag, src));
    if (uri && uri.length <= budget) {
      budget -= uri.length;
      replaced.set(
        tag,
        tag.replace(ATTR('srcset'), '').replace(ATTR('sizes'), '').replace(ATTR('src'), ` src="${uri}"`),
      );
    }
  }
  return page
    .replace(IMG, (tag) => replaced.get(tag) ?? tag)
    .replace(/(\s(?:href|src)=")\/(?!\/)/g, `$1${origin}/`)
    .replace(/(\ssrcset=")([^"]*)"/g, (_all, start: string, list: string) => {
      const absolute = list.replace(/(^|,\s*)\/(?!\/)/g, `$1${origin}/`);
      return `${start}${absolute}"`;
    });
}

/** The srcset candidate closest to SAVED_WIDTH from below, else the src. */
function pickSource(tag: string, src: string): string {
  const srcset = ATTR('srcset').exec(tag)?.[1];
  if (!srcset) return src;
  let best: { url: string; width: number } | null = null;
  for (const candidate of srcset.split(',')) {
    const [url, descriptor] = candidate.trim().split(/\s+/);
    const width = Number(descriptor?.replace(/w$/, ''));
    if (url && width <= SAVED_WIDTH && (!best || width > best.width)) best = { url, width };
  }
  return best?.url ?? src;
}

/** `bai-viet-12.html`: the slug is already ASCII (đ→d); anything else is dropped so no browser or disk mangles it. */
export function savedFileName(slug: string, id: number): string {
  const safe = slug
    .normalize('NFC')
    .replace(/[^A-Za-z0-9-]/g, '')
    .slice(0, 120);
  return `${safe || 'bai-viet'}-${id}.html`;
}
