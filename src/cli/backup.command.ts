import { parseArgs } from 'node:util';
import { BackupRefused, writeBackup } from '../backup/backup.js';
import type { Config } from '../config.js';
import { createDb } from '../db/index.js';
import { Progress } from './progress.js';

/** Exit codes: 0 written; 1 failed (no archive left behind); 2 bad usage. Never changes the database. */
export async function backupCommand(config: Config, argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({ args: argv, allowPositionals: true, options: {} });
  } catch (err) {
    console.error(`toasoan backup: ${(err as Error).message}`);
    return 2;
  }
  if (args.positionals.length !== 1) {
    console.error('toasoan backup: give one file to write, e.g. toasoan backup toasoan-2026-12-04.tar.gz');
    return 2;
  }
  const file = args.positionals[0]!;
  const db = createDb(config.databaseUrl);
  try {
    const bar: { current?: Progress } = {};
    const started = Date.now();
    const result = await writeBackup(db, {
      file,
      dataDir: config.dataDir,
      progress: {
        start: (total) => (bar.current = new Progress('backing up', total)),
        tick: (n) => {
          if (n > 0) bar.current?.tick(n);
        },
      },
    });
    bar.current?.finish();
    const mib = (result.bytes / 1024 / 1024).toFixed(1);
    console.log(
      `wrote ${file}: ${result.rows} rows, ${result.files} files, ${mib} MiB in ${((Date.now() - started) / 1000).toFixed(1)}s`,
    );
    return 0;
  } catch (err) {
    if (err instanceof BackupRefused) {
      console.error(`toasoan backup: ${err.message}`);
      return 1;
    }
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      console.error(`toasoan backup: ${file} is being written by another backup`);
      return 1;
    }
    throw err;
  } finally {
    await db.destroy();
  }
}
