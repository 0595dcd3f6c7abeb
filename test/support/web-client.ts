import http from 'node:http';

export interface WebResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Time from sending the request to the end of the answer. */
  ms: number;
}

/**
 * A reader or staff member in miniature against a listening server: keeps
 * cookies, sends our Origin, and can come from its own 127.x.y.z address
 * (Linux routes all of 127/8 to loopback), so limits kept per address apply
 * to each simulated person as they would to real ones.
 */
export class WebClient {
  readonly cookies = new Map<string, string>();
  private agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

  constructor(
    public baseUrl: string,
    private readonly localAddress?: string,
    private readonly timeoutMs = 15_000,
  ) {}

  get(path: string, headers: Record<string, string> = {}): Promise<WebResponse> {
    return this.request('GET', path, undefined, headers);
  }

  post(path: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<WebResponse> {
    return this.request('POST', path, Buffer.from(new URLSearchParams(form).toString()), {
      'content-type': 'application/x-www-form-urlencoded',
      ...headers,
    });
  }

  /** Sends `body` as is, with the caller's content-type. */
  request(method: string, path: string, body?: Buffer, headers: Record<string, string> = {}): Promise<WebResponse> {
    const url = new URL(path, this.baseUrl);
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = http.request(
        url,
        {
          method,
          agent: this.agent,
          localAddress: this.localAddress,
          timeout: this.timeoutMs,
          headers: {
            ...(method === 'GET' ? {} : { origin: new URL(this.baseUrl).origin }),
            ...(cookie ? { cookie } : {}),
            ...(body ? { 'content-length': String(body.length) } : {}),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            this.remember(res.headers['set-cookie']);
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString('utf8'),
              ms: performance.now() - started,
            });
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`timeout after ${this.timeoutMs} ms: ${method} ${path}`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  private remember(lines: string[] | undefined) {
    for (const line of lines ?? []) {
      const pair = line.split(';')[0]!;
      const eq = pair.indexOf('=');
      if (/Max-Age=0/i.test(line)) this.cookies.delete(pair.slice(0, eq));
      else this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  }

  /** Drops kept-alive sockets, e.g. after the server was killed. */
  reset() {
    this.agent.destroy();
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  }

  close() {
    this.agent.destroy();
  }
}

/** The CSRF token of the first form on a page. */
export function csrfTokenIn(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF field on the page');
  return m[1]!;
}
