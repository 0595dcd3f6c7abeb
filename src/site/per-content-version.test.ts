import assert from 'node:assert/strict';
import { test } from 'node:test';
import { perContentVersion } from './per-content-version.js';

/** A read that counts its calls and settles when the test says so. */
function reads() {
  const pending: { resolve: (v: string) => void; reject: (e: Error) => void }[] = [];
  const calls: string[] = [];
  const load = perContentVersion((site: { version: number }, day: string) => {
    calls.push(`${site.version} ${day}`);
    return new Promise<string>((resolve, reject) => pending.push({ resolve, reject }));
  });
  return { load, calls, pending };
}

test('one read per content version and argument; a bumped version or another argument reads again', async () => {
  const { load, calls, pending } = reads();
  const site = { version: 1 };
  const first = load(site, 'mon');
  assert.equal(load(site, 'mon'), first);
  pending[0]!.resolve('a');
  assert.equal(await load(site, 'mon'), 'a');
  load(site, 'tue');
  site.version = 2;
  load(site, 'tue');
  load(site, 'tue');
  assert.deepEqual(calls, ['1 mon', '1 tue', '2 tue']);
  // Another site keeps its own.
  load({ version: 2 }, 'tue');
  assert.equal(calls.length, 4);
});

test('a failed read is not kept: the next call reads again, while a newer read stays', async () => {
  const { load, calls, pending } = reads();
  const site = { version: 1 };
  const failing = load(site, 'mon');
  site.version = 2;
  const newer = load(site, 'mon');
  pending[0]!.reject(new Error('database away'));
  await assert.rejects(failing, /database away/);
  assert.equal(load(site, 'mon'), newer, 'the old failure does not drop the newer read');
  pending[1]!.reject(new Error('database away'));
  await assert.rejects(newer, /database away/);
  const retried = load(site, 'mon');
  assert.notEqual(retried, newer);
  pending[2]!.resolve('back');
  assert.equal(await retried, 'back');
  assert.deepEqual(calls, ['1 mon', '2 mon', '2 mon']);
});
