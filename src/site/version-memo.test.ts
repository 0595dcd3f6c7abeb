import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VersionMemo } from './version-memo.js';

test('a key is read once per version, and again after the version moves', async () => {
  const memo = new VersionMemo<string>(10);
  let reads = 0;
  const read = (v: string) => () => Promise.resolve(`${v}:${++reads}`);
  assert.equal(await memo.get(1, 'a', read('a')), 'a:1');
  assert.equal(await memo.get(1, 'a', read('a')), 'a:1');
  assert.equal(await memo.get(1, 'b', read('b')), 'b:2', 'another key is its own entry');
  assert.equal(await memo.get(1, 'a', read('a')), 'a:1', 'and does not evict the first');
  assert.equal(await memo.get(2, 'a', read('a')), 'a:3');
  assert.equal(reads, 3);
});

test('past max keys the oldest is dropped; a failed read is not kept', async () => {
  const memo = new VersionMemo<number>(2);
  let reads = 0;
  const read = () => Promise.resolve(++reads);
  await memo.get(1, 'a', read);
  await memo.get(1, 'b', read);
  await memo.get(1, 'c', read);
  assert.equal(await memo.get(1, 'b', read), 2, 'b stayed');
  assert.equal(await memo.get(1, 'a', read), 4, 'a was the oldest and went');
  await assert.rejects(memo.get(1, 'x', () => Promise.reject(new Error('database away'))));
  assert.equal(await memo.get(1, 'x', read), 5, 'read again after the failure');
});

test('a value keep() refuses is read again on the next request and takes no place', async () => {
  const memo = new VersionMemo<number | undefined>(2);
  let reads = 0;
  const found = () => Promise.resolve(++reads);
  const missing = () => Promise.resolve((++reads, undefined));
  const keep = (v: number | undefined) => v !== undefined;
  assert.equal(await memo.get(1, 'a', found, keep), 1);
  assert.equal(await memo.get(1, 'x', missing, keep), undefined);
  assert.equal(await memo.get(1, 'x', missing, keep), undefined);
  assert.equal(reads, 3, 'the missing key was read each time');
  assert.equal(await memo.get(1, 'b', found, keep), 4);
  // Had x kept its place, b would have pushed a out.
  assert.equal(await memo.get(1, 'a', found, keep), 1, 'a stayed');
  assert.equal(await memo.get(1, 'b', found, keep), 4, 'b stayed');
  assert.equal(reads, 4);
});

test('a refused value pushes out nothing, even when the memo is full', async () => {
  const memo = new VersionMemo<number | undefined>(2);
  let reads = 0;
  const found = () => Promise.resolve(++reads);
  const keep = (v: number | undefined) => v !== undefined;
  await memo.get(1, 'a', found, keep);
  await memo.get(1, 'b', found, keep);
  for (const unknown of ['x', 'y', 'z']) await memo.get(1, unknown, () => Promise.resolve(undefined), keep);
  assert.equal(await memo.get(1, 'a', found, keep), 1, 'a stayed');
  assert.equal(await memo.get(1, 'b', found, keep), 2, 'b stayed');
  assert.equal(reads, 2);
});
