import { createInterface } from 'node:readline';
import { changeUserAccess } from '../../src/accounts/user-admin.service.js';
import type { Actor } from '../../src/accounts/roles.js';
import { createDb } from '../../src/db/index.js';
import { AppError } from '../../src/errors.js';

/**
 * Another app instance, in its own process, on the same database: each line
 * on stdin is one access change ({ userId, change }); each line out is its outcome.
 */
const handle = createDb(process.argv[2]!);
await handle.ping();
const actor: Actor = { id: 0, role: 'admin', displayName: 'Quản trị hệ thống' };
process.stdout.write('ready\n');
for await (const line of createInterface({ input: process.stdin })) {
  const { userId, change } = JSON.parse(line) as { userId: number; change: { role?: string; disabled?: boolean } };
  let outcome: { ok: boolean; status?: number; message?: string };
  try {
    await changeUserAccess({ db: handle.kysely, now: () => new Date() }, actor, userId, change, {
      ip: '203.0.113.9',
      userAgent: 'worker',
    });
    outcome = { ok: true };
  } catch (err) {
    outcome =
      err instanceof AppError
        ? { ok: false, status: err.status, message: err.publicMessage }
        : { ok: false, status: 500, message: String(err) };
  }
  process.stdout.write(`${JSON.stringify(outcome)}\n`);
}
await handle.destroy();
