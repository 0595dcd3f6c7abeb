import { readWxr, type WxrAuthor, type WxrCategory } from './wxr-reader.js';

export interface WxrAttachment {
  id: number;
  url: string;
  /** The path under wp-content/uploads, e.g. 2024/05/anh.jpg. */
  file: string;
  parent: number;
  creator: string;
  alt: string;
}

/**
 * The first of two passes: reads the whole file without writing anything, so
 * that malformed XML anywhere in it is refused before the first row is
 * written, and collects what posts refer to (terms, authors, attachments).
 * Bodies are not kept: memory grows with the number of attachments, not the file.
 */
export interface WxrScan {
  siteUrl: string;
  categories: WxrCategory[];
  tags: number;
  authors: WxrAuthor[];
  attachments: Map<number, WxrAttachment>;
  attachmentsByParent: Map<number, number[]>;
  /** Posts and pages, for the progress bar. */
  entries: number;
  /** Pages that have pages under them. */
  pageParents: Set<number>;
}

export const UPLOADS_SEGMENT = '/wp-content/uploads/';

/** The part of an upload URL under wp-content/uploads, decoded, or '' for another address. */
export function uploadPath(url: string): string {
  const at = url.indexOf(UPLOADS_SEGMENT);
  if (at < 0) return '';
  const rest = url.slice(at + UPLOADS_SEGMENT.length).split(/[?#]/)[0]!;
  try {
    return decodeURIComponent(rest);
  } catch {
    return rest;
  }
}

export async function scanWxr(file: string): Promise<WxrScan> {
  const scan: WxrScan = {
    siteUrl: '',
    categories: [],
    tags: 0,
    authors: [],
    attachments: new Map(),
    attachmentsByParent: new Map(),
    entries: 0,
    pageParents: new Set(),
  };
  await readWxr(file, {
    channel: (field, value) => {
      if (field === 'wp:base_blog_url' || (field === 'link' && !scan.siteUrl)) scan.siteUrl = value.trim();
    },
    category: (c) => scan.categories.push(c),
    tag: () => scan.tags++,
    author: (a) => scan.authors.push(a),
    item: (item) => {
      if (item.type === 'post' || item.type === 'page') scan.entries++;
      if (item.type === 'page' && item.parent) scan.pageParents.add(item.parent);
      if (item.type !== 'attachment') return;
      const url = item.attachmentUrl || item.link;
      scan.attachments.set(item.id, {
        id: item.id,
        url,
        file: item.meta.get('_wp_attached_file') || uploadPath(url),
        parent: item.parent,
        creator: item.creator,
        alt: item.meta.get('_wp_attachment_image_alt') ?? '',
      });
      if (item.parent) {
        const list = scan.attachmentsByParent.get(item.parent) ?? [];
        list.push(item.id);
        scan.attachmentsByParent.set(item.parent, list);
      }
    },
  });
  return scan;
}
