import { messages } from '../messages/vi.js';
import { html, type SafeHtml } from '../web/html.js';
import type { HomeSettingsInput } from './home-settings.service.js';
import { SIDEBAR_BLOCKS, sidebarTitles, type SidebarBlockId, type SidebarEntry } from './sidebar.js';
import type { SiteLink } from './sidebar.repo.js';

const s = messages.homeSettings;
/** Empty rows under the saved links, for new ones: a form without scripts cannot add rows. */
const BLANK_ROWS = 3;

const camel = (id: SidebarBlockId) => id.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());

export function homeSettingsPage(
  blocks: readonly SidebarEntry[],
  links: readonly SiteLink[],
  csrf: SafeHtml,
  error?: string,
): SafeHtml {
  const rows = [...links, ...Array.from({ length: BLANK_ROWS }, () => ({ name: '', url: '' }))];
  return html`<h1 class="page-title">${s.title}</h1>
${error ? html`<p class="form-error" role="alert">${error}</p>` : ''}
<p>${s.intro}</p>
<form method="post" action="/quan-tri/cai-dat/trang-chu" class="settings-form">${csrf}
<table class="admin-table"><caption>${s.blocks}</caption>
<thead><tr><th scope="col">${s.blocks}</th><th scope="col">${s.shown}</th><th scope="col">${s.position}</th></tr></thead>
<tbody>${blocks.map((b, i) => {
    const key = camel(b.id);
    return html`<tr><th scope="row" id="block-${key}">${sidebarTitles[b.id]}</th>
<td><input type="checkbox" name="${key}On" value="1" aria-labelledby="block-${key}"${b.on ? html` checked` : ''}></td>
<td><input type="number" name="${key}Position" value="${i + 1}" min="1" max="99" aria-label="${s.position}: ${sidebarTitles[b.id]}"></td></tr>`;
  })}</tbody></table>
<table class="admin-table"><caption>${s.links}</caption>
<thead><tr><th scope="col">${s.position}</th><th scope="col">${s.linkName}</th><th scope="col">${s.linkUrl}</th></tr></thead>
<tbody>${rows.map(
    (
      l,
      i,
    ) => html`<tr><td><input type="number" name="linkPosition${i}" value="${i + 1}" min="1" max="99" aria-label="${s.position} ${i + 1}"></td>
<td><input name="linkName${i}" maxlength="200" value="${l.name}" aria-label="${s.linkName} ${i + 1}"></td>
<td><input name="linkUrl${i}" maxlength="500" value="${l.url}" inputmode="url" aria-label="${s.linkUrl} ${i + 1}"></td></tr>`,
  )}</tbody></table>
<p class="hint">${s.linksHelp}</p>
<p><button type="submit" class="button primary">${s.save}</button></p>
</form>`;
}

/** The form's fields as the service takes them; rows with both cells empty are no link. */
export function homeSettingsFromForm(b: Record<string, string | undefined>): HomeSettingsInput {
  const blocks = SIDEBAR_BLOCKS.map((id) => ({
    id,
    on: b[`${camel(id)}On`] === '1',
    position: b[`${camel(id)}Position`] ?? '',
  }));
  const links: HomeSettingsInput['links'] = [];
  for (let i = 0; i < 200 && `linkName${i}` in b; i++) {
    const name = b[`linkName${i}`] ?? '';
    const url = b[`linkUrl${i}`] ?? '';
    if (name.trim() || url.trim()) links.push({ name, url, position: b[`linkPosition${i}`] ?? '' });
  }
  return { blocks, links };
}
