import { readFile, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import { createDb } from '../db/index.js';
import { migrateToLatest } from '../db/migrate.js';
import { createMediaDeps } from '../media/media.service.js';
import { Site } from '../site/site.js';
import { CategoryMapError, importWordpress, WxrError } from '../wordpress/wordpress-import.service.js';
import { Progress } from './progress.js';

/** `wp_slug,slug` per line; a header line, blank lines and # comments are allowed. */
function parseCategoryMap(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || (i === 0 && /^wp_slug\s*,\s*slug$/i.test(line))) continue;
    const [wp, slug, ...rest] = line.split(',').map((s) => s.trim());
    if (!wp || !slug || rest.length) throw new CategoryMapError(`category map line ${i + 1}: expected "wp_slug,slug"`);
    map.set(wp, slug);
  }
  return map;
}

/** Exit codes: 0 imported; 1 the file was refused (nothing written); 2 bad usage. */
export async function importWordpressCommand(config: Config, argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        uploads: { type: 'string' },
        'category-map': { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    console.error(`toasoan import-wordpress: ${(err as Error).message}`);
    return 2;
  }
  const [file, ...extra] = args.positionals;
  if (!file || extra.length) {
    console.error('toasoan import-wordpress: give one WordPress export file (Tools → Export in WordPress)');
    return 2;
  }
  const uploads = args.values.uploads;
  if (uploads && !(await stat(uploads).catch(() => null))?.isDirectory()) {
    console.error(`toasoan import-wordpress: --uploads ${uploads}: no such folder`);
    return 2;
  }
  if (!(await stat(file).catch(() => null))?.isFile()) {
    console.error(`${file}: no such file`);
    return 2;
  }
  let categoryMap: Map<string, string> | undefined;
  try {
    const mapFile = args.values['category-map'];
    if (mapFile) categoryMap = parseCategoryMap(await readFile(mapFile, 'utf8'));
  } catch (err) {
    console.error(`toasoan import-wordpress: ${(err as Error).message}`);
    return 2;
  }

  const db = createDb(config.databaseUrl);
  const site = new Site(db, config);
  const json = args.values.json;
  let progress: Progress | null = null;
  try {
    await migrateToLatest(db);
    const report = await importWordpress({ ...site.deps, media: createMediaDeps(db, config, site.now) }, file, {
      uploadsDir: uploads,
      categoryMap,
      onStart: (total) => (progress = new Progress('importing', total)),
      onProgress: () => progress?.tick(),
      onEntry: (e) => {
        if (json) console.log(JSON.stringify(e));
      },
    });
    (progress as Progress | null)?.finish();
    for (const line of report.lines()) console.error(line);
    return 0;
  } catch (err) {
    if (err instanceof WxrError) {
      console.error(`${file}:${err.line}: ${err.message}`);
      return 1;
    }
    if (err instanceof CategoryMapError) {
      console.error(`toasoan import-wordpress: ${err.message}`);
      return 2;
    }
    throw err;
  } finally {
    await site.close();
    await db.destroy();
  }
}
