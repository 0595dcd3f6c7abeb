import assert from 'node:assert/strict';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { escapeHtml } from '../../src/web/html.js';

export const ORIGIN = 'http://localhost:80';

/** Pulls the CSRF token out of the first form on a page. */
export function csrfFrom(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF field on the page');
  return m[1]!;
}

/**
 * A browser in miniature over app.inject: keeps cookies, sends our Origin,
 * and submits forms with the token the page gave it.
 */
export class Client {
  readonly cookies = new Map<string, string>();

  constructor(
    private readonly app: FastifyInstance,
    private readonly headers: Record<string, string> = {},
    /** The address requests come from, for limits kept per IP. */
    private readonly remoteAddress?: string,
  ) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** Keeps what an answer sets, as a browser does: also for requests sent by hand (multipart forms). */
  remember(res: LightMyRequestResponse): LightMyRequestResponse {
    const set = res.headers['set-cookie'];
    for (const line of Array.isArray(set) ? set : set ? [set] : []) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (/Max-Age=0/.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  async get(url: string, headers: Record<string, string> = {}) {
    return this.remember(
      await this.app.inject({
        url,
        remoteAddress: this.remoteAddress,
        headers: { cookie: this.cookieHeader(), ...this.headers, ...headers },
      }),
    );
  }

  async post(url: string, form: Record<string, string>, headers: Record<string, string> = {}) {
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        remoteAddress: this.remoteAddress,
        payload: new URLSearchParams(form).toString(),
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          origin: ORIGIN,
          cookie: this.cookieHeader(),
          ...this.headers,
          ...headers,
        },
      }),
    );
  }

  /** Posts an already encoded form body (for repeated fields such as ids=1&ids=2). */
  async postRaw(url: string, payload: string) {
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        payload,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          origin: ORIGIN,
          cookie: this.cookieHeader(),
          ...this.headers,
        },
      }),
    );
  }

  /** Loads `pageUrl`, then posts `fields` to `action` with the page's token. */
  async submit(pageUrl: string, action: string, fields: Record<string, string>) {
    const page = await this.get(pageUrl);
    return this.post(action, { ...fields, _csrf: csrfFrom(page.body) });
  }

  async logIn(email: string, password: string) {
    const res = await this.submit('/dang-nhap', '/dang-nhap', { email, password });
    if (res.statusCode !== 303) throw new Error(`login failed: ${res.statusCode} ${res.body.slice(0, 300)}`);
    return res;
  }
}

/** The hidden fields of the form on `page` that posts to `action` (a question page, a flash's "Hoàn tác"). */
export function formFields(page: string, action: string): Record<string, string> {
  const at = page.indexOf(`action="${action}"`);
  if (at < 0) throw new Error(`no form posting to ${action}`);
  const form = page.slice(at, page.indexOf('</form>', at));
  return Object.fromEntries(
    [...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [
      m[1]!,
      m[2]!.replace(/&amp;/g, '&'),
    ]),
  );
}

/** A page body without its per-request token, for comparing two answers. */
export function withoutToken(html: string): string {
  return html.replace(/name="_csrf" value="[^"]+"/g, 'name="_csrf" value=""');
}

/** A page without the one script every page has, the visitor statistics beacon (a file of our own, src/stats). */
export function withoutStatsBeacon(html: string): string {
  return html.replace(/<script src="\/assets\/stats\.[0-9a-f]{12}\.js" defer><\/script>/, '');
}

/**
 * The page without the scripts the site itself puts on every public page: the statistics beacon,
 * reader.js (text size and contrast), comments.js (under the comment form) and the JSON-LD data blocks, whose text escapes `<` so the
 * first `</script>` is their own end. What is left must hold no script at all.
 */
export function withoutSiteScripts(html: string): string {
  return withoutStatsBeacon(html)
    .replace(/<script src="\/assets\/reader\.[0-9a-f]{12}\.js"><\/script>/, '')
    .replace(/<script src="\/assets\/comments\.[0-9a-f]{12}\.js" defer><\/script>/, '')
    .replace(/<script type="application\/ld\+json">[\s\S]*?<\/script>/g, '');
}

/**
 * A comment form's answer without scripts: 303 back to `page`, at the notice above its form (POST → redirect →
 * GET). Returns the page the browser then loads, which says once what happened.
 */
export async function afterComment(client: Client, res: LightMyRequestResponse, page: string) {
  assert.equal(res.statusCode, 303, res.body.slice(0, 300));
  assert.equal(res.headers.location, `${page}#y-kien-da-gui`);
  const shown = await client.get(page);
  assert.equal(shown.statusCode, 200);
  return shown;
}

/** The notice a comment's redirect leads to, or undefined when the page has none. */
export function commentNoticeIn(page: string): string | undefined {
  return /<div class="comment-notice" id="y-kien-da-gui" tabindex="-1">([\s\S]*?)<\/div>/.exec(page)?.[1];
}

/**
 * A form's answer when it did something: 303 to `location` (POST → redirect → GET), whose page then says
 * `notice` exactly once, as a status, and no longer on the next load (a reload repeats nothing and says
 * nothing twice). Returns the first load.
 */
export async function afterAction(client: Client, res: LightMyRequestResponse, location: string, notice: string) {
  assert.equal(res.statusCode, 303, res.body.slice(0, 300));
  assert.equal(res.headers.location, location);
  const path = location.split('#')[0]!;
  const shown = await client.get(path);
  assert.equal(shown.statusCode, 200);
  const text = escapeHtml(notice);
  assert.equal(shown.body.split(text).length - 1, 1, `"${notice}" once on ${path}`);
  assert.ok(
    shown.body.includes(`role="status">${text}`) || shown.body.includes(`role="status"><p>${text}`),
    'a status',
  );
  const again = await client.get(path);
  assert.ok(!again.body.includes(text), `"${notice}" gone on the next load of ${path}`);
  return shown;
}
