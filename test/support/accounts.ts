import { createUser } from '../../src/accounts/accounts.service.js';
import type { Role } from '../../src/accounts/roles.js';
import { ORIGIN } from './client.js';
import type { TestApp } from './test-app.js';

export const STAFF_PASSWORD = 'mật khẩu đủ dài cho nhân viên';

/** Inserts a user through the real service (so the password is really hashed). */
/** `password: null` makes an invited account, which has none yet (quick: nothing to hash). */
export async function makeUser(
  t: TestApp,
  opts: { email: string; role: Role; name?: string; password?: string | null },
) {
  const deps = {
    db: t.database.handle.kysely,
    now: t.site.now,
    hashing: t.config.passwordHashing,
    log: t.app.log,
    mailer: { send: async () => undefined },
    siteUrl: ORIGIN,
  };
  const created = await createUser(deps, {
    email: opts.email,
    role: opts.role,
    displayName: opts.name,
    password: opts.password === null ? undefined : (opts.password ?? STAFF_PASSWORD),
  });
  return created.id;
}
