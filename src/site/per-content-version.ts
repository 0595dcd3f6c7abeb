/** What a memo needs of the site: its content version, which every committed change bumps. */
interface Versioned {
  readonly version: number;
}

/**
 * Wraps a read so that it runs once per content version of a site (and per
 * argument, for what else the answer depends on: a count, the day) instead of on
 * every render: the home and article pages ask on each view, and a save bumps
 * the version. A read that fails is forgotten, so that the next call reads again
 * once the database is back instead of handing out the old failure.
 */
export function perContentVersion<S extends Versioned, A extends (string | number)[], T>(
  load: (site: S, ...args: A) => Promise<T>,
): (site: S, ...args: A) => Promise<T> {
  const held = new WeakMap<S, { version: number; key: string; value: Promise<T> }>();
  return (site, ...args) => {
    const key = args.join('\n');
    const entry = held.get(site);
    if (entry && entry.version === site.version && entry.key === key) return entry.value;
    const fresh = { version: site.version, key, value: load(site, ...args) };
    held.set(site, fresh);
    // Only this read's own entry: a newer one, for a later version, stays.
    fresh.value.catch(() => {
      if (held.get(site) === fresh) held.delete(site);
    });
    return fresh.value;
  };
}
