import { buildApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { DialectName } from '../../src/db/index.js';
import { createTestDatabase, type TestDatabase } from './databases.js';

export interface TestApp extends Awaited<ReturnType<typeof buildApp>> {
  database: TestDatabase;
  config: Config;
  close(): Promise<void>;
}

export async function createTestApp(
  dialect: DialectName,
  opts: { env?: Record<string, string>; now?: () => Date } = {},
): Promise<TestApp> {
  const database = await createTestDatabase(dialect);
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    SITE_NAME: 'Cổng thông tin thử nghiệm',
    LOG_LEVEL: 'silent',
    ...opts.env,
  });
  const built = await buildApp({ config, db: database.handle, now: opts.now });
  return {
    ...built,
    database,
    config,
    async close() {
      await built.app.close();
      await database.drop();
    },
  };
}
