import { mediaUrl } from '../media/media-urls.js';
import type { MediaRow } from '../media/media.repo.js';
import { messages } from '../messages/vi.js';
import { html, type SafeHtml } from '../web/html.js';
import type { SiteSettings } from './settings.repo.js';

const s = messages.settingsAdmin;

function input(id: string, label: string, value: string, max: number): SafeHtml {
  return html`<p class="field"><label for="${id}">${label}</label><input id="${id}" name="${id}" maxlength="${max}" value="${value}"></p>`;
}

export function settingsPage(
  settings: SiteSettings,
  images: readonly MediaRow[],
  csrf: SafeHtml,
  error?: string,
): SafeHtml {
  const f = settings.footer ?? { agency: '', address: '', phone: '', email: '', responsible: '', licence: '' };
  const e = settings.english ?? { name: '', description: '', agency: '', address: '' };
  const logoOf = (m: MediaRow) => mediaUrl(m, Number(m.variant_widths.split(',')[0]));
  return html`<h1 class="page-title">${s.title}</h1>
${error ? html`<p class="form-error" role="alert">${error}</p>` : ''}
<p><a href="/quan-tri/cai-dat/trang-chu">${messages.homeSettings.title}</a></p>
<form method="post" action="/quan-tri/cai-dat" class="settings-form">${csrf}
${input('name', s.name, settings.name, 120)}
${input('description', s.description, settings.description, 300)}
<p class="field"><label for="logoMediaId">${s.logo}</label><select id="logoMediaId" name="logoMediaId" aria-describedby="logoHint"><option value="">${s.noLogo}</option>${images.map(
    (m) =>
      html`<option value="${m.id}"${settings.logoUrl === logoOf(m) ? html` selected` : ''}>${m.alt || m.original_name}</option>`,
  )}</select><small id="logoHint" class="hint">${s.logoHint}</small></p>
${input('agency', s.agency, f.agency, 200)}
${input('address', s.address, f.address, 300)}
${input('phone', s.phone, f.phone, 60)}
${input('email', s.email, f.email, 254)}
${input('responsible', s.responsible, f.responsible, 200)}
${input('licence', s.licence, f.licence, 300)}
<fieldset class="field"><legend>${s.englishLegend}</legend>
${input('nameEn', s.nameEn, e.name, 120)}
${input('descriptionEn', s.descriptionEn, e.description, 300)}
${input('agencyEn', s.agencyEn, e.agency, 200)}
${input('addressEn', s.addressEn, e.address, 300)}
</fieldset>
<fieldset class="field"><legend>${s.security}</legend>
<p><input type="checkbox" id="staffTwoFactorRequired" name="staffTwoFactorRequired" value="1" aria-describedby="staffTwoFactorHelp"${settings.staffTwoFactorRequired ? html` checked` : ''}> <label for="staffTwoFactorRequired">${s.staffTwoFactorRequired}</label></p>
<p id="staffTwoFactorHelp" class="hint">${s.staffTwoFactorHelp}</p>
</fieldset>
<p><button type="submit" class="button primary">${s.save}</button></p>
</form>`;
}

export function settingsFromForm(b: Record<string, string | undefined>) {
  return {
    name: b.name ?? '',
    description: b.description ?? '',
    logoMediaId: b.logoMediaId ? Number(b.logoMediaId) : null,
    agency: b.agency ?? '',
    address: b.address ?? '',
    phone: b.phone ?? '',
    email: b.email ?? '',
    nameEn: b.nameEn ?? '',
    descriptionEn: b.descriptionEn ?? '',
    agencyEn: b.agencyEn ?? '',
    addressEn: b.addressEn ?? '',
    responsible: b.responsible ?? '',
    licence: b.licence ?? '',
    staffTwoFactorRequired: b.staffTwoFactorRequired === '1',
  };
}
