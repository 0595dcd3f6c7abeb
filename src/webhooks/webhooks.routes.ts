import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebContext } from '../app-context.js';
import { idFromPath } from '../errors.js';
import { messages } from '../messages/vi.js';
import { sendStaffPage, staffOnly } from '../newsroom/staff-page.js';
import { csrfField } from '../web/csrf.js';
import { redirectWithFlash } from '../web/flash.js';
import { withFormErrors } from '../web/request-info.js';
import type { WebhookWorker } from './delivery-worker.js';
import {
  createWebhook,
  listWebhooksForAdmin,
  queueTestDelivery,
  removeWebhook,
  setWebhookEnabled,
  webhookWithLog,
  type WebhookServiceDeps,
} from './webhooks.service.js';
import { webhookListPage, webhookPage, webhookPath } from './webhooks.views.js';

const w = messages.webhooks;
const SECTION = '/quan-tri/webhook';

type Form = Record<string, string | string[] | undefined>;
type WithId = FastifyRequest<{ Params: { id: string } }>;

/** The back office's webhooks (/quan-tri/webhook): admins register receivers and read each one's delivery log. */
export async function webhookRoutes(app: FastifyInstance, opts: WebContext & { webhookWorker: WebhookWorker }) {
  const { site, webhookWorker: worker } = opts;
  const deps: WebhookServiceDeps = { db: site.db, now: site.now, allowPrivate: site.config.webhookAllowPrivate };
  const id = (req: WithId) => idFromPath(req.params.id, w.notFound);

  async function list(request: FastifyRequest, reply: FastifyReply, error?: string, status = 200, form?: Form) {
    const hooks = await listWebhooksForAdmin(deps, request.actor);
    const events = form?.events;
    const body = webhookListPage(hooks, csrfField(request, reply), error ? { error } : undefined, {
      url: typeof form?.url === 'string' ? form.url : undefined,
      description: typeof form?.description === 'string' ? form.description : undefined,
      events: events === undefined ? undefined : ([] as string[]).concat(events),
    });
    return sendStaffPage(site, request, reply, w.title, body, { status, section: SECTION });
  }

  async function show(request: WithId, reply: FastifyReply) {
    const { hook, deliveries } = await webhookWithLog(deps, request.actor, id(request));
    const body = webhookPage(hook, deliveries, csrfField(request, reply));
    return sendStaffPage(site, request, reply, w.title, body, { section: SECTION });
  }

  app.get(SECTION, staffOnly, (req, reply) => list(req, reply));
  app.post<{ Body: Form }>(SECTION, staffOnly, (request, reply) =>
    withFormErrors(
      reply,
      async () =>
        redirectWithFlash(reply, webhookPath(await createWebhook(deps, request.actor, request.body)), {
          text: w.created,
        }),
      (error, status) => list(request, reply, error, status, request.body),
    ),
  );
  app.get<{ Params: { id: string } }>(`${SECTION}/:id`, staffOnly, show);
  app.post<{ Params: { id: string } }>(`${SECTION}/:id/gui-thu`, staffOnly, async (request, reply) => {
    await queueTestDelivery(deps, request.actor, id(request));
    worker.wake();
    return redirectWithFlash(reply, webhookPath(id(request)), { text: w.testQueued });
  });
  app.post<{ Params: { id: string } }>(`${SECTION}/:id/tat`, staffOnly, async (request, reply) => {
    await setWebhookEnabled(deps, request.actor, id(request), false);
    return redirectWithFlash(reply, webhookPath(id(request)), { text: w.disabled });
  });
  app.post<{ Params: { id: string } }>(`${SECTION}/:id/bat`, staffOnly, async (request, reply) => {
    await setWebhookEnabled(deps, request.actor, id(request), true);
    return redirectWithFlash(reply, webhookPath(id(request)), { text: w.enabled });
  });
  app.post<{ Params: { id: string } }>(`${SECTION}/:id/xoa`, staffOnly, async (request, reply) => {
    await removeWebhook(deps, request.actor, id(request));
    return redirectWithFlash(reply, SECTION, { text: w.removed });
  });
}
