import type { ArticleStatus } from '../db/schema.js';
import { conflict } from '../errors.js';
import { messages as m } from '../messages/vi.js';

export type WorkflowAction = 'submit' | 'withdraw' | 'return' | 'publish' | 'unpublish';

/**
 * nháp → chờ biên tập → (trả lại ↺) → đã xuất bản → đã gỡ. Publishing an
 * already published article moves its time (reschedules); an editor may also
 * publish straight from a draft, as small desks do.
 */
const FROM: Record<WorkflowAction, readonly ArticleStatus[]> = {
  submit: ['draft', 'returned', 'unpublished'],
  // The author takes it back before the desk has acted on it (to fix a typo, or because it is not ready).
  withdraw: ['submitted'],
  return: ['submitted'],
  publish: ['draft', 'submitted', 'returned', 'published', 'unpublished'],
  unpublish: ['published'],
};

const TO: Record<WorkflowAction, ArticleStatus> = {
  submit: 'submitted',
  withdraw: 'draft',
  return: 'returned',
  publish: 'published',
  unpublish: 'unpublished',
};

export function canTransition(action: WorkflowAction, from: ArticleStatus): boolean {
  return FROM[action].includes(from);
}

export function nextStatus(action: WorkflowAction, from: ArticleStatus): ArticleStatus {
  if (!canTransition(action, from)) {
    throw conflict(m.newsroom.errors.badTransition(m.newsroom.actions[action], m.newsroom.status[from]));
  }
  return TO[action];
}
