import { createUser } from '../../src/accounts/accounts.service.js';
import type { Role } from '../../src/accounts/roles.js';
import { Client, ORIGIN } from './client.js';
import type { TestApp } from './test-app.js';

export const STAFF_PASSWORD = 'Tòa-soạn-thử-nghiệm-2026!';

/** A real user of the role, signed in through the real login form. */
export async function signedIn(t: TestApp, role: Role, name: string): Promise<{ id: number; client: Client }> {
  const deps = {
    db: t.database.handle.kysely,
    now: t.site.now,
    hashing: t.config.passwordHashing,
    log: t.app.log,
    mailer: { send: async () => undefined },
    siteUrl: ORIGIN,
  };
  const email = `${role}.${Math.random().toString(36).slice(2, 8)}@example.vn`;
  const { id } = await createUser(deps, { email, displayName: name, role, password: STAFF_PASSWORD });
  const client = new Client(t.app);
  await client.logIn(email, STAFF_PASSWORD);
  return { id, client };
}
