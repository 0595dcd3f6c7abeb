import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatVnDate,
  formatVnDateTime,
  formatVnIso,
  formatVnLongDate,
  parseVnDateTime,
  vnDateParts,
  vnDatePartsIntl,
} from './dates.js';

// Independent of dates.ts: what Intl itself prints for Asia/Ho_Chi_Minh.
const intl = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Ho_Chi_Minh',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
function intlVnDateTime(iso: string): string {
  const p = Object.fromEntries(intl.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return `${p['hour']}:${p['minute']} ${p['day']}/${p['month']}/${p['year']}`;
}

test('the seed article time', () => {
  assert.equal(formatVnDateTime('2018-05-23T04:16:00.000Z'), '11:16 23/05/2018');
  assert.equal(formatVnDateTime(new Date('2018-05-23T04:16:00.000Z')), '11:16 23/05/2018');
  assert.equal(formatVnDate('2018-05-23T04:16:00.000Z'), '23/05/2018');
  assert.equal(formatVnLongDate('2018-05-23T04:16:00.000Z'), 'Thứ Tư, 23/05/2018');
});

test('midnight in Vietnam is 17:00 UTC the day before', () => {
  assert.equal(formatVnDateTime('2018-05-23T16:59:59.999Z'), '23:59 23/05/2018');
  assert.equal(formatVnDateTime('2018-05-23T17:00:00.000Z'), '00:00 24/05/2018');
  assert.equal(formatVnDate('2018-05-23T17:00:00.000Z'), '24/05/2018');
  assert.equal(formatVnDateTime('2017-12-31T17:00:00.000Z'), '00:00 01/01/2018');
  assert.equal(formatVnDateTime('2020-02-28T17:00:00.000Z'), '00:00 29/02/2020');
  assert.equal(formatVnLongDate('2018-05-23T17:00:00.000Z'), 'Thứ Năm, 24/05/2018');
});

test('every weekday name', () => {
  const expected = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];
  // 20/05/2018 was a Sunday; 23:30 local = 16:30Z the same day.
  expected.forEach((name, i) => {
    const day = 20 + i;
    assert.equal(formatVnLongDate(`2018-05-${day}T16:30:00Z`), `${name}, ${day}/05/2018`);
  });
});

test('historic dates follow the tz database, not a fixed +7', () => {
  for (const iso of [
    '1970-01-01T00:00:00Z', // +8 in the south, 1959–1975
    '1945-06-01T00:00:00Z', // +9
    '1950-01-01T00:00:00Z', // +8
    '1956-01-01T00:00:00Z', // +7
    '1900-01-01T00:00:00Z', // local mean time +7:06:30
    '1975-06-12T15:59:00Z', // last minute of +8
    '1975-06-12T16:00:00Z', // first minute of +7
  ]) {
    assert.equal(formatVnDateTime(iso), intlVnDateTime(iso), iso);
  }
  assert.equal(formatVnDateTime('1970-01-01T00:00:00Z'), '08:00 01/01/1970');
  assert.equal(formatVnDateTime('1975-06-12T15:30:00Z'), '23:30 12/06/1975');
  assert.equal(formatVnDateTime('1975-06-12T16:30:00Z'), '23:30 12/06/1975');
});

test('the post-1976 fast path agrees with Intl', () => {
  // Deterministic pseudo-random instants 1976–2100, plus each local midnight edge.
  let seed = 12345;
  const rand = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const from = Date.UTC(1976, 0, 1);
  const to = Date.UTC(2100, 0, 1);
  for (let i = 0; i < 3000; i++) {
    const d = new Date(from + Math.floor(rand() * (to - from)));
    assert.deepEqual(vnDateParts(d), vnDatePartsIntl(d), d.toISOString());
    const edge = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 17) - 1);
    assert.deepEqual(vnDateParts(edge), vnDatePartsIntl(edge), edge.toISOString());
  }
});

test('stored times, read off their digits, agree with Intl across day, month, year and leap-day edges', () => {
  const edges = [
    '2018-05-23T16:59:59.999Z',
    '2018-05-23T17:00:00.000Z',
    '2018-05-31T17:00:00.000Z',
    '2018-12-31T17:00:00.000Z',
    '2020-02-28T17:00:00.000Z',
    '2021-02-28T17:00:00.000Z',
    '2000-02-28T17:00:00.000Z',
    '2100-02-28T17:00:00.000Z',
    '2024-02-29T16:59:00.000Z',
    '1976-01-01T00:00:00.000Z',
    '2038-01-19T03:14:07.000Z',
    '9999-12-31T16:59:00.000Z',
  ];
  let seed = 99;
  for (let i = 0; i < 3000; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    edges.push(new Date(Date.UTC(1976, 0, 1) + Math.floor((seed / 2147483648) * 4e12)).toISOString());
  }
  for (const iso of edges) assert.equal(formatVnDateTime(iso), intlVnDateTime(iso), iso);
  // Impossible digits are left to the full parse, which refuses them.
  for (const bad of ['2018-13-01T00:00:00.000Z', '2018-00-10T00:00:00.000Z', '2018-05-23T10:60:00.000Z']) {
    assert.throws(() => formatVnDateTime(bad), RangeError, bad);
  }
});

