const WP_DATE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

function parse(s: string, offset: string): string | null {
  const m = WP_DATE.exec(s.trim());
  if (!m || m[1] === '0000') return null;
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${offset}`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/**
 * A WordPress time as UTC: the GMT column when it is set; a draft saved
 * without one has 0000-00-00 there, and its local time is taken as Vietnam time.
 */
export function wpTime(gmt: string, local: string): string | null {
  return parse(gmt, 'Z') ?? parse(local, '+07:00');
}

/** UTC ISO time → WordPress's "YYYY-MM-DD HH:MM:SS", in UTC or in Vietnam time (UTC+7, no summer time). */
export function toWpTime(iso: string, vietnam = false): string {
  const d = new Date(new Date(iso).getTime() + (vietnam ? 7 * 3600_000 : 0));
  return d.toISOString().slice(0, 19).replace('T', ' ');
}
