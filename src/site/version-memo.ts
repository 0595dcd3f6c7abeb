/**
 * Reads kept until content changes, one entry per key: every committed change
 * bumps the site's version (the scheduler too, when a scheduled article's time
 * comes), and an entry made at another version is read again. Past `max` keys
 * the oldest goes, so pages asked in turn do not evict one another until then.
 */
export class VersionMemo<T> {
  private readonly entries = new Map<string, { version: number; value: Promise<T> }>();

  constructor(private readonly max: number) {}

  /** `keep` may refuse a value (an article not found yet, say): the next request then reads again. */
  get(version: number, key: string, read: () => Promise<T>, keep?: (value: T) => boolean): Promise<T> {
    const held = this.entries.get(key);
    if (held?.version === version) return held.value;
    if (held) this.entries.delete(key);
    const entry = { version, value: read() };
    const forget = () => this.entries.get(key) === entry && this.entries.delete(key);
    // A failed or refused read is not kept, and makes no room: only a kept value pushes the oldest out.
    entry.value.then((value) => (keep && !keep(value) ? forget() : this.trim()), forget);
    this.entries.set(key, entry);
    return entry.value;
  }

  private trim(): void {
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }
}
