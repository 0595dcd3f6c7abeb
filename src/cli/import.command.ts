import { parseArgs } from 'node:util';
import { resolveImportCategory, UnknownCategoryError } from '../categories/categories.service.js';
import type { Config } from '../config.js';
import { createDb } from '../db/index.js';
import { migrateToLatest } from '../db/migrate.js';
import { collectFiles, importBatch, prepareFile } from '../import/import-files.js';
import { Site } from '../site/site.js';
import { TEXT_ENCODINGS, type TextEncoding } from '../vi/legacy-encoding.js';
import { Progress } from './progress.js';

/** Files written per transaction: a commit each cost more than the article itself. */
const BATCH = 200;

/**
 * Exit codes: 0 all imported; 1 some files failed (the others are imported);
 * 2 bad usage (nothing imported).
 */
export async function importCommand(config: Config, argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        category: { type: 'string' },
        json: { type: 'boolean', default: false },
        encoding: { type: 'string' },
      },
    });
  } catch (err) {
    console.error(`toasoan import: ${(err as Error).message}`);
    return 2;
  }
  const encoding = args.values.encoding as TextEncoding | undefined;
  if (encoding !== undefined && !TEXT_ENCODINGS.includes(encoding)) {
    console.error(`toasoan import: --encoding must be one of ${TEXT_ENCODINGS.join(', ')}`);
    return 2;
  }
  if (args.positionals.length === 0) {
    console.error('toasoan import: give at least one file or folder to import');
    return 2;
  }
  const { files, missing } = await collectFiles(args.positionals);
  for (const m of missing) console.error(`${m}: no such file or folder`);

  const db = createDb(config.databaseUrl);
  const site = new Site(db, config);
  try {
    await migrateToLatest(db);
    let category;
    try {
      category = await resolveImportCategory(site.deps, args.values.category);
    } catch (err) {
      if (err instanceof UnknownCategoryError) {
        console.error(`toasoan import: ${err.message}`);
        return 2;
      }
      throw err;
    }
    const json = args.values.json;
    const progress = files.length > 1 ? new Progress('importing', files.length) : null;
    let failed = missing.length;
    for (let i = 0; i < files.length; i += BATCH) {
      const prepared = await Promise.all(files.slice(i, i + BATCH).map((f) => prepareFile(f, category, { encoding })));
      for (const outcome of await importBatch(site.deps, prepared)) {
        const file = outcome.file;
        if ('error' in outcome) {
          // Not the file's fault (the database stayed locked or away, the disk is full): name it and go on with the others.
          failed++;
          console.error(`${file}: ${outcome.error.message}`);
        } else if (outcome.ok) {
          for (const w of outcome.warnings)
            console.error(`${file}${w.line ? `:${w.line}` : ''}: warning: ${w.message}`);
          // An encoding warning (the one without a line) already says how the file was read.
          if (!outcome.warnings.some((w) => !w.line) && outcome.encoding !== 'utf8' && !encoding)
            console.error(`${file}: converted from ${outcome.encoding.toUpperCase()}`);
          const { id, url, title, created } = outcome.article;
          if (json) console.log(JSON.stringify({ id, url, title }));
          else if (!progress) console.log(`${created ? 'imported' : 'updated'} ${file} → ${url}`);
        } else {
          failed++;
          console.error(`${file}:${outcome.line}: ${outcome.message}`);
        }
        progress?.tick();
      }
    }
    progress?.finish();
    if (!json) console.error(`${files.length - (failed - missing.length)} imported, ${failed} failed`);
    return failed > 0 ? 1 : 0;
  } finally {
    // The running instances hear of the imported articles before the connection closes.
    await site.close();
    await db.destroy();
  }
}
