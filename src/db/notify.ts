import { createHash, randomBytes } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type pg from 'pg';
import type { DbHandle } from './dialects/types.js';
import { loadPg } from './pg-driver.js';
import type { Database } from './schema.js';

export interface SignalLog {
  warn(obj: object, msg: string): void;
}

/**
 * Tells every process that serves one database that its content changed, so
 * each drops what it cached. PostgreSQL: LISTEN/NOTIFY on a channel named after
 * the schema. SQLite (one machine): a counter row in `settings`, read once a second.
 */
export interface ContentSignal {
  /** After a committed change; never throws. A burst of changes sends one or two notices, not one each. */
  announce(): void;
  /** Inside the change's own transaction: heard on commit, never on rollback. */
  announceIn(trx: Transaction<Database>): Promise<void>;
  /** Calls onChange when another process announces a change, or when notices may have been missed. */
  listen(onChange: () => void, log: SignalLog): Promise<void>;
  /** Resolves once every announcement made so far has been sent (or has failed). */
  settled(): Promise<void>;
  /** Sends what is still pending and stops listening. */
  close(): Promise<void>;
}

export function createContentSignal(db: DbHandle, databaseUrl: string): ContentSignal {
  return db.dialect === 'postgres' ? new PostgresSignal(db.kysely, databaseUrl) : new SqliteSignal(db.kysely);
}

/** A notice channel per schema: schemas side by side on one server (tests, several sites) do not hear each other. */
export function contentChannel(schema: string): string {
  const name = `toasoan_content_${schema}`;
  return /^[a-z0-9_]{1,63}$/.test(name)
    ? name
    : `toasoan_content_${createHash('sha1').update(schema).digest('hex').slice(0, 20)}`;
}

abstract class BaseSignal implements ContentSignal {
  protected log: SignalLog = { warn: (obj, msg) => console.error(msg, obj) };
  protected onChange: () => void = () => undefined;
  private inFlight: Promise<void> | null = null;
  private again = false;

  constructor(protected readonly db: Kysely<Database>) {}

  protected abstract send(db: Kysely<Database>): Promise<void>;

  announce(): void {
    if (this.inFlight) {
      this.again = true;
      return;
    }
    this.inFlight = this.send(this.db)
      .catch((err: unknown) =>
        this.log.warn({ err }, 'could not announce a content change; other processes see it when their caches expire'),
      )
      .finally(() => {
        this.inFlight = null;
        if (!this.again) return;
        this.again = false;
        this.announce();
      });
  }

  announceIn(trx: Transaction<Database>): Promise<void> {
    return this.send(trx);
  }

  abstract listen(onChange: () => void, log: SignalLog): Promise<void>;

  async settled(): Promise<void> {
    while (this.inFlight) await this.inFlight;
  }

  close(): Promise<void> {
    return this.settled();
  }
}

/** Reconnect delays after a lost LISTEN connection: doubling from this, capped below. */
const RETRY_FIRST_MS = 100;
const RETRY_MAX_MS = 5000;

class PostgresSignal extends BaseSignal {
  /** Our own notices carry this, so the sender (which already dropped its caches) ignores them. */
  private readonly id = randomBytes(8).toString('hex');
  private channel: Promise<string> | null = null;
  private client: pg.Client | null = null;
  private retry: NodeJS.Timeout | null = null;
  private failures = 0;
  private stopped = true;

  constructor(
    db: Kysely<Database>,
    private readonly url: string,
  ) {
    super(db);
  }

  protected async send(db: Kysely<Database>): Promise<void> {
    // pg_notify in a transaction is delivered on commit, once per distinct payload.
    await sql`select pg_notify(${await this.channelName()}, ${this.id})`.execute(db);
  }

  private channelName(): Promise<string> {
    this.channel ??= sql<{ schema: string }>`select current_schema() as schema`
      .execute(this.db)
      .then(({ rows }) => contentChannel(rows[0]?.schema ?? 'public'));
    this.channel.catch(() => (this.channel = null));
    return this.channel;
  }

