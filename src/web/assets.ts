import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

export interface Asset {
  url: string;
  body: Buffer;
  contentType: string;
}

function load(file: string, contentType: string): Asset {
  const body = readFileSync(new URL(`./assets/${file}`, import.meta.url));
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  const [name, ext] = file.split('.');
  // The content hash is in the name, so the file can be cached forever.
  return { url: `/assets/${name}.${hash}.${ext}`, body, contentType };
}

export const assets = {
  css: load('site.css', 'text/css; charset=utf-8'),
  favicon: load('favicon.svg', 'image/svg+xml'),
};

export const assetsByUrl = new Map(Object.values(assets).map((a) => [a.url, a]));
