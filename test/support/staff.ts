import type { Role } from '../../src/accounts/roles.js';
import { makeUser, STAFF_PASSWORD } from './accounts.js';
import { Client } from './client.js';
import type { TestApp } from './test-app.js';

export { STAFF_PASSWORD };

/** A real user of the role, signed in through the real login form. */
export async function signedIn(t: TestApp, role: Role, name: string): Promise<{ id: number; client: Client }> {
  const email = `${role}.${Math.random().toString(36).slice(2, 8)}@example.vn`;
  const id = await makeUser(t, { email, role, name });
  const client = new Client(t.app);
  await client.logIn(email, STAFF_PASSWORD);
  return { id, client };
}
