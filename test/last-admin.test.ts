import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { Actor } from '../src/accounts/roles.js';
import { changeUserAccess } from '../src/accounts/user-admin.service.js';
import { AppError } from '../src/errors.js';
import { makeUser } from './support/accounts.js';
import { backends } from './support/databases.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const ROUNDS = 5;
const WORKER = fileURLToPath(new URL('./support/access-change-worker.ts', import.meta.url));

type Change = { role?: string; disabled?: boolean };
type Outcome = { ok: boolean; status?: number; message?: string };

/** A second app instance in its own process, on the same database file, taking one change per line. */
async function startInstance(databaseUrl: string) {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['--import', 'tsx', WORKER, databaseUrl], {
    stdio: 'pipe',
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => {
    const line = await lines.next();
    if (line.done) throw new Error(`the instance exited: ${stderr}`);
    return line.value;
  };
  assert.equal(await next(), 'ready');
  return {
    async change(userId: number, change: Change): Promise<Outcome> {
      child.stdin.write(`${JSON.stringify({ userId, change })}\n`);
      return JSON.parse(await next()) as Outcome;
    },
    stop: () =>
      new Promise<void>((resolve) =>
        child.exitCode !== null ? resolve() : (child.on('close', () => resolve()), child.stdin.end()),
      ),
  };
}

for (const dialect of backends()) {
  describe(`the last admin survives concurrent changes on ${dialect}`, () => {
    let t: TestApp;
    // The service checks the actor's role; the actor need not be one of the two admins at stake.
    const actor: Actor = { id: 0, role: 'admin', displayName: 'Quản trị hệ thống' };

    /**
     * On SQLite one process has one connection, whose transactions take turns, so two changes made here would not
     * race at all: there they run in two other app instances, each its own process and connection on the same file.
     * On PostgreSQL each transaction here already has its own pooled connection.
     */
    let instances: Awaited<ReturnType<typeof startInstance>>[] = [];

    before(async () => {
      t = await createTestApp(dialect);
      if (dialect === 'sqlite')
        instances = await Promise.all([startInstance(t.database.url), startInstance(t.database.url)]);
    });
    after(async () => {
      await Promise.all(instances.map((i) => i.stop()));
      await t.close();
    });

    const deps = () => ({ db: t.database.handle.kysely, now: t.site.now });
    const origin = { ip: '203.0.113.9', userAgent: 'test' };
    const activeAdmins = async () =>
      (
        await t.database.handle.kysely
          .selectFrom('users')
          .select('id')
          .where('role', '=', 'admin')
          .where('disabled', '=', 0)
          .execute()
      ).map((r) => r.id);

    /** Two changes at the same moment, each in its own transaction on its own connection. */
    async function together(changes: [number, Change][]): Promise<Outcome[]> {
      if (dialect === 'sqlite') return Promise.all(changes.map(([id, change], i) => instances[i]!.change(id, change)));
      return Promise.all(
        changes.map(async ([id, change]) => {
          try {
            await changeUserAccess(deps(), actor, id, change, origin);
            return { ok: true };
          } catch (err) {
            if (err instanceof AppError) return { ok: false, status: err.status, message: err.publicMessage };
            return { ok: false, status: 500, message: String(err) };
          }
        }),
      );
    }

    /** Two admins, both taken away at the same moment. */
    async function race(round: number, second: Change) {
      const a = await makeUser(t, { email: `a${round}.${second.role ?? 'lock'}@example.vn`, role: 'admin' });
      const b = await makeUser(t, { email: `b${round}.${second.role ?? 'lock'}@example.vn`, role: 'admin' });
      const outcomes = await together([
        [a, { role: 'editor' }],
        [b, second],
      ]);
      const refused = outcomes.filter((o) => !o.ok);
      assert.equal(refused.length, 1, `round ${round}: exactly one change is refused (${JSON.stringify(outcomes)})`);
      assert.equal(refused[0]!.status, 400, `refused with a 400, not ${JSON.stringify(refused[0])}`);
      assert.match(refused[0]!.message!, /quản trị viên cuối cùng/);
      const left = await activeAdmins();
      assert.equal(left.length, 1, `round ${round}: one admin remains`);
      assert.ok(left[0] === a || left[0] === b);
      // Back to no admins for the next round: take the survivor out of the way directly.
      await t.database.handle.kysely.updateTable('users').set({ role: 'reader' }).where('id', 'in', [a, b]).execute();
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
      assert.deepEqual(
        await together([
          [a, { role: 'editor' }],
          [b, { disabled: true }],
        ]),
        [{ ok: true }, { ok: true }],
      );
      assert.deepEqual(await activeAdmins(), [keep]);
    });
  });
}
