import https from 'node:https';
import { isIP } from 'node:net';
import { http } from '../web/node-http.js';
import { BlockedAddressError, guardedLookup, isBlockedAddress } from './address-guard.js';

export type SendOutcome = { ok: true; status: number } | { ok: false; status: number | null; error: string };

export interface SendOptions {
  allowPrivate: boolean;
  timeoutMs: number;
}

/** Why a URL may not be called at all, before any connection; null when it may. Names are judged at connect time. */
export function refusedUrl(raw: string, allowPrivate: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'not a URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'only http and https are allowed';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && isIP(host) && isBlockedAddress(host)) return new BlockedAddressError(host).message;
  return null;
}

/**
 * One POST, never following a redirect: a 3xx counts as a failure, so a receiver cannot bounce the
 * delivery into the agency's network. Names are resolved by the socket through guardedLookup.
 */
export function postJson(raw: string, body: string, headers: Record<string, string>, opts: SendOptions) {
  return new Promise<SendOutcome>((resolve) => {
    const refused = refusedUrl(raw, opts.allowPrivate);
    if (refused) return resolve({ ok: false, status: null, error: refused });
    const url = new URL(raw);
    const client = url.protocol === 'https:' ? https : http;
    const request = client.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
      agent: false,
      timeout: opts.timeoutMs,
      ...(opts.allowPrivate ? {} : { lookup: guardedLookup }),
    });
    const timer = setTimeout(
      () => request.destroy(new Error(`no answer within ${opts.timeoutMs / 1000} s`)),
      opts.timeoutMs,
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within ${opts.timeoutMs / 1000} s`)));
    request.on('error', (err) => {
      clearTimeout(timer);
      resolve({ ok: false, status: null, error: err.message || String(err) });
    });
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      // The answer's body is not needed; reading it lets the socket close cleanly.
      response.resume();
      response.on('end', () => clearTimeout(timer));
      response.on('error', () => clearTimeout(timer));
      if (status >= 200 && status < 300) return resolve({ ok: true, status });
      const where = response.headers.location;
      resolve({
        ok: false,
        status,
        error:
          status >= 300 && status < 400
            ? `redirect to ${String(where ?? '(no location)').slice(0, 300)} not followed`
            : `HTTP ${status}`,
      });
    });
    request.end(body);
  });
}
