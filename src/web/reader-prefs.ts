import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseOr400 } from '../errors.js';
import { messages as m } from '../messages/vi.js';
import { parseCookies } from './cookies.js';
import { html, type SafeHtml } from './html.js';

/** Text sizes from small to largest; none (the default) sits between the first two. */
const SIZES = ['nho', '', 'lon', 'rat-lon'] as const;
const YEAR = 365 * 24 * 3600;

const query = z.object({
  'co-chu': z.enum(['giam', 'vua', 'tang'], { message: m.readerPrefs.invalid }).optional(),
  'tuong-phan': z.enum(['doi'], { message: m.readerPrefs.invalid }).optional(),
  ve: z.string().max(2000).optional(),
});

/** Only a path on this site: `//host` and absolute URLs would make this an open redirect. */
function backTo(target: string | undefined, referer: string | undefined, origin: string): string {
  if (target && /^\/(?![/\\])/.test(target)) return target;
  if (referer?.startsWith(`${origin}/`)) return referer.slice(origin.length);
  return '/';
}

/**
 * A- A A+ and high contrast. Links, so they work without JavaScript: the
 * server keeps the choice in cookies and sends the reader back. The cached
 * page is the same for everyone; a tiny script (assets/reader.js) turns the
 * cookies into classes on <html> that site.css styles. The cookies only
 * change how this reader's browser draws the site, so a forged link can do
 * no more than change a font size: no CSRF token, which would make every page a form.
 */
export async function readerPrefsRoutes(app: FastifyInstance, opts: { origin: { value: string } }) {
  app.get('/hien-thi', async (request, reply) => {
    const q = parseOr400(query, request.query, m.readerPrefs.invalid);
    const cookies = parseCookies(request.headers.cookie);
    const set: string[] = [];
    // Not HttpOnly: reader.js reads them. They hold a word of display choice and nothing else.
    const cookie = (name: string, value: string) =>
      `${name}=${value}; Path=/; SameSite=Lax; Max-Age=${value ? YEAR : 0}${request.https ? '; Secure' : ''}`;
    if (q['co-chu']) {
      const now = Math.max(0, SIZES.indexOf((cookies.get('co-chu') ?? '') as (typeof SIZES)[number]));
      const step = q['co-chu'] === 'tang' ? 1 : q['co-chu'] === 'giam' ? -1 : 0;
      const next = step === 0 ? '' : SIZES[Math.min(SIZES.length - 1, Math.max(0, now + step))]!;
      set.push(cookie('co-chu', next));
    }
    if (q['tuong-phan']) set.push(cookie('tuong-phan', cookies.get('tuong-phan') === 'cao' ? '' : 'cao'));
    return reply
      .header('set-cookie', set)
      .header('cache-control', 'no-store')
      .redirect(backTo(q.ve, request.headers.referer, opts.origin.value), 303);
  });
}

/** The controls in every page's header; `back` is the page's own path, so the reader lands where they were. */
export function readerPrefsControls(back: string | undefined): SafeHtml {
  const ve = back ? `&ve=${encodeURIComponent(back)}` : '';
  return html`<nav class="reader-prefs" aria-label="${m.readerPrefs.label}">
      <a href="/hien-thi?co-chu=giam${ve}" rel="nofollow" title="${m.readerPrefs.smaller}">A-<span class="visually-hidden"> (${m.readerPrefs.smaller})</span></a>
      <a href="/hien-thi?co-chu=vua${ve}" rel="nofollow" title="${m.readerPrefs.normal}">A<span class="visually-hidden"> (${m.readerPrefs.normal})</span></a>
      <a href="/hien-thi?co-chu=tang${ve}" rel="nofollow" title="${m.readerPrefs.larger}">A+<span class="visually-hidden"> (${m.readerPrefs.larger})</span></a>
      <a href="/hien-thi?tuong-phan=doi${ve}" rel="nofollow" title="${m.readerPrefs.contrast}">${m.readerPrefs.contrastShort}</a>
    </nav>`;
}
