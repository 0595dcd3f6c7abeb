import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { compressAsset, type Encoding } from './compression.js';

export interface Asset {
  url: string;
  body: Buffer;
  contentType: string;
  /** Compressed copies, made on first request (the editor bundle goes from ~440 KB to ~120 KB). */
  compressed: Partial<Record<Encoding, Promise<Buffer>>>;
}

function load(file: string, contentType: string): Asset {
  const path = new URL(`./assets/${file}`, import.meta.url);
  // Bundles are built, not committed: say how to get them rather than fail with a bare ENOENT.
  if (!existsSync(path)) throw new Error(`${file} is missing from src/web/assets: run "npm run build"`);
  const body = readFileSync(path);
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  const [name, ext] = file.split('.');
  // The content hash is in the name, so the file can be cached forever.
  return { url: `/assets/${name}.${hash}.${ext}`, body, contentType, compressed: {} };
}

export const assets = {
  css: load('site.css', 'text/css; charset=utf-8'),
  favicon: load('favicon.svg', 'image/svg+xml'),
  /** The header banner's logo until an admin uploads the organisation's own (quản trị → Cài đặt trang). */
  emblem: load('emblem.svg', 'image/svg+xml'),
  print: load('print.css', 'text/css; charset=utf-8'),
  reader: load('reader.js', 'text/javascript; charset=utf-8'),
  adminCss: load('admin.css', 'text/css; charset=utf-8'),
  editor: load('editor.js', 'text/javascript; charset=utf-8'),
  /** "Chọn tất cả" in the back office's lists. */
  admin: load('admin.js', 'text/javascript; charset=utf-8'),
  stats: load('stats.js', 'text/javascript; charset=utf-8'),
  /** Sends a comment and shows the answer in place (src/comments). */
  comments: load('comments.js', 'text/javascript; charset=utf-8'),
};

export const assetsByUrl = new Map(Object.values(assets).map((a) => [a.url, a]));

/** The asset's bytes in the given encoding, compressed once and shared by every later request. */
export function assetIn(asset: Asset, encoding: Encoding): Promise<Buffer> {
  return (asset.compressed[encoding] ??= compressAsset(asset.body, encoding));
}
