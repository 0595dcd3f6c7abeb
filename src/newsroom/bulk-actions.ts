import { z } from 'zod';
import { badRequest } from '../errors.js';
import { messages } from '../messages/vi.js';
import { html, type SafeHtml } from '../web/html.js';

const l = messages.lists;

/** A GET parameter of a list: an empty field (the "all" choice) is no filter, and a repeated one counts once. */
export const listParam = <S extends z.ZodType>(schema: S) =>
  z.preprocess((v) => (v === '' ? undefined : Array.isArray(v) ? v[0] : v), schema.optional());

/** ?trang=: a page number from 1. */
export const pageParam = (message: string) =>
  listParam(
    z
      .string()
      .regex(/^\d{1,6}$/, message)
      .transform(Number)
      .pipe(z.number().min(1, message)),
  );

/** ?q=: words typed into the list's search box. */
export const searchParam = (message: string) => listParam(z.string().trim().max(200, message));

/** A Vietnamese word of the URL (?loai=, ?trang-thai=) that stands for one of `values`. */
export const slugParam = (values: Readonly<Record<string, unknown>>, message: string) =>
  listParam(z.enum(Object.keys(values) as [string, ...string[]], message));

/**
 * The ids ticked in a list: repeated `ids` fields from the list's form, or
 * one comma-separated field from the question page that confirms them.
 */
export function selectedIds(body: unknown, max = 500): number[] {
  const raw = (body as Record<string, unknown> | null)?.ids;
  const parts = ([] as unknown[]).concat(raw ?? []).flatMap((v) => String(v).split(','));
  const ids = [...new Set(parts.filter((p) => /^\d{1,9}$/.test(p.trim())).map(Number))].filter((n) => n > 0);
  if (!ids.length) throw badRequest(l.nothingSelected);
  return ids.slice(0, max);
}

/** The action chosen in a bulk form, if it is one of `allowed`. */
export function chosenAction<A extends string>(body: unknown, allowed: readonly A[]): A {
  const raw = String((body as Record<string, unknown> | null)?.action ?? '');
  if (!(allowed as readonly string[]).includes(raw)) throw badRequest(l.badAction);
  return raw as A;
}

/**
 * Where to go back after a bulk action: the list as it was (filters, page),
 * sent by the form as `tiep`; only that list's own address is accepted.
 */
export function backToList(body: unknown, list: string): string {
  const raw = String((body as Record<string, unknown> | null)?.tiep ?? '');
  return raw === list || (raw.startsWith(`${list}?`) && /^[\w\-./?=&%+~]*$/.test(raw)) ? raw : list;
}

/** A few names, then how many more: for a question that cannot list everything. */
export function someNames(names: readonly string[], shown = 3): string {
  const head = names
    .slice(0, shown)
    .map((n) => `“${n}”`)
    .join(', ');
  return names.length > shown ? `${head} ${l.andMore(names.length - shown)}` : head;
}

/** The bar above a list: choose an action for the ticked rows; the server asks once before doing it. */
export function bulkBar(id: string, actions: readonly [string, string][], back: string): SafeHtml {
  return html`<fieldset class="bulk-bar"><legend>${l.selectedActions}</legend>
<label class="select-all" hidden><input type="checkbox" data-select-all> ${l.selectAll}</label>
<input type="hidden" name="tiep" value="${back}">
<label class="visually-hidden" for="${id}">${l.chooseAction}</label><select id="${id}" name="action">${actions.map(
    ([value, label]) => html`<option value="${value}">${label}</option>`,
  )}</select> <button type="submit" class="button">${l.apply}</button></fieldset>`;
}

/**
 * The box that ticks one row, labelled with what the row is. `form` names the
 * bulk form when the row sits outside it (rows that hold forms of their own).
 */
export function rowBox(id: number, label: string, form?: string): SafeHtml {
  return html`<input type="checkbox" name="ids" value="${id}" aria-label="${l.select(label)}"${form ? html` form="${form}"` : ''}>`;
}
