import type { FastifyReply, FastifyRequest } from 'fastify';
import { cookieName, serializeCookie } from './cookies.js';
import { html, type SafeHtml } from './html.js';

/**
 * What an action did, said once on the page its redirect leads to (POST →
 * redirect → GET: a reload repeats nothing, and still the person learns what
 * happened). Kept in a short-lived cookie, so the address stays clean.
 */
export interface Flash {
  text: string;
  /** An action that takes the step back (restore from the trash, unlock…): a POST form with the CSRF field. */
  undo?: { action: string; label: string; fields?: Record<string, string> };
  /** An error rather than a notice. */
  error?: boolean;
  /** The comment the reader just sent: its notice offers them its edit and delete while they may still. */
  comment?: number;
}

const FLASH_COOKIE = 'ts_flash';
/** Only actions in the back office can be offered as an undo. */
const UNDO_PATH = /^\/quan-tri\/[a-z0-9/-]+$/;

const nameFor = (request: FastifyRequest) => cookieName(FLASH_COOKIE, request.https);

/** Sets the message and redirects (303, so the browser GETs the next page). */
export function redirectWithFlash(reply: FastifyReply, to: string, flash: Flash): FastifyReply {
  const value = Buffer.from(JSON.stringify(flash)).toString('base64url');
  reply.header(
    'set-cookie',
    serializeCookie(nameFor(reply.request), value, { secure: reply.request.https, maxAge: 60 }),
  );
  return reply.redirect(to, 303);
}

/** The message waiting for this request, if any; it is cleared, so it shows once. */
export function takeFlash(request: FastifyRequest, reply: FastifyReply): Flash | null {
  const raw = request.cookies?.get(nameFor(request));
  if (!raw) return null;
  reply.header('set-cookie', serializeCookie(nameFor(request), '', { secure: request.https, maxAge: 0 }));
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<Flash>;
    if (typeof parsed.text !== 'string' || parsed.text.length > 500) return null;
    const undo =
      parsed.undo && typeof parsed.undo.action === 'string' && UNDO_PATH.test(parsed.undo.action)
        ? {
            action: parsed.undo.action,
            label: String(parsed.undo.label).slice(0, 100),
            fields: fieldsOf(parsed.undo.fields),
          }
        : undefined;
    const comment = Number.isSafeInteger(parsed.comment) ? parsed.comment : undefined;
    return { text: parsed.text, undo, error: parsed.error === true, comment };
  } catch {
    return null;
  }
}

/**
 * The waiting message as a form's notice or error, for the site-shell pages
 * that say it above their form (the staff shell shows the flash itself).
 */
export function takeFlashMessage(request: FastifyRequest, reply: FastifyReply): { notice?: string; error?: string } {
  const flash = takeFlash(request, reply);
  if (!flash) return {};
  return flash.error ? { error: flash.text } : { notice: flash.text };
}

function fieldsOf(raw: unknown): Record<string, string> {
  if (typeof raw !== 'object' || raw === null) return {};
  return Object.fromEntries(
    Object.entries(raw).filter(([k, v]) => /^[a-zA-Z]{1,30}$/.test(k) && typeof v === 'string' && v.length <= 200),
  ) as Record<string, string>;
}

/** The message as a live region; the undo is a plain form, so it works without scripts. */
export function flashView(flash: Flash | null, csrfField: SafeHtml): SafeHtml {
  if (!flash) return html``;
  return html`<div class="flash${flash.error ? ' flash-error' : ''}" role="${flash.error ? 'alert' : 'status'}"><p>${flash.text}</p>${
    flash.undo
      ? html`<form method="post" action="${flash.undo.action}">${csrfField}${Object.entries(
          flash.undo.fields ?? {},
        ).map(
          ([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`,
        )}<button type="submit" class="button">${flash.undo.label}</button></form>`
      : ''
  }</div>`;
}
