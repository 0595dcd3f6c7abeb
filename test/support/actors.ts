import type { Actor, Role } from '../../src/accounts/roles.js';

let nextId = 1000;

/** Services take an Actor, not a session, so tests can stand in any role without a users table. */
export function actor(role: Role, displayName = `Người dùng ${role}`): Actor {
  return { id: nextId++, role, displayName };
}
