import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VersionedLru } from './versioned-lru.js';

test('a full cache drops the least recently read entry, not the oldest written', () => {
  const lru = new VersionedLru<string>(1000, 2);
  lru.set('a', 'A', 1, 0);
  lru.set('b', 'B', 1, 0);
  assert.equal(lru.get('a', 1, 0), 'A');
  lru.set('c', 'C', 1, 0);
  assert.equal(lru.get('b', 1, 0), undefined, 'b was read least recently');
  assert.equal(lru.get('a', 1, 0), 'A');
  assert.equal(lru.get('c', 1, 0), 'C');
  assert.equal(lru.size, 2);
});

test('an entry is gone once the content version moves on; past its time it is only there for getStale', () => {
  const lru = new VersionedLru<string>(1000, 10);
  lru.set('a', 'A', 1, 0);
  lru.set('b', 'B', 1, 0);
  assert.equal(lru.get('a', 2, 0), undefined, 'content changed since');
  assert.equal(lru.getStale('a', 2), undefined, 'and it is not kept');
  assert.equal(lru.get('b', 1, 999), 'B');
  assert.equal(lru.get('b', 1, 1000), undefined, 'TTL passed');
  assert.equal(lru.getStale('b', 1), 'B', 'kept for an outage');
  assert.equal(lru.getStale('b', 2), undefined, 'but never across a content change');
  assert.equal(lru.size, 1);
});

test('writing a key again replaces it without growing the cache; a TTL of 0 stores nothing', () => {
  const lru = new VersionedLru<string>(1000, 10);
  lru.set('a', 'old', 1, 0);
  lru.set('a', 'new', 2, 0);
  assert.equal(lru.size, 1);
  assert.equal(lru.get('a', 2, 0), 'new');
  const off = new VersionedLru<string>(0, 10);
  off.set('a', 'A', 1, 0);
  assert.equal(off.size, 0);
  assert.equal(off.get('a', 1, 0), undefined);
});

test('with a weight bound, the least recently read entries go until the new one fits; one too heavy is not kept', () => {
  const lru = new VersionedLru<string>(1000, 100, { weigh: (v) => v.length, max: 10 });
  lru.set('a', 'aaaa', 1, 0);
  lru.set('b', 'bbbb', 1, 0);
  assert.equal(lru.get('a', 1, 0), 'aaaa');
  lru.set('c', 'cccc', 1, 0);
  assert.equal(lru.get('b', 1, 0), undefined, 'b was read least recently');
  assert.equal(lru.totalWeight, 8);
  lru.set('a', 'aaaaaa', 1, 0);
  assert.equal(lru.totalWeight, 10, 'a replaced, not counted twice');
  lru.set('huge', 'x'.repeat(11), 1, 0);
  assert.equal(lru.get('huge', 1, 0), undefined);
  assert.equal(lru.size, 2, 'a value heavier than the bound evicts nothing');
  assert.equal(lru.get('a', 2, 0), undefined, 'a content change drops it');
  assert.equal(lru.totalWeight, 4, 'and its weight');
});

test('with secondSight, a key is kept from its second offer; one kept before a content change is kept again at once', () => {
  const lru = new VersionedLru<string>(1000, 3, undefined, { secondSight: true });
  lru.set('a', 'A1', 1, 0);
  assert.equal(lru.get('a', 1, 0), undefined, 'a first offer is not kept');
  assert.equal(lru.size, 0);
  lru.set('a', 'A2', 1, 0);
  assert.equal(lru.get('a', 1, 0), 'A2', 'the second is');
  assert.equal(lru.get('a', 2, 0), undefined, 'content changed since');
  lru.set('a', 'A3', 2, 0);
  assert.equal(lru.get('a', 2, 0), 'A3', 'a key readers came back to needs no second offer after a change');
  lru.set('a', 'A4', 2, 1000);
  assert.equal(lru.get('a', 2, 1000), 'A4', 'nor after its time is up');
});

test('with secondSight, one-off keys neither evict what is kept nor pile up without bound', () => {
  const lru = new VersionedLru<string>(1000, 2, undefined, { secondSight: true });
  for (const value of ['A', 'A', 'B', 'B']) lru.set(value.toLowerCase(), value, 1, 0);
  for (let i = 0; i < 100; i++) lru.set(`once-${i}`, 'x', 1, 0);
  assert.equal(lru.get('a', 1, 0), 'A');
  assert.equal(lru.get('b', 1, 0), 'B');
  // Only the last maxEntries × 2 one-off keys are remembered: an early one offered again is a first offer.
  lru.set('once-0', 'x', 1, 0);
  assert.equal(lru.get('once-0', 1, 0), undefined);
  lru.set('once-99', 'y', 1, 0);
  assert.equal(lru.get('once-99', 1, 0), 'y', 'a recent one offered again is kept');
});
