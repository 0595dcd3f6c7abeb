import type { AddressInfo } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import { messages as m } from '../messages/vi.js';
import { html } from './html.js';
import { strictTransportSecurity } from './security-headers.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Served over https (SITE_URL, or a trusted proxy's X-Forwarded-Proto): cookies are Secure and `__Host-` prefixed. */
    https: boolean;
  }
}

/** Load balancers probe instances by address, so these answer whatever the Host. */
const PROBE_PATHS: ReadonlySet<string> = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * The one origin every absolute URL is made from (mail links, feeds, sitemaps,
 * robots.txt, canonical and og: tags) and the origins a state-changing request
 * may come from. It comes from SITE_URL, never from a request's Host header.
 * Without SITE_URL (development, tests) it is the address the server listens
 * on; before it listens (app.inject) it is http://localhost, the Host that
 * app.inject sends by default.
 */
export class SiteOrigin {
  /** e.g. `https://tin.example.vn`, no trailing slash. */
  value: string;
  /** SITE_URL is https: cookies are Secure and `__Host-` prefixed, and responses carry HSTS. */
  readonly https: boolean;
  /** Production answers only to SITE_URL's host and ALLOWED_HOSTS. */
  readonly checksHost: boolean;
  private readonly hostnames: ReadonlySet<string>;
  private origins: ReadonlySet<string>;

  constructor(private readonly config: Pick<Config, 'env' | 'site' | 'allowedHosts'>) {
    const url = config.site.url ? new URL(config.site.url) : undefined;
    this.value = url?.origin ?? 'http://localhost';
    this.https = url?.protocol === 'https:';
    this.checksHost = config.env === 'production';
    this.hostnames = new Set([...(url ? [url.hostname] : []), ...config.allowedHosts.map(hostnameOf)]);
    this.origins = this.originsFor([]);
  }

  /** Without SITE_URL, links follow the address actually bound (the real port when PORT=0). */
  listening(address: AddressInfo | string | null): void {
    if (this.config.site.url || !address || typeof address === 'string') return;
    const wildcard = address.address === '0.0.0.0' || address.address === '::';
    const loopback = wildcard || address.address === '::1' || address.address.startsWith('127.');
    const host = wildcard ? 'localhost' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
    this.value = `http://${host}:${address.port}`;
    // A developer may open localhost or 127.0.0.1 for the same loopback server; both are this machine.
    this.origins = this.originsFor(
      loopback ? ['localhost', '127.0.0.1', '[::1]'].map((h) => `http://${h}:${address.port}`) : [],
    );
  }

  private originsFor(extra: string[]): ReadonlySet<string> {
    const protocol = new URL(this.value).protocol;
    const allowed = this.config.allowedHosts.map((h) => new URL(`${protocol}//${h}`).origin);
    return new Set([this.value, ...allowed, ...extra]);
  }

  /** The CSRF check: an Origin (or Referer's origin) must be one of ours, from configuration only. */
  acceptsOrigin(origin: string): boolean {
    try {
      return this.origins.has(new URL(origin).origin);
    } catch {
      return false;
    }
  }

  /** Cheap enough for every request, including the front-lane cache's. */
  acceptsHost(host: string | undefined): boolean {
    return !this.checksHost || (host !== undefined && this.hostnames.has(hostnameOf(host)));
  }

  /** Served over https: SITE_URL says so, or a trusted proxy's X-Forwarded-Proto does (TRUST_PROXY). */
  isHttps(request: FastifyRequest): boolean {
    return this.https || request.protocol === 'https';
  }
}

/** `Host: Example.VN:8080` → `example.vn`; `[::1]:3000` → `[::1]`. */
function hostnameOf(host: string): string {
  const end = host.startsWith('[') ? host.indexOf(']') + 1 : host.indexOf(':');
  return (end > 0 ? host.slice(0, end) : host).toLowerCase();
}

export function isProbePath(url: string): boolean {
  const q = url.indexOf('?');
  return PROBE_PATHS.has(q === -1 ? url : url.slice(0, q));
}

const badHostPage =
  '<!doctype html>' +
  html`<html lang="vi"><head><meta charset="utf-8"><title>${m.hostCheck.title}</title></head>
<body><h1>${m.hostCheck.title}</h1><p>${m.hostCheck.message}</p></body></html>`.value;

/**
 * On every request, before sessions or the database: marks https (and says so
 * with HSTS), and in production answers a host name that is not ours (DNS
 * rebinding, a forged Host) with a short 400 and nothing else.
 */
export function registerSiteOrigin(app: FastifyInstance, origin: SiteOrigin): void {
  app.decorateRequest('https', false);
  app.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    request.https = origin.isHttps(request);
    if (request.https) reply.headers(strictTransportSecurity);
    if (origin.acceptsHost(request.headers.host) || isProbePath(request.url)) return done();
    request.log.info({ host: request.headers.host }, 'refused a request for a foreign host');
    void reply.code(400).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(badHostPage);
  });
}
