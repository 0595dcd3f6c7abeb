import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireRole } from '../accounts/auth.js';
import type { WebContext } from '../app-context.js';
import { idFromPath } from '../errors.js';
import { messages } from '../messages/vi.js';
import { backToList } from '../newsroom/bulk-actions.js';
import { isConfirmed, sendConfirmPage } from '../newsroom/staff-page.js';
import { redirectWithFlash } from '../web/flash.js';
import { withFormErrors } from '../web/request-info.js';
import { commenterOf, setCommenterBanned } from './comment-bans.service.js';
import { commentDeps } from './comments.service.js';

const mm = messages.moderation;
const QUEUE = '/quan-tri/y-kien';
type Route = { Body: Record<string, string | undefined>; Params: { id: string } };
type Req = FastifyRequest<Route>;

/**
 * "Chặn người gửi" on a comment in the queue (the button posts the queue's form here, with its way back), and
 * "Bỏ chặn", the undo its message offers. Stopping asks first, like every step that takes something away;
 * letting again gives back what was taken, so it does not. Either way: back to the queue as it was, saying so.
 */
export async function commentBanRoutes(app: FastifyInstance, ctx: WebContext) {
  const deps = commentDeps(ctx.site);
  const editor = { preHandler: requireRole('editor') };

  const step = (banned: boolean) => (request: Req, reply: FastifyReply) => {
    const back = backToList(request.body, QUEUE);
    const id = idFromPath(request.params.id, messages.comments.notFound);
    return withFormErrors(
      reply,
      async () => {
        if (banned && !isConfirmed(request.body)) {
          const user = await commenterOf(deps, request.actor, id);
          return sendConfirmPage(ctx.site, request, reply, {
            title: mm.confirmBanTitle,
            question: mm.confirmBan(user.name),
            action: `${QUEUE}/${id}/chan`,
            fields: { tiep: back },
            confirmLabel: mm.ban,
            cancelHref: back,
          });
        }
        const user = await setCommenterBanned(deps, request.actor, id, banned);
        return redirectWithFlash(
          reply,
          back,
          banned
            ? {
                text: mm.banned(user.name),
                undo: { action: `${QUEUE}/${id}/bo-chan`, label: mm.unban, fields: { tiep: back.slice(0, 200) } },
              }
            : { text: mm.unbanned(user.name) },
        );
      },
      async (error) => redirectWithFlash(reply, back, { text: error, error: true }),
    );
  };
  app.post<Route>(`${QUEUE}/:id/chan`, editor, step(true));
  app.post<Route>(`${QUEUE}/:id/bo-chan`, editor, step(false));
}
