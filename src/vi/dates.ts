/**
 * Dates: stored as UTC ISO strings, shown in Asia/Ho_Chi_Minh.
 *
 * Vietnam has not always been UTC+7: the tz database has +7:06:30 (local mean
 * time) before 1911, +8 and +9 during the 1940s, and +8 in the south from 1959
 * until 13 June 1975. So historic instants go through Intl (which carries the
 * tz database); instants from 1976 on take an arithmetic fast path that the
 * tests check against Intl.
 */

export const VN_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** Wall-clock fields in Vietnam. `weekday`: 0 = Sunday … 6 = Saturday. */
export interface VnDateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

const HOUR = 3_600_000;
/** From here on Vietnam is UTC+7 with no DST (the change was 1975-06-12T16:00Z). */
const FIXED_OFFSET_SINCE = Date.UTC(1976, 0, 1);
const FIXED_OFFSET = 7 * HOUR;

/** Index = Date#getUTCDay() of the Vietnamese wall-clock date. */
const WEEKDAYS = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'] as const;

// Creating a DateTimeFormat is expensive; one shared instance.
let formatter: Intl.DateTimeFormat | undefined;
function vnFormatter(): Intl.DateTimeFormat {
  formatter ??= new Intl.DateTimeFormat('en-US', {
    timeZone: VN_TIME_ZONE,
    era: 'short',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    hourCycle: 'h23',
  });
  return formatter;
}

/** Wall-clock fields via Intl only: the reference the fast path is tested against. */
export function vnDatePartsIntl(date: Date): VnDateParts {
  const fields: Record<string, string> = {};
  for (const part of vnFormatter().formatToParts(date)) fields[part.type] = part.value;
  let year = Number(fields['year']);
  // Proleptic years before 1 come back as "n BC"; use astronomical numbering.
  if (fields['era'] === 'BC' || fields['era'] === 'B') year = 1 - year;
  const month = Number(fields['month']);
  const day = Number(fields['day']);
  return {
    year,
    month,
    day,
    hour: Number(fields['hour']),
    minute: Number(fields['minute']),
    second: Number(fields['second']),
    weekday: weekdayOf(year, month, day),
  };
}

/** Wall-clock fields of an instant in Vietnam. */
export function vnDateParts(date: Date): VnDateParts {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Invalid date');
  if (ms < FIXED_OFFSET_SINCE) return vnDatePartsIntl(date);
  const local = new Date(ms + FIXED_OFFSET);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
    weekday: local.getUTCDay(),
  };
}

/**
 * ISO 8601 in Vietnam's own offset, e.g. `2018-05-23T11:16:00+07:00`: what
 * structured data (schema.org dates) and readers expect to see, not UTC.
 * Historic instants get the offset the tz database had then.
 */
