import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spelling, telexWord } from './telex.js';

test('Telex keys left in a word: tone last, vowel shapes and đ doubled', () => {
  assert.deepEqual(telexWord('nghij'), spelling('nghị'));
  assert.deepEqual(telexWord('quyeets'), spelling('quyết'));
  assert.deepEqual(telexWord('dduwowngf'), spelling('đường'));
  assert.deepEqual(telexWord('tuaanf'), spelling('tuần'));
  assert.deepEqual(telexWord('hoaf'), spelling('hoà'));
  assert.equal(telexWord('nghi'), null, 'no keys: nothing to decode');
  assert.equal(telexWord('s'), null, 'a tone key needs a vowel before it');
  assert.equal(telexWord('nghị'), null, 'only plain ASCII is Telex');
});

test('spelling: tone apart from the rest, whatever the Unicode form', () => {
  assert.deepEqual(spelling('quyết'), { base: 'quyêt', tone: 1 });
  assert.deepEqual(spelling('quyết'.normalize('NFD')), { base: 'quyêt', tone: 1 });
  assert.deepEqual(spelling('đường'), { base: 'đương', tone: 0 });
  assert.deepEqual(spelling('ma'), { base: 'ma', tone: -1 });
});
