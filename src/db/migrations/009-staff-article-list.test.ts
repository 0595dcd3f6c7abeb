import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { titleKey as current } from '../../articles/title-key.js';
import { titleKey as frozen } from './009-staff-article-list.js';

// The migration keeps its own copy; until titleKey is meant to change, both must agree.
test('the frozen title key of migration 009 matches titleKey', () => {
  for (let c = 0; c < 0x2100; c++) {
    const t = `Ab ${String.fromCharCode(c)}x`;
    assert.equal(frozen(t), current(t), `U+${c.toString(16)}`);
  }
  for (const t of ['Hội thảo KH&CN', 'ĐÀ NẴNG  đón  Ðoàn ð', 'Thủy lợi – thuỷ điện', 'Hoà\u0300 ǖ Æ ά 𝒜 \ud800 x']) {
    assert.equal(frozen(t), current(t), t);
  }
  fc.assert(fc.property(fc.string({ unit: 'binary' }), (t) => frozen(t) === current(t)));
});
