import type { z } from 'zod';
import { AppError } from './errors.js';
import { messages } from './messages/vi.js';

const e = messages.newsroom.errors;

/** Parses or throws a 400 with the first issue's Vietnamese message. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  // zod's own wording is English; a wrong type gets the generic Vietnamese message.
  const message = !issue ? e.badInput : issue.code !== 'invalid_type' ? issue.message : issue.path[0] === 'version' ? e.badVersion : e.badInput;
  throw new AppError('bad_request', 400, message);
}
