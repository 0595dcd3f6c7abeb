import type { FastifyServerOptions } from 'fastify';
import type { Mailer } from '../../src/accounts/mailer.js';
import { buildApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { DialectName } from '../../src/db/index.js';
import { createTestDatabase, type TestDatabase } from './databases.js';

export interface TestApp extends Awaited<ReturnType<typeof buildApp>> {
  database: TestDatabase;
  config: Config;
  close(): Promise<void>;
}

/** The configuration every test app runs with, on `databaseUrl`. */
export function testConfig(databaseUrl: string, env: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    SITE_NAME: 'Cổng thông tin thử nghiệm',
    LOG_LEVEL: 'silent',
    // Cheap hashing keeps the suite fast on two cores; config.test.ts checks the production floor.
    ARGON2_MEMORY_KIB: '1024',
    ARGON2_TIME_COST: '1',
    ...env,
  });
}

export async function createTestApp(
  dialect: DialectName,
  opts: {
    env?: Record<string, string>;
    now?: () => Date;
    mailer?: Mailer;
    logger?: FastifyServerOptions['logger'];
  } = {},
): Promise<TestApp> {
  const database = await createTestDatabase(dialect);
  const config = testConfig(database.url, opts.env);
  const built = await buildApp({
    config,
    db: database.handle,
    now: opts.now,
    mailer: opts.mailer,
    logger: opts.logger,
  });
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
