import { createHash } from 'node:crypto';
import type { Encoding } from './compression.js';
import { CSRF_MARKER } from './csrf.js';
import { ownedBytes } from './owned-bytes.js';
import { VersionedLru } from './versioned-lru.js';

export interface CachedResponse {
  status: number;
  headers: Readonly<Record<string, string>>;
  /** Undefined for a 304. */
  body: Buffer | undefined;
  /** What the front lane (src/web/cache-front.ts) sends: the security headers, these and the length, made once. */
  frontHeaders?: Readonly<Record<string, string | number>>;
}

interface PageBase {
  status: number;
}

/** A page that is the same bytes for every guest: sent with an ETag, compressed once. */
export interface StaticPage extends PageBase {
  kind: 'static';
  body: Buffer;
  etag: string;
  /** Seconds a shared cache (a CDN, the proxy) may keep it; without it, every view revalidates. */
  maxAge?: number;
  /** The answers made so far, by encoding (or 304): built once, sent many times. */
  responses: Partial<Record<'identity' | Encoding | 'not-modified', CachedResponse>>;
}

/**
 * A page with a form: the bytes around its CSRF slots, so each response gets
 * the current token by joining buffers, without re-encoding the page.
 */
export interface FormPage extends PageBase {
  kind: 'form';
  parts: Buffer[];
  /** The page as written with the field it was first sent with (see encodePage). */
  joined?: { field: Buffer; body: Buffer };
  /** The page joined with the current anonymous field (its bytes, see anonymousCsrfFieldBytes), plain and compressed, reused until the field changes. */
  filled?: { field: Buffer } & Partial<Record<'identity' | Encoding, CachedResponse>>;
  /** The front lane's headers for the plain page (src/web/cache-front.ts), good while the field keeps its length. */
  front?: { fieldLength: number; headers: Readonly<Record<string, string | number>> };
}

export type CachedPage = StaticPage | FormPage;

/**
 * Rendered public pages, keyed by URL. An entry is valid while the site's
 * content version is unchanged and its TTL has not passed (the TTL bounds how
 * stale a page can be when another process, e.g. the CLI, changed the data).
 * A page is kept from its second render (VersionedLru's secondSight), so
 * pages seen once cost no memory.
 */
export class PageCache {
  private readonly entries: VersionedLru<CachedPage>;
  /** Request URLs that the router answered with a cached page, and that page's key: what the front lane serves. */
  private readonly aliases = new Map<string, string>();
  /** Requests the front lane answered (src/web/cache-front.ts); tests and /metrics read it. */
  frontHits = 0;
  /** The router's look-ups (not the front lane's, which try every URL), for /metrics: plain counts, read on scrape. */
  hits = 0;
  misses = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 5000,
    maxBytes = 24 * 1024 * 1024,
  ) {
    this.entries = new VersionedLru(ttlMs, maxEntries, { weigh: pageBytes, max: maxBytes }, { secondSight: true });
  }

  /** About the bytes the cached pages hold, for /metrics and tests. */
  get bytes(): number {
    return this.entries.totalWeight;
  }

  get enabled(): boolean {
    return this.ttlMs > 0;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string, version: number, now: number): CachedPage | undefined {
    const page = this.entries.get(key, version, now);
    if (page) this.hits++;
    else this.misses++;
    return page;
  }

  /** A page past its TTL but of the current content: served while the database is away rather than a 503. */
  getStale(key: string, version: number): CachedPage | undefined {
    return this.entries.getStale(key, version);
  }

  /** Remembers that `url`, as a guest sends it, is answered by the page stored under `key`. */
  alias(url: string, key: string): void {
    if (!this.enabled || this.aliases.get(url) === key) return;
    if (this.aliases.size >= this.maxEntries * 2) {
      const oldest = this.aliases.keys().next().value;
      if (oldest !== undefined) this.aliases.delete(oldest);
    }
    this.aliases.set(url, key);
  }

  /** The valid cached page a guest's request for `url` would get from the router, if the router has answered it before. */
  getByUrl(url: string, version: number, now: number): CachedPage | undefined {
    const key = this.aliases.get(url);
    return key === undefined ? undefined : this.entries.get(key, version, now);
  }

  /** Keeps nothing when the TTL is 0. */
  set(key: string, page: CachedPage, version: number, now: number): void {
    this.entries.set(key, page, version, now);
  }
}

/**
 * A page's bytes as written, and a quarter more for the compressed copy a browser asks for (made
 * later, on demand, so not there to weigh yet: brotli and gzip make HTML a fifth to a quarter of its size).
 */
function pageBytes(page: CachedPage): number {
  const raw = page.kind === 'static' ? page.body.length : page.parts.reduce((n, p) => n + p.length, 0);
  return Math.ceil(raw * 1.25);
}

/**
 * A rendered page as bytes: whole, or around its CSRF slots. `field`, the
 * CSRF field the page is first sent with, is written into those slots too, so
 * that first response needs no second copy of the page (an uncached page only
 * ever has a first response).
 */
export function encodePage(status: number, html: string, field?: Buffer): CachedPage {
  const text = utf8(html);
  // The marker is ASCII, so it is the same bytes in the page: a byte search, not a search of two-byte text.
  const slots: number[] = [];
  for (
    let at = text.indexOf(CSRF_MARKER_BYTES);
    at >= 0;
    at = text.indexOf(CSRF_MARKER_BYTES, at + CSRF_MARKER_BYTES.length)
  )
    slots.push(at);
  if (!slots.length) {
    const body = ownedBytes(text);
    return { status, kind: 'static', body, etag: etagOf(body), responses: {} };
  }
  // Not from the shared pool: the page is kept, and a pool block would stay alive with it (see ownedBytes).
  const out = Buffer.allocUnsafeSlow(text.length + slots.length * ((field?.length ?? 0) - CSRF_MARKER_BYTES.length));
  // Page text between slots; where the slots were, the field (when given) or nothing. The parts are views of `out`.
  const parts: Buffer[] = [];
  let partStart = 0;
  let written = 0;
  let read = 0;
  for (const at of slots) {
    written += text.copy(out, written, read, at);
    parts.push(out.subarray(partStart, written));
    if (field) written += field.copy(out, written);
    partStart = written;
    read = at + CSRF_MARKER_BYTES.length;
  }
  written += text.copy(out, written, read);
  parts.push(out.subarray(partStart, written));
  return { status, kind: 'form', parts, ...(field ? { joined: { field, body: out } } : {}) };
}

const CSRF_MARKER_BYTES = Buffer.from(CSRF_MARKER);
const encoder = new TextEncoder();
/** Reused for every page; pages larger than this are encoded the ordinary way. */
const scratch = Buffer.allocUnsafeSlow(1 << 20);

/**
 * The page's UTF-8 bytes in one pass, as a view of a reused buffer (valid
 * until the next call; encodePage copies what it keeps). Buffer.from first
 * measures the string and then encodes it: two passes over 36 KB of
 * Vietnamese text on an article with fifty comments. Three bytes per UTF-16
 * unit always fit.
 */
function utf8(html: string): Buffer {
  if (html.length * 3 > scratch.length) return Buffer.from(html);
  const { written } = encoder.encodeInto(html, scratch);
  return scratch.subarray(0, written);
}

export function etagOf(body: Buffer): string {
  return `"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;
}
