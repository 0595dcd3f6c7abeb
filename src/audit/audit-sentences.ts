import { messages } from '../messages/vi.js';
import { formatVnDateTime } from '../vi/dates.js';
import type { AuditEntryWithRole } from './audit.repo.js';

const a = messages.auditLog;
const roleNames: Record<string, string | undefined> = messages.userAdmin.roles;

/**
 * One log entry as a Vietnamese sentence ("Biên tập viên Nguyễn Văn A đã hẹn
 * giờ đăng bài … lúc 08:00 05/12/2026"), never a code. An action this table
 * does not know yet still reads as a sentence, with its detail.
 */
export function auditSentence(e: AuditEntryWithRole): string {
  const role = e.actor_role ? (a.roles as Record<string, string>)[e.actor_role] : undefined;
  // An account with no name of its own is called by its role: "Phóng viên đã…", not "Phóng viên Phóng viên đã…".
  const named = role && e.actor_name !== role ? `${role} ${e.actor_name}` : e.actor_name;
  const who = e.actor_id === null ? a.system : named;
  return `${who} ${a.did} ${what(e)}`;
}

function what(e: AuditEntryWithRole): string {
  const detail = e.detail;
  if (e.action === 'article.schedule') {
    // Written as "title @ ISO time": the time is said in Vietnam time.
    const at = detail.lastIndexOf(' @ ');
    if (at > 0) return a.scheduled(detail.slice(0, at), formatVnDateTime(detail.slice(at + 3)));
  }
  if (e.action === 'article.return') {
    const colon = detail.indexOf(': ');
    if (colon > 0) return a.returned(detail.slice(0, colon), detail.slice(colon + 2));
  }
  if (e.action === 'article.restore_revision') {
    // Entries written before the revision number was kept hold only the title.
    const restored = /^(.*): (\d+)$/s.exec(detail);
    if (restored) return a.restoredTo(restored[1]!, restored[2]!);
  }
  if (e.action === 'user.role_change') {
    // Written as "email: author → editor", with the roles' codes: said with their Vietnamese names.
    const change = /^(.*): (\w+) → (\w+)$/s.exec(detail);
    const from = change && roleNames[change[2]!];
    const to = change && roleNames[change[3]!];
    if (from && to) return a.roleChanged(change[1]!, from, to);
  }
  if (e.action === 'user.disable') {
    // Written as "email: khóa" or "email: mở khóa".
    const lock = /^(.*): (khóa|mở khóa)$/s.exec(detail);
    if (lock) return lock[2] === 'khóa' ? a.locked(lock[1]!) : a.unlocked(lock[1]!);
  }
  const known = (a.actions as Record<string, (detail: string) => string>)[e.action];
  return known ? known(detail) : a.other(detail);
}

/**
 * The log as CSV for Excel: UTF-8 with a BOM (without it Excel reads the
 * Vietnamese as mojibake), and a cell that starts like a formula is prefixed
 * with an apostrophe, so an entry cannot run as one when the file is opened.
 */
export function auditCsv(entries: readonly AuditEntryWithRole[]): string {
  const cell = (value: string) => {
    const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
    return `"${safe.replace(/"/g, '""')}"`;
  };
  const rows = [
    [a.csvWhen, a.csvWho, a.csvWhat],
    ...entries.map((e) => [formatVnDateTime(e.created_at), e.actor_name, auditSentence(e)]),
  ];
  return '\uFEFF' + rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
