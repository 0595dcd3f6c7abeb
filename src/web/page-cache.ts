import { createHash } from 'node:crypto';
import { CSRF_MARKER } from './csrf.js';
import type { SafeHtml } from './html.js';
import { VersionedLru } from './versioned-lru.js';

interface PageBase {
  status: number;
}

/** A page that is the same bytes for every guest: sent with an ETag, compressed once. */
export interface StaticPage extends PageBase {
  kind: 'static';
  body: Buffer;
  etag: string;
  br?: Buffer;
  gzip?: Buffer;
}

/**
 * A page with a form: the bytes around its CSRF slots, so each response gets
 * the current token by joining buffers, without re-encoding the page.
 */
export interface FormPage extends PageBase {
  kind: 'form';
  parts: Buffer[];
  /** The page joined with the current anonymous field, reused until the field changes. */
  filled?: { field: SafeHtml; body: Buffer };
}

export type CachedPage = StaticPage | FormPage;

/**
 * Rendered public pages, keyed by URL. An entry is valid while the site's
 * content version is unchanged and its TTL has not passed (the TTL bounds how
 * stale a page can be when another process, e.g. the CLI, changed the data).
 */
export class PageCache {
  private readonly entries: VersionedLru<CachedPage>;

  constructor(
    private readonly ttlMs: number,
    maxEntries = 5000,
  ) {
    this.entries = new VersionedLru(ttlMs, maxEntries);
  }

  get enabled(): boolean {
    return this.ttlMs > 0;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string, version: number, now: number): CachedPage | undefined {
    return this.entries.get(key, version, now);
  }

  set(key: string, status: number, html: string, version: number, now: number): CachedPage {
    let page: CachedPage;
    if (html.includes(CSRF_MARKER)) {
      page = { status, kind: 'form', parts: html.split(CSRF_MARKER).map((part) => Buffer.from(part)) };
    } else {
      const body = Buffer.from(html);
      page = { status, kind: 'static', body, etag: etagOf(body) };
    }
    this.entries.set(key, page, version, now);
    return page;
  }
}

export function etagOf(body: Buffer): string {
  return `"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;
}
