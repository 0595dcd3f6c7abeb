import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebContext } from '../app-context.js';
import { messages } from '../messages/vi.js';
import { sendStaffPage, staffOnly } from '../newsroom/staff-page.js';
import { withFormErrors } from '../web/request-info.js';
import { listAuditActorsForStaff, listAuditForStaff } from './audit.service.js';
import { auditPage } from './audit.views.js';
import { auditCsv } from './audit-sentences.js';

/** The back office's log of staff actions (/quan-tri/nhat-ky), filtered by ?nguoi=&hanh-dong=&tu=&den=. */
export async function auditRoutes(app: FastifyInstance, { site }: WebContext) {
  const send = async (req: FastifyRequest, reply: FastifyReply, body: Parameters<typeof auditPage>[0], status = 200) =>
    sendStaffPage(site, req, reply, messages.newsroom.pages.audit, auditPage(body), {
      section: '/quan-tri/nhat-ky',
      status,
    });

  const log = async (req: FastifyRequest, reply: FastifyReply) => {
    const actors = await listAuditActorsForStaff(site.db, req.actor);
    return withFormErrors(
      reply,
      async () => send(req, reply, { ...(await listAuditForStaff(site.db, req.actor, req.query)), actors }),
      // A bad filter shows the form again with what was typed and why, and no entries.
      (error, status) => send(req, reply, { entries: [], query: rawQuery(req.query), actors, error }, status),
    );
  };

  const csv = async (req: FastifyRequest, reply: FastifyReply) =>
    reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="nhat-ky-thao-tac.csv"')
      .send(auditCsv((await listAuditForStaff(site.db, req.actor, req.query, 'csv')).entries));

  app.get('/quan-tri/nhat-ky', staffOnly, log);
  app.get('/quan-tri/nhat-ky.csv', staffOnly, csv);
}

/** The refused filter as typed, so the form can show it back. */
function rawQuery(q: unknown): Record<string, string | undefined> {
  const r = (q ?? {}) as Record<string, unknown>;
  const text = (k: string) => (typeof r[k] === 'string' ? (r[k] as string).slice(0, 80) : undefined);
  return { nguoi: text('nguoi'), 'hanh-dong': text('hanh-dong'), tu: text('tu'), den: text('den') };
}
