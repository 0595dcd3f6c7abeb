/** The quality tables' shared parts (test/search*.test.ts): a corpus made in order, a row checked. */
import assert from 'node:assert/strict';
import type { Site } from '../../src/site/site.js';
import { makeArticle } from './factories.js';

export interface TableRow<K extends string> {
  q: string;
  /** These keys come first, in this order. */
  first?: K[];
  has?: K[];
  not?: K[];
  why: string;
}

/** Makes one article per corpus entry, oldest first a minute apart; returns key by id. */
export async function makeCorpus<K extends string>(
  site: Site,
  corpus: Record<K, { title: string; body: string }>,
  categoryOf: (key: K) => number,
): Promise<Map<number, K>> {
  const keyOf = new Map<number, K>();
  let minute = 0;
  for (const [key, a] of Object.entries(corpus) as Array<[K, { title: string; body: string }]>) {
    const saved = await makeArticle(site, {
      categoryId: categoryOf(key),
      title: a.title,
      sapo: '',
      body: `<p>${a.body}</p>`,
      publishedAt: new Date(Date.UTC(2024, 0, 1) + ++minute * 60_000).toISOString(),
    });
    keyOf.set(saved.id, key);
  }
  return keyOf;
}

export function assertRow<K extends string>(row: TableRow<K>, found: string[]): void {
  if (row.first) assert.deepEqual(found.slice(0, row.first.length), row.first, `ranking ${found.join(', ')}`);
  for (const k of row.has ?? []) assert.ok(found.includes(k), `${k} missing from ${found.join(', ')}`);
  for (const k of row.not ?? []) assert.ok(!found.includes(k), `${k} must not be in ${found.join(', ')}`);
}
