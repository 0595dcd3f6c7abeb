import { html, type SafeHtml } from './html.js';

export interface FieldSpec {
  label: string;
  name: string;
  type?: 'text' | 'email' | 'password' | 'hidden' | 'url';
  value?: string;
  autocomplete?: string;
  hint?: string;
  required?: boolean;
  maxlength?: number;
  minlength?: number;
}

/** A labelled input; the hint is tied to it with aria-describedby so screen readers read both. */
export function field(f: FieldSpec): SafeHtml {
  const id = `f-${f.name}`;
  const hintId = f.hint ? `${id}-goi-y` : undefined;
  return html`<p class="field">
  <label for="${id}">${f.label}</label>
  <input id="${id}" name="${f.name}" type="${f.type ?? 'text'}"${f.value ? html` value="${f.value}"` : ''}${f.autocomplete ? html` autocomplete="${f.autocomplete}"` : ''}${f.required === false ? '' : html` required`}${f.maxlength ? html` maxlength="${f.maxlength}"` : ''}${f.minlength ? html` minlength="${f.minlength}"` : ''}${hintId ? html` aria-describedby="${hintId}"` : ''}>
  ${f.hint ? html`<small id="${hintId}" class="hint">${f.hint}</small>` : ''}
</p>`;
}

/** An error or notice at the top of a form, announced when the page loads. */
export function formMessage(message: string | undefined, kind: 'error' | 'notice' = 'error'): SafeHtml | '' {
  if (!message) return '';
  return kind === 'error'
    ? html`<p class="form-error" role="alert">${message}</p>`
    : html`<p class="form-notice" role="status">${message}</p>`;
}
