import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import { createDb } from '../db/index.js';
import { migrateToLatest } from '../db/migrate.js';
import { Site } from '../site/site.js';
import { exportWordpress } from '../wordpress/wordpress-export.service.js';

/** Exit codes: 0 written; 1 the file could not be written; 2 bad usage. */
export async function exportWordpressCommand(config: Config, argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({ args: argv, allowPositionals: true, options: {} });
  } catch (err) {
    console.error(`toasoan export-wordpress: ${(err as Error).message}`);
    return 2;
  }
  const [file, ...extra] = args.positionals;
  if (!file || extra.length) {
    console.error('toasoan export-wordpress: give the file to write, e.g. site.xml');
    return 2;
  }
  const db = createDb(config.databaseUrl);
  const site = new Site(db, config);
  try {
    await migrateToLatest(db);
    const settings = await site.settings();
    const counts = await exportWordpress(db.kysely, file, {
      name: settings.name,
      description: settings.description,
      // Media are attachments with absolute URLs, so another site can fetch them: SITE_URL is the origin.
      origin: site.origin.value,
      now: site.now(),
    });
    console.error(
      `${file}: ${counts.posts} posts, ${counts.pages} pages, ${counts.comments} comments, ${counts.attachments} attachments, ${counts.categories} categories, ${counts.tags} tags, ${counts.authors} authors`,
    );
    if (!config.site.url) console.error('warning: SITE_URL is not set; media URLs point at http://localhost');
    return 0;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code && e.syscall) {
      console.error(`${file}: ${e.message}`);
      return 1;
    }
    throw err;
  } finally {
    await site.close();
    await db.destroy();
  }
}
