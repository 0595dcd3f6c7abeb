import { messages } from '../messages/vi.js';
import { html, type SafeHtml } from '../web/html.js';
import { formatVnCount } from '../vi/numbers.js';
import type { StatsTotals } from './stats.repo.js';

const m = messages.stats;

/** The figures as rendered; the beacon's answer (src/web/assets/stats.js) replaces them with newer ones by key. */
export function statsFigures(t: StatsTotals): SafeHtml {
  const row = (key: keyof StatsTotals, label: string) =>
    html`<div><dt>${label}</dt><dd data-thong-ke="${key}">${formatVnCount(t[key])}</dd></div>`;
  return html`<dl class="stats-figures">${row('online', m.online)}${row('today', m.today)}${row('month', m.month)}${row('total', m.total)}</dl>`;
}

/** On an article page: hidden until the beacon brings the count (it only exists where scripts run). */
export function articleViews(articleId: number): SafeHtml {
  return html`<span class="article-views" data-article-views="${articleId}" hidden>${m.views}: <span data-thong-ke="views"></span></span>`;
}
