import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebContext } from '../app-context.js';
import { messages } from '../messages/vi.js';
import { sendStaffPage, staffOnly } from '../newsroom/staff-page.js';
import { listAuditForStaff } from './audit.service.js';
import { auditPage } from './audit.views.js';
import { auditCsv } from './audit-sentences.js';

/** The back office's log of staff actions (/quan-tri/nhat-ky). */
export async function auditRoutes(app: FastifyInstance, { site }: WebContext) {
  const log = async (req: FastifyRequest, reply: FastifyReply) =>
    sendStaffPage(
      site,
      req,
      reply,
      messages.newsroom.pages.audit,
      auditPage(await listAuditForStaff(site.db, req.actor)),
      { section: '/quan-tri/nhat-ky' },
    );

  const csv = async (req: FastifyRequest, reply: FastifyReply) =>
    reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="nhat-ky-thao-tac.csv"')
      .send(auditCsv(await listAuditForStaff(site.db, req.actor)));

  app.get('/quan-tri/nhat-ky', staffOnly, log);
  app.get('/quan-tri/nhat-ky.csv', staffOnly, csv);
}
