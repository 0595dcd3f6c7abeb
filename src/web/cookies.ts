/** Reads the Cookie header; a malformed pair is skipped, never an error. */
export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 1) continue;
    const name = part.slice(0, eq).trim();
    const raw = part.slice(eq + 1).trim();
    try {
      if (!out.has(name)) out.set(name, decodeURIComponent(raw));
    } catch {
      // A cookie we did not write; ignore it.
    }
  }
  return out;
}

export interface CookieOptions {
  secure: boolean;
  /** Seconds; undefined makes a browser-session cookie, 0 deletes. */
  maxAge?: number;
}

/** Always HttpOnly, SameSite=Lax, Path=/; Secure when the site is served over https. */
export function serializeCookie(name: string, value: string, opts: CookieOptions): string {
  let out = `${name}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Lax`;
  if (opts.secure) out += '; Secure';
  if (opts.maxAge !== undefined) out += `; Max-Age=${opts.maxAge}`;
  return out;
}

/** `__Host-` binds a cookie to this exact origin, but browsers accept it only with Secure. */
export function cookieName(base: string, secure: boolean): string {
  return secure ? `__Host-${base}` : base;
}
