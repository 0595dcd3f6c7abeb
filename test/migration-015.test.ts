import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { migrateTo, migrateToLatest } from '../src/db/migrate.js';
import { backends, createTestDatabase, type TestDatabase } from './support/databases.js';

for (const dialect of backends()) {
  describe(`015 over existing accounts on ${dialect}`, () => {
    let d: TestDatabase;

    before(async () => {
      d = await createTestDatabase(dialect, { migrate: false });
      await migrateTo(d.handle, '013-top-level-comment-count');
      const now = new Date().toISOString();
      const user = (email: string, secret: string | null, enabled: number) =>
        sql`insert into users (email, display_name, role, totp_secret, totp_enabled, failed_logins, created_at, updated_at)
          values (${email}, 'Biên tập', 'editor', ${secret}, ${enabled}, 3, ${now}, ${now})`.execute(d.handle.kysely);
      await user('dang-bat@example.vn', 'AAAABBBBCCCCDDDD', 0);
      await user('da-bat@example.vn', 'EEEEFFFFGGGGHHHH', 1);
      await migrateToLatest(d.handle);
    });
    after(() => d.drop());

    test('a setup begun before waits as the pending secret; a factor in use stays on', async () => {
      const rows = await d.handle.kysely
        .selectFrom('users')
        .select(['email', 'totp_secret', 'totp_enabled', 'totp_pending_secret'])
        .orderBy('email')
        .execute();
      assert.deepEqual(rows, [
        { email: 'da-bat@example.vn', totp_secret: 'EEEEFFFFGGGGHHHH', totp_enabled: 1, totp_pending_secret: null },
        { email: 'dang-bat@example.vn', totp_secret: null, totp_enabled: 0, totp_pending_secret: 'AAAABBBBCCCCDDDD' },
      ]);
    });

    test('the never-written lock-out columns are gone', async () => {
      const row = (await sql<Record<string, unknown>>`select * from users`.execute(d.handle.kysely)).rows[0]!;
      assert.ok(!('failed_logins' in row) && !('last_failed_at' in row), Object.keys(row).join(', '));
    });
  });
}