export function formatVnIso(value: string | Date): string {
  const date = toDate(value);
  const p = vnDateParts(date);
  const wall = new Date(0);
  wall.setUTCFullYear(p.year, p.month - 1, p.day);
  wall.setUTCHours(p.hour, p.minute, p.second, 0);
  const offsetMinutes = Math.round((wall.getTime() - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const year = p.year >= 0 && p.year <= 9999 ? String(p.year).padStart(4, '0') : String(p.year);
  return `${year}-${pad2(p.month)}-${pad2(p.day)}T${pad2(p.hour)}:${pad2(p.minute)}:${pad2(p.second)}${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

function weekdayOf(year: number, month: number, day: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return d.getUTCDay();
}

// Without Z or an offset, `new Date()` reads a date-time as the *server's*
// local time, which silently shifts stored times; refuse such strings.
const ISO_WITH_TIME_NO_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/;

function toDate(value: string | Date): Date {
  if (value instanceof Date) return value;
  if (ISO_WITH_TIME_NO_ZONE.test(value.trim())) {
    throw new RangeError(`Date-time without a time zone: ${JSON.stringify(value)} (store UTC, e.g. ...Z)`);
  }
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new RangeError(`Invalid date: ${JSON.stringify(value)}`);
  return d;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));
const pad4 = (n: number): string => (n < 0 ? '-' + String(-n).padStart(4, '0') : String(n).padStart(4, '0'));

/** What the databases hand back (see dialects/postgres.ts): always UTC, so no zone to read. */
const STORED_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function twoDigits(s: string, at: number): number {
  return (s.charCodeAt(at) - 48) * 10 + s.charCodeAt(at + 1) - 48;
}

function monthLength(year: number, month: number): number {
  return month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : DAYS_IN_MONTH[month - 1]!;
}

/**
 * `HH:mm dd/MM/yyyy` of a stored UTC time from 1976 on, read off its digits
 * plus seven hours; null for anything else. A comment page shows a hundred
 * times, and a Date per time cost more than the rest of each comment's markup.
 */
function storedVnDateTime(iso: string): string | null {
  if (!STORED_UTC.test(iso)) return null;
  let year = twoDigits(iso, 0) * 100 + twoDigits(iso, 2);
  let month = twoDigits(iso, 5);
  let day = twoDigits(iso, 8);
  let hour = twoDigits(iso, 11) + 7;
  if (year < 1976 || month < 1 || month > 12 || day < 1 || day > monthLength(year, month) || hour > 30) return null;
  if (twoDigits(iso, 14) > 59 || twoDigits(iso, 17) > 59) return null;
  if (hour >= 24) {
    hour -= 24;
    if (++day > monthLength(year, month)) {
      day = 1;
      if (++month > 12) {
        month = 1;
        year++;
      }
    }
  }
  return `${pad2(hour)}:${iso.slice(14, 16)} ${pad2(day)}/${pad2(month)}/${year}`;
}

/** `HH:mm dd/MM/yyyy` in Vietnam time, e.g. 2018-05-23T04:16:00Z → `11:16 23/05/2018`. */
export function formatVnDateTime(value: string | Date): string {
  const stored = typeof value === 'string' ? storedVnDateTime(value) : null;
  if (stored !== null) return stored;
  const p = vnDateParts(toDate(value));
  return `${pad2(p.hour)}:${pad2(p.minute)} ${pad2(p.day)}/${pad2(p.month)}/${pad4(p.year)}`;
}

/** `dd/MM/yyyy` in Vietnam time. */
export function formatVnDate(value: string | Date): string {
  const p = vnDateParts(toDate(value));
  return `${pad2(p.day)}/${pad2(p.month)}/${pad4(p.year)}`;
}

/** Weekday and date in Vietnam time, e.g. `Thứ Tư, 23/05/2018`. */
export function formatVnLongDate(value: string | Date): string {
  const p = vnDateParts(toDate(value));
  return `${WEEKDAYS[p.weekday] ?? ''}, ${pad2(p.day)}/${pad2(p.month)}/${pad4(p.year)}`;
}

const VN_DATE_TIME = /^\s*(\d{1,2}):(\d{2})\s+(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/;

/**
 * Strict parse of `HH:mm dd/MM/yyyy` (Vietnam time; 1-digit hour, day and
 * month allowed, surrounding whitespace ignored) to a UTC ISO string. Returns
 * null for anything invalid: out-of-range fields, dates that do not exist
 * (31/02), trailing text, and wall-clock times that never happened in
 * Vietnam (skipped by a historic clock change).
 */
export function parseVnDateTime(text: string): string | null {
  const m = VN_DATE_TIME.exec(text);
  if (m === null) return null;
  const [hour, minute, day, month, year] = m.slice(1, 6).map(Number) as [number, number, number, number, number];
  if (hour > 23 || minute > 59 || month < 1 || month > 12 || day < 1 || year < 1) return null;
  if (day > daysInMonth(year, month)) return null;
  const wall = wallClockAsUtc(year, month, day, hour, minute);
  const utc = wallClockToUtc(wall);
  return utc === null ? null : new Date(utc).toISOString();
}

function daysInMonth(year: number, month: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month, 0); // day 0 of the next month = last day of this one
  return d.getUTCDate();
}

/** The wall-clock fields read as if they were UTC (ms since epoch). */
function wallClockAsUtc(year: number, month: number, day: number, hour: number, minute: number, second = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  return d.getTime();
}

/** UTC offset (ms) in Vietnam at an instant. */
function offsetAt(utc: number): number {
  if (utc >= FIXED_OFFSET_SINCE) return FIXED_OFFSET;
  const p = vnDatePartsIntl(new Date(utc));
  // Intl has whole seconds; drop the instant's milliseconds to match.
  const whole = Math.floor(utc / 1000) * 1000;
  return wallClockAsUtc(p.year, p.month, p.day, p.hour, p.minute, p.second) - whole;
}

/**
 * The instant whose Vietnam wall clock reads `wall`. Offsets have ranged from
 * +7 to +9, and changes are years apart, so the offsets seen across that
 * window are the only candidates. For a repeated wall time (clocks turned
 * back) the earlier instant wins; a skipped one gives null.
 */
function wallClockToUtc(wall: number): number | null {
  if (wall - FIXED_OFFSET >= FIXED_OFFSET_SINCE) return wall - FIXED_OFFSET;
  const candidates = new Set([offsetAt(wall - 10 * HOUR), offsetAt(wall - 8 * HOUR), offsetAt(wall - 6 * HOUR)]);
  let best: number | null = null;
  for (const offset of candidates) {
    const utc = wall - offset;
    if (offsetAt(utc) === offset && (best === null || utc < best)) best = utc;
  }
  return best;
}
