import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Actor } from '../src/accounts/roles.js';
import { changeUserAccess } from '../src/accounts/user-admin.service.js';
import { AppError } from '../src/errors.js';
import { makeUser } from './support/accounts.js';
import { backends } from './support/databases.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const ROUNDS = 5;

for (const dialect of backends()) {
  describe(`the last admin survives concurrent changes on ${dialect}`, () => {
    let t: TestApp;
    // The service checks the actor's role; the actor need not be one of the two admins at stake.
    const actor: Actor = { id: 0, role: 'admin', displayName: 'Quản trị hệ thống' };

    before(async () => {
      t = await createTestApp(dialect);
    });
    after(() => t.close());

    const deps = () => ({ db: t.database.handle.db, now: t.site.now });
    const origin = { ip: '203.0.113.9', userAgent: 'test' };
    const activeAdmins = async () =>
      (await t.database.handle.db.selectFrom('users').select('id').where('role', '=', 'admin').where('disabled', '=', 0).execute()).map((r) => r.id);

    /** Two admins, both taken away at the same moment in their own transactions (own connections on PostgreSQL). */
    async function race(round: number, second: { role?: string; disabled?: boolean }) {
      const a = await makeUser(t, { email: `a${round}.${second.role ?? 'lock'}@example.vn`, role: 'admin' });
      const b = await makeUser(t, { email: `b${round}.${second.role ?? 'lock'}@example.vn`, role: 'admin' });
      const outcomes = await Promise.allSettled([
        changeUserAccess(deps(), actor, a, { role: 'editor' }, origin),
        changeUserAccess(deps(), actor, b, second, origin),
      ]);
      const refused = outcomes.filter((o) => o.status === 'rejected');
      assert.equal(refused.length, 1, `round ${round}: exactly one change is refused (${JSON.stringify(outcomes.map((o) => o.status))})`);
      const reason = (refused[0] as PromiseRejectedResult).reason as unknown;
      assert.ok(reason instanceof AppError && reason.status === 400, `refused with a 400, not ${String(reason)}`);
      assert.match(reason.publicMessage, /quản trị viên cuối cùng/);
      const left = await activeAdmins();
      assert.equal(left.length, 1, `round ${round}: one admin remains`);
      assert.ok(left[0] === a || left[0] === b);
      // Back to no admins for the next round: take the survivor out of the way directly.
      await t.database.handle.db.updateTable('users').set({ role: 'reader' }).where('id', 'in', [a, b]).execute();
    }

    test('two concurrent demotions of the only two admins: one wins, one admin remains', async () => {
      for (let round = 1; round <= ROUNDS; round++) await race(round, { role: 'author' });
    });

    test('a demotion racing a lock of the other admin: one wins, one admin remains', async () => {
      for (let round = 1; round <= ROUNDS; round++) await race(round, { disabled: true });
    });

    test('with another admin left, both changes go through', async () => {
      const keep = await makeUser(t, { email: 'keep@example.vn', role: 'admin' });
      const a = await makeUser(t, { email: 'x@example.vn', role: 'admin' });
      const b = await makeUser(t, { email: 'y@example.vn', role: 'admin' });
      await Promise.all([changeUserAccess(deps(), actor, a, { role: 'editor' }, origin), changeUserAccess(deps(), actor, b, { disabled: true }, origin)]);
      assert.deepEqual(await activeAdmins(), [keep]);
    });
  });
}
