import { toNfc } from '../vi/normalize.js';

/*
 * The name shown for a person is one they (or their old site) gave as a name:
 * never a login or the part of an email address before the @. WordPress itself
 * fills display_name with the login when nobody typed a name, so a display
 * name equal to the login is no name at all. Migration 054 holds a frozen copy
 * of isLoginLike to fix accounts named this way before the rule.
 */

export interface NameParts {
  displayName?: string;
  /** WordPress's first_name: the given name ("Hồng"). */
  firstName?: string;
  /** WordPress's last_name: the family and middle names ("Nguyễn Thị"). */
  lastName?: string;
  login?: string;
  email?: string;
}

const clean = (s: string | undefined) =>
  toNfc(s ?? '')
    .replace(/\s+/g, ' ')
    .trim();

/** Case, extra spaces and the separators logins and addresses use (. _ - +) do not count; diacritics do. */
const loginKey = (s: string) =>
  clean(s)
    .toLowerCase()
    .replace(/[._+-]/g, '');

/** True when the name is only the login or the address's local part, written another way. */
export function isLoginLike(name: string, login: string | undefined, email: string | undefined): boolean {
  const key = loginKey(name);
  if (!key) return true;
  const local = (email ?? '').split('@')[0] ?? '';
  return (!!login && key === loginKey(login)) || key === loginKey(local);
}

/**
 * The person's name, or null when only a login or an address is known (the
 * caller then uses a neutral name, such as the role's). The display name
 * first; else the full name in Vietnamese order, family name first
 * ("Nguyễn Thị" + "Hồng"), as WordPress's "last first" display choice writes it.
 */
export function personName(p: NameParts): string | null {
  for (const candidate of [clean(p.displayName), clean(`${p.lastName ?? ''} ${p.firstName ?? ''}`)])
    if (candidate && !isLoginLike(candidate, p.login, p.email)) return candidate.slice(0, 80).trim();
  return null;
}
