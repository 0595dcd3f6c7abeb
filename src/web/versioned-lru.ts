/**
 * A bounded map whose entries live while the content version they were made
 * at is current and their TTL (which bounds staleness when another process,
 * e.g. the CLI, changed the data) has not passed. A hit moves the entry to the
 * young end, so the popular pages and queries stay while one-off ones are
 * evicted. A TTL of 0 stores nothing. An entry past its TTL stays until evicted
 * or replaced, for getStale. With `weigh`, the entries' total weight (bytes,
 * say) is bounded too, so a few large values cannot hold the memory that many
 * small ones were allowed.
 */
export class VersionedLru<T> {
  private readonly entries = new Map<string, { value: T; version: number; expiresAt: number; weight: number }>();
  private weight = 0;

  /**
   * With `secondSight`, keys offered once and not yet kept: a value is kept from its key's second offer. A crawler
   * walking every old article once, or a thousand one-off queries, then neither push out what readers come back
   * to nor leave the evicted values as garbage that lasts until a full collection.
   */
  private readonly offeredOnce: Set<string> | undefined;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly bound?: { weigh: (value: T) => number; max: number },
    opts: { secondSight?: boolean } = {},
  ) {
    this.offeredOnce = opts.secondSight ? new Set() : undefined;
  }

  /** The entries' total weight (0 without `weigh`). */
  get totalWeight(): number {
    return this.weight;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string, version: number, now: number): T | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    // Past its time but of the current content, it stays where it is for getStale (a database outage).
    if (hit.version === version && hit.expiresAt <= now) return undefined;
    this.entries.delete(key);
    if (hit.version !== version) {
      this.weight -= hit.weight;
      // It was kept before the content changed: its next value is kept at once.
      this.rememberOffer(key);
      return undefined;
    }
    // Map keeps insertion order: re-inserting makes the oldest key the least recently read.
    this.entries.set(key, hit);
    return hit.value;
  }

  /** The entry of the current content version even if its time is up: what to serve while the database is away. */
  getStale(key: string, version: number): T | undefined {
    const hit = this.entries.get(key);
    return hit?.version === version ? hit.value : undefined;
  }

  set(key: string, value: T, version: number, now: number): void {
    if (this.ttlMs <= 0 || !this.admits(key)) return;
    this.remove(key);
    const weight = this.bound?.weigh(value) ?? 0;
    if (this.bound && weight > this.bound.max) return;
    while (this.entries.size >= this.maxEntries || (this.bound && this.weight + weight > this.bound.max)) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.remove(oldest);
    }
    this.entries.set(key, { value, version, expiresAt: now + this.ttlMs, weight });
    this.weight += weight;
  }

  /** Whether a value for `key` may be kept now: always, unless `secondSight` and this is the key's first offer. */
  private admits(key: string): boolean {
    const once = this.offeredOnce;
    if (!once || this.entries.has(key) || once.delete(key)) return true;
    this.rememberOffer(key);
    return false;
  }

  /** Notes a key's offer, forgetting the oldest beyond twice the entry bound. */
  private rememberOffer(key: string): void {
    const once = this.offeredOnce;
    if (!once) return;
    if (once.size >= this.maxEntries * 2) once.delete(once.values().next().value!);
    once.add(key);
  }

  private remove(key: string): void {
    const old = this.entries.get(key);
    if (!old) return;
    this.entries.delete(key);
    this.weight -= old.weight;
  }
}
