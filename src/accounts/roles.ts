/**
 * Who may do what. Readers comment; authors (phóng viên) write drafts;
 * editors (biên tập viên) moderate, approve and publish; admins manage users
 * and settings. Each role includes the powers of the ones before it.
 */
export const ROLES = ['reader', 'author', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The signed-in person a service acts for. Services take this, never a request. */
export interface Actor {
  id: number;
  role: Role;
  displayName: string;
}

export function hasRoleAtLeast(actor: Pick<Actor, 'role'> | null | undefined, role: Role): boolean {
  return !!actor && ROLES.indexOf(actor.role) >= ROLES.indexOf(role);
}

export function isStaff(actor: Pick<Actor, 'role'> | null | undefined): boolean {
  return hasRoleAtLeast(actor, 'author');
}