test('invalid or zone-less inputs throw', () => {
  assert.throws(() => formatVnDateTime('not a date'), RangeError);
  assert.throws(() => formatVnDateTime(new Date(NaN)), RangeError);
  // Would be read in the server's local zone.
  assert.throws(() => formatVnDateTime('2018-05-23T04:16:00'), RangeError);
  assert.equal(formatVnDateTime('2018-05-23T11:16:00+07:00'), '11:16 23/05/2018');
});

test('parse: valid input, Vietnam time to UTC', () => {
  assert.equal(parseVnDateTime('11:16 23/05/2018'), '2018-05-23T04:16:00.000Z');
  assert.equal(parseVnDateTime('  1:05 3/5/2018 \t'), '2018-05-02T18:05:00.000Z');
  assert.equal(parseVnDateTime('00:00 01/01/2018'), '2017-12-31T17:00:00.000Z');
  assert.equal(parseVnDateTime('23:59 31/12/2018'), '2018-12-31T16:59:00.000Z');
  assert.equal(parseVnDateTime('12:00 29/02/2020'), '2020-02-29T05:00:00.000Z');
  assert.equal(parseVnDateTime('08:00 01/01/1970'), '1970-01-01T00:00:00.000Z');
});

test('parse round-trips with format, modern and historic', () => {
  for (const text of [
    '11:16 23/05/2018',
    '00:00 01/01/2000',
    '08:00 01/01/1970',
    '12:34 15/08/1945',
    '07:06 01/01/1900',
  ]) {
    const iso = parseVnDateTime(text);
    assert.ok(iso !== null, text);
    assert.equal(formatVnDateTime(iso), text);
  }
});

test('parse: historic clock changes', () => {
  // 31/12/1942 23:00 +7 became 00:00 +8: 23:30 never happened.
  assert.equal(parseVnDateTime('23:30 31/12/1942'), null);
  assert.equal(parseVnDateTime('22:59 31/12/1942'), '1942-12-31T15:59:00.000Z');
  // 13/06/1975 00:00 +8 became 23:00 +7: 23:30 happened twice; the earlier wins.
  assert.equal(parseVnDateTime('23:30 12/06/1975'), '1975-06-12T15:30:00.000Z');
  assert.equal(parseVnDateTime('00:30 13/06/1975'), '1975-06-12T17:30:00.000Z');
});

test('parse rejects invalid input', () => {
  for (const bad of [
    '',
    '   ',
    '25:00 01/01/2018',
    '24:00 01/01/2018',
    '12:60 01/01/2018',
    '10:00 31/02/2018',
    '10:00 29/02/2019',
    '10:00 31/04/2018',
    '10:00 00/01/2018',
    '10:00 01/00/2018',
    '10:00 01/13/2018',
    '10:00 01/01/0000',
    'ab:cd 01/01/2018',
    '10:00 01/01/2018 x',
    '10:00 01/01/2018.',
    'x 10:00 01/01/2018',
    '10:00 01/01/18',
    '10:00 001/01/2018',
    '100:00 01/01/2018',
    '10:0 01/01/2018',
    '10:00',
    '01/01/2018',
    '10:00 01-01-2018',
    '10:0001/01/2018',
    '-1:00 01/01/2018',
    '١٠:٠٠ ٠١/٠١/٢٠١٨',
    '10:00 01/01/2018\n10:00 01/01/2018',
  ]) {
    assert.equal(parseVnDateTime(bad), null, JSON.stringify(bad));
  }
});

test('formatVnIso writes the instant in Vietnam with its offset, for schema.org dates', () => {
  assert.equal(formatVnIso('2018-05-23T04:16:00.000Z'), '2018-05-23T11:16:00+07:00');
  // Past midnight in Vietnam while still the day before in UTC.
  assert.equal(formatVnIso('2025-12-31T17:30:05Z'), '2026-01-01T00:30:05+07:00');
  assert.equal(new Date(formatVnIso('2025-12-31T17:30:05Z')).toISOString(), '2025-12-31T17:30:05.000Z');
  // Saigon kept UTC+8 until June 1975.
  assert.equal(formatVnIso('1970-01-01T00:00:00Z'), '1970-01-01T08:00:00+08:00');
});
