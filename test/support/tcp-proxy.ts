import net from 'node:net';

/**
 * A TCP proxy between the app and its database, so a test can cut the
 * connection for real: cut() destroys every open socket and refuses new ones
 * (as a dead host or a failover would), restore() lets connections through again.
 */
export class TcpProxy {
  private readonly sockets = new Set<net.Socket>();
  private readonly server: net.Server;
  private cutOff = false;
  private dropOnFirstQuery = false;
  /** Where the proxy listens on 127.0.0.1 (set once started). */
  port = 0;

  private constructor(target: { host: string; port: number }) {
    this.server = net.createServer((client) => this.forward(client, target));
  }

  /** Listens on a free port of 127.0.0.1 and forwards every connection to `target`. */
  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const proxy = new TcpProxy(target);
    await new Promise<void>((resolve, reject) => {
      proxy.server.once('error', reject);
      proxy.server.listen(0, '127.0.0.1', () => resolve());
    });
    proxy.port = (proxy.server.address() as net.AddressInfo).port;
    return proxy;
  }

  /** Connections open through the proxy now (each is a client and an upstream socket). */
  get connections(): number {
    return this.sockets.size / 2;
  }

  private forward(client: net.Socket, target: { host: string; port: number }): void {
    if (this.cutOff) {
      client.destroy();
      return;
    }
    const upstream = net.connect(target.port, target.host);
    if (this.dropOnFirstQuery) {
      // The client's first write is its startup message; the server answers it (trust: no password exchange),
      // so the next write is the first query on a connection that has just opened.
      let writes = 0;
      client.on('data', () => {
        if (++writes === 2) {
          client.destroy();
          upstream.destroy();
        }
      });
    }
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      this.sockets.add(from);
      from.pipe(to);
      from.on('error', () => to.destroy());
      from.on('close', () => {
        this.sockets.delete(from);
        to.destroy();
      });
    }
  }

  /** Drops every open connection and refuses new ones until restore(). */
  cut(): void {
    this.cutOff = true;
    for (const socket of this.sockets) socket.destroy();
  }

  restore(): void {
    this.cutOff = false;
    this.dropOnFirstQuery = false;
  }

  /** New connections open, then are dropped as their first query arrives (as when a server goes away just then). */
  dropConnectionsAtFirstQuery(): void {
    this.dropOnFirstQuery = true;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A proxy in front of the server a postgres:// URL names, and the same URL sent through it. */
export async function proxyDatabaseUrl(databaseUrl: string): Promise<{ proxy: TcpProxy; url: string }> {
  const u = new URL(databaseUrl);
  const proxy = await TcpProxy.start({ host: u.hostname, port: Number(u.port || 5432) });
  u.hostname = '127.0.0.1';
  u.port = String(proxy.port);
  return { proxy, url: u.toString() };
}
