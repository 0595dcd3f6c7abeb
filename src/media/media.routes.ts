import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { WebContext } from '../app-context.js';
import { MediaStore } from './media-store.js';
import { MEDIA_FILE } from './media-urls.js';
import { findMediaByKey } from './media.repo.js';

const CONTENT_TYPES: Record<string, string> = {
  webp: 'image/webp',
  jpg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export async function mediaRoutes(app: FastifyInstance, ctx: WebContext) {
  const store = new MediaStore(path.join(ctx.site.config.dataDir, 'media'));

  app.get<{ Params: { file: string } }>('/media/:file', async (request, reply) => {
    const match = MEDIA_FILE.exec(request.params.file);
    const data = match && (await store.get(request.params.file));
    if (!match || !data) return reply.callNotFound();
    const ext = match[3]!;
    reply.type(CONTENT_TYPES[ext]!).header('cache-control', 'public, max-age=31536000, immutable');
    if (!ext.match(/^(webp|jpg|png|gif)$/)) {
      // Documents are downloaded under the name they were uploaded with, never shown inline.
      const row = await findMediaByKey(ctx.site.db.kysely, match[1]!);
      const name = row?.original_name ?? request.params.file;
      reply.header(
        'content-disposition',
        `attachment; filename="${request.params.file}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      );
    }
    return reply.send(data);
  });
}
