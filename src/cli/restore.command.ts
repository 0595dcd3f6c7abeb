import { parseArgs } from 'node:util';
import { restoreBackup, RestoreRefused, verifyArchive } from '../backup/restore.js';
import type { Config } from '../config.js';
import { createDb } from '../db/index.js';
import { Progress } from './progress.js';

/** Exit codes: 0 restored; 1 refused or failed (a refusal writes nothing); 2 bad usage. */
export async function restoreCommand(config: Config, argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({ args: argv, allowPositionals: true, options: { force: { type: 'boolean', default: false } } });
  } catch (err) {
    console.error(`toasoan restore: ${(err as Error).message}`);
    return 2;
  }
  if (args.positionals.length !== 1) {
    console.error(
      'toasoan restore: give the archive to restore, e.g. toasoan restore toasoan-2026-12-04.tar.gz [--force]',
    );
    return 2;
  }
  const file = args.positionals[0]!;
  const started = Date.now();
  console.error('checking the archive…');
  let verified;
  try {
    // Before the database is opened: opening a SQLite file creates it.
    verified = await verifyArchive(file);
  } catch (err) {
    if (!(err instanceof RestoreRefused)) throw err;
    console.error(`toasoan restore: ${err.message}`);
    return 1;
  }
  const db = createDb(config.databaseUrl);
  try {
    const bar: { current?: Progress } = {};
    const result = await restoreBackup(db, {
      file,
      verified,
      dataDir: config.dataDir,
      force: args.values.force,
      progress: {
        start: (total) => (bar.current = new Progress('restoring', total)),
        tick: (n) => {
          if (n > 0) bar.current?.tick(n);
        },
      },
    });
    bar.current?.finish();
    if (result.migratedAfter.length) console.log(`migrated the restored site: ${result.migratedAfter.join(', ')}`);
    console.log(
      `restored ${result.rows} rows and ${result.files} files, indexed ${result.indexed} articles in ${((Date.now() - started) / 1000).toFixed(1)}s`,
    );
    return 0;
  } catch (err) {
    if (err instanceof RestoreRefused) {
      console.error(`toasoan restore: ${err.message}`);
      return 1;
    }
    throw err;
  } finally {
    await db.destroy();
  }
}
