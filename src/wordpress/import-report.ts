export type Change = 'created' | 'updated' | 'unchanged';

/** Missing files are listed up to this many; past it, only counted. */
const MAX_LISTED = 200;

/** What an import did: counts by kind, what it skipped and why, and what it could not carry over. */
export class ImportReport {
  readonly counts = new Map<string, Record<Change, number>>();
  readonly skipped = new Map<string, number>();
  readonly shortcodes = new Map<string, number>();
  readonly missingFiles: { url: string; reason: string }[] = [];
  missingCount = 0;

  count(kind: string, change: Change): void {
    let c = this.counts.get(kind);
    if (!c) this.counts.set(kind, (c = { created: 0, updated: 0, unchanged: 0 }));
    c[change]++;
  }

  skip(kind: string, reason: string): void {
    const key = `${kind}: ${reason}`;
    this.skipped.set(key, (this.skipped.get(key) ?? 0) + 1);
  }

  shortcode(name: string): void {
    this.shortcodes.set(name, (this.shortcodes.get(name) ?? 0) + 1);
  }

  /** The same address reported again (its attachment, then each post that shows it) counts once while listed. */
  missing(url: string, reason: string): void {
    if (this.missingFiles.some((m) => m.url === url)) return;
    this.missingCount++;
    if (this.missingFiles.length < MAX_LISTED) this.missingFiles.push({ url, reason });
  }

  /** What another report counted (a batch's, once it is committed). */
  add(other: ImportReport): void {
    for (const [kind, c] of other.counts) {
      const mine = this.counts.get(kind) ?? { created: 0, updated: 0, unchanged: 0 };
      this.counts.set(kind, {
        created: mine.created + c.created,
        updated: mine.updated + c.updated,
        unchanged: mine.unchanged + c.unchanged,
      });
    }
    for (const [key, n] of other.skipped) this.skipped.set(key, (this.skipped.get(key) ?? 0) + n);
    for (const [name, n] of other.shortcodes) this.shortcodes.set(name, (this.shortcodes.get(name) ?? 0) + n);
    for (const m of other.missingFiles) this.missing(m.url, m.reason);
    this.missingCount += other.missingCount - other.missingFiles.length;
  }

  toJSON() {
    return {
      counts: Object.fromEntries(this.counts),
      skipped: Object.fromEntries(this.skipped),
      unknownShortcodes: Object.fromEntries(this.shortcodes),
      missingFiles: this.missingFiles,
      missingCount: this.missingCount,
    };
  }

  /** The summary for a terminal or a log: one line per kind, then what was left behind. */
  lines(): string[] {
    const out: string[] = [];
    for (const [kind, c] of this.counts)
      out.push(`${kind}: ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged`);
    for (const [reason, n] of this.skipped) out.push(`skipped ${n} × ${reason}`);
    if (this.shortcodes.size)
      out.push(
        `unknown shortcodes (left as text): ${[...this.shortcodes].map(([name, n]) => `[${name}] × ${n}`).join(', ')}`,
      );
    for (const m of this.missingFiles) out.push(`missing file: ${m.url} (${m.reason})`);
    if (this.missingCount > this.missingFiles.length)
      out.push(`… and ${this.missingCount - this.missingFiles.length} more missing files`);
    return out;
  }
}
