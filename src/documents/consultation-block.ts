import type { WebContext } from '../app-context.js';
import { sidebarList } from '../home/sidebar.js';
import { messages } from '../messages/vi.js';
import { html, type SafeHtml } from '../web/html.js';
import { dayText } from './consultation.js';
import { openConsultations } from './consultation.service.js';
import { CONSULTATIONS_PATH } from './consultation.views.js';

const c = messages.consultations;

/** The home page's "Dự thảo lấy ý kiến": drafts open today with their closing days; left out when there are none. */
export async function openConsultationsBlock(ctx: WebContext): Promise<SafeHtml | null> {
  const open = await openConsultations(ctx, 5);
  const list = sidebarList(
    open.map((d) => ({ text: `${d.typeName} ${d.code}`, href: d.url, note: c.until(dayText(d.closesOn)) })),
  );
  return list && html`${list}<p class="side-more"><a href="${CONSULTATIONS_PATH}">${c.seeAll}</a></p>`;
}
