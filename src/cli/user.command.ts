import { parseArgs } from 'node:util';
import { createUser } from '../accounts/accounts.service.js';
import { createMailer } from '../accounts/mailer.js';
import type { Config } from '../config.js';
import { createDb } from '../db/index.js';
import { migrateToLatest } from '../db/migrate.js';
import { AppError } from '../errors.js';

const USAGE =
  'Usage: toasoan user add --email EMAIL --role reader|author|editor|admin [--name NAME] [--password-stdin]';

async function readStdin(): Promise<string> {
  let data = '';
  for await (const chunk of process.stdin) data += String(chunk);
  // One trailing newline is how `echo` and here-strings end a password, not part of it.
  return data.replace(/\r?\n$/, '');
}

const stderrLog = {
  info: () => undefined,
  warn: (obj: object, msg?: string) => console.error(msg ?? '', JSON.stringify(obj)),
  error: (obj: object, msg?: string) => console.error(msg ?? '', JSON.stringify(obj)),
};

/** `toasoan user add`: creates staff (or readers); with no password it prints a one-time set-password link. */
export async function userCommand(config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      'password-stdin': { type: 'boolean', default: false },
    },
  });
  if (positionals[0] !== 'add' || !values.email || !values.role) {
    console.error(USAGE);
    return 2;
  }
  const password = values['password-stdin'] ? await readStdin() : undefined;
  const db = createDb(config.databaseUrl);
  try {
    await migrateToLatest(db);
    const created = await createUser(
      {
        db: db.kysely,
        now: () => new Date(),
        hashing: config.passwordHashing,
        mailer: createMailer(config, stderrLog),
        log: stderrLog,
        siteUrl: config.site.url ?? `http://localhost:${config.port}`,
      },
      { email: values.email, role: values.role, displayName: values.name, password },
    );
    console.log(`created user ${created.id} (${values.role})`);
    if (created.setPasswordUrl)
      console.log(`one-time link to set the password (valid 7 days):\n${created.setPasswordUrl}`);
    return 0;
  } catch (err) {
    if (err instanceof AppError) {
      console.error(`toasoan: ${err.publicMessage}`);
      return 1;
    }
    throw err;
  } finally {
    await db.destroy();
  }
}
