/**
 * Escape-by-default HTML templates: every interpolated value is escaped unless
 * it is already SafeHtml. `trustedHtml` is the one way in for raw markup.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const NEEDS_ESCAPE = /[&<>"']/;
const ESCAPE_ALL = /[&<>"']/g;

export function escapeHtml(text: string): string {
  // Most strings need nothing; testing first avoids allocating a copy.
  return NEEDS_ESCAPE.test(text) ? text.replace(ESCAPE_ALL, (c) => ESCAPES[c]!) : text;
}

type Renderable = SafeHtml | string | number | null | undefined | false | readonly Renderable[];

function render(value: Renderable): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  // Digits, '-', '.', 'e', 'Infinity' or 'NaN': nothing to escape.
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) {
    let out = '';
    for (const item of value as readonly Renderable[]) out += render(item);
    return out;
  }
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Renderable[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** Only for HTML that was sanitised when it was stored (article bodies). */
export function trustedHtml(sanitised: string): SafeHtml {
  return new SafeHtml(sanitised);
}
