import { messages } from '../messages/vi.js';
import { vnDateParts } from '../vi/dates.js';
import type { ConsultationsTable, DocumentStatus } from './documents.schema.js';

const c = messages.consultations;

export type ConsultationDays = Pick<ConsultationsTable, 'opens_on' | 'closes_on'>;
export type ConsultationPhase = 'before' | 'open' | 'after';

/** Today's date in Vietnam, yyyy-mm-dd: consultations open and close on whole Vietnamese days. */
export function vnToday(now: Date): string {
  const p = vnDateParts(now);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** yyyy-mm-dd as Vietnamese documents write a day. */
export function dayText(day: string | null): string {
  if (!day) return '';
  const [y, m, dd] = day.split('-');
  return `${dd}/${m}/${y}`;
}

/**
 * Where a consultation stands: góp ý are taken from the opening day (if any)
 * through the whole closing day, Vietnamese time. Only a draft takes them:
 * a document that became law has nothing left to comment on.
 */
export function consultationPhase(
  consultation: ConsultationDays,
  doc: { status: DocumentStatus },
  now: Date,
): ConsultationPhase {
  const today = vnToday(now);
  if (consultation.opens_on && today < consultation.opens_on) return 'before';
  return doc.status === 'du_thao' && today <= consultation.closes_on ? 'open' : 'after';
}

/** What stands in place of the form, and what a refused góp ý is told. */
export function closedNotice(consultation: ConsultationDays, phase: Exclude<ConsultationPhase, 'open'>): string {
  return phase === 'before' ? c.notYet(dayText(consultation.opens_on)) : c.ended(dayText(consultation.closes_on));
}