  /** Never fails: with the database down the site still starts, and the connection is retried. */
  async listen(onChange: () => void, log: SignalLog): Promise<void> {
    this.onChange = onChange;
    this.log = log;
    this.stopped = false;
    await this.connect();
  }

  private async connect(): Promise<void> {
    this.retry = null;
    // A connection of its own: a pooled one would be handed to queries, and LISTEN lives only as long as its session.
    const driver = await loadPg();
    if (this.stopped) return;
    const client = new driver.Client({ connectionString: this.url, keepAlive: true, connectionTimeoutMillis: 5000 });
    let lost = false;
    const onLost = (err?: unknown) => {
      if (lost) return;
      lost = true;
      if (this.client === client) this.client = null;
      client.end().catch(() => undefined);
      if (this.stopped) return;
      this.log.warn({ err }, 'lost the connection that hears content changes; reconnecting');
      const delay = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** this.failures++);
      this.retry = setTimeout(() => void this.connect(), delay);
      this.retry.unref();
    };
    client.on('error', onLost);
    client.on('end', () => onLost(new Error('connection ended')));
    client.on('notification', (notice) => {
      if (notice.payload !== this.id) this.onChange();
    });
    try {
      await client.connect();
      const { rows } = await client.query<{ schema: string }>('select current_schema() as schema');
      await client.query(`listen ${client.escapeIdentifier(contentChannel(rows[0]?.schema ?? 'public'))}`);
    } catch (err) {
      onLost(err);
      return;
    }
    if (lost) return;
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.failures = 0;
    // Like the scheduler's timer, listening alone never keeps a process alive (tests, scripts that build an app).
    socketOf(client)?.unref();
    // Notices sent while nobody listened are gone: whatever was cached may be stale.
    this.onChange();
  }

  override async close(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    const client = this.client;
    this.client = null;
    // Held again while it closes, or a process with nothing else left would exit in the middle of close().
    if (client) socketOf(client)?.ref();
    await client?.end().catch(() => undefined);
    await super.close();
  }
}

/** The client's socket: node-postgres does not type it. */
function socketOf(client: pg.Client): { ref(): void; unref(): void } | undefined {
  return (client as unknown as { connection?: { stream?: { ref(): void; unref(): void } } }).connection?.stream;
}

/** The counter row; its value is a decimal string, as every settings value is text. */
const VERSION_KEY = 'content.version';
/** How often a process reads the counter: the bound on how long another process's change can go unseen. */
const POLL_MS = 1000;

class SqliteSignal extends BaseSignal {
  private seen: string | undefined;
  private timer: NodeJS.Timeout | null = null;
  private failing = false;

  protected async send(db: Kysely<Database>): Promise<void> {
    const row = await db
      .insertInto('settings')
      .values({ key: VERSION_KEY, value: '1' })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({ value: sql<string>`cast(cast(settings.value as integer) + 1 as text)` }),
      )
      .returning('value')
      .executeTakeFirstOrThrow();
    // Our own step from the value we had seen misses nothing; any other gap is left for the next read to notice.
    if (this.seen !== undefined && Number(row.value) === Number(this.seen) + 1) this.seen = row.value;
  }

  async listen(onChange: () => void, log: SignalLog): Promise<void> {
    this.onChange = onChange;
    this.log = log;
    await this.poll();
    this.timer = setInterval(() => void this.poll(), POLL_MS);
    this.timer.unref();
  }

  private async poll(): Promise<void> {
    try {
      const row = await this.db
        .selectFrom('settings')
        .select('value')
        .where('key', '=', VERSION_KEY)
        .executeTakeFirst();
      const value = row?.value ?? '0';
      this.failing = false;
      if (this.seen === undefined) this.seen = value;
      else if (value !== this.seen) {
        this.seen = value;
        this.onChange();
      }
    } catch (err) {
      if (!this.failing) this.log.warn({ err }, 'could not read the content version; retrying every second');
      this.failing = true;
    }
  }

  override async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await super.close();
  }
}
