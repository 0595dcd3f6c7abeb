import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { badRequest } from '../errors.js';
import { messages } from '../messages/vi.js';

/** The file input of the media library's plain form (POST fields are English, like the code that reads them). */
export const UPLOAD_FIELD = 'file';
/** Its old name, still accepted from forms and scripts made before. */
const OLD_UPLOAD_FIELD = 'tep';

export interface UploadedFile {
  filename: string;
  data: Buffer;
}

/**
 * Lets the plain multipart form of the media library upload without
 * JavaScript. Fields arrive in request.body as strings (so the CSRF check,
 * which runs later, reads _csrf as from any form) and the file as
 * { filename, data }. The file is read to one byte past the limit and no
 * further: the media service then refuses it with the same message as any
 * other oversize upload. A body that is not well-formed multipart, or has
 * more parts than the form does, is a 400, never a 500.
 */
export async function registerUploadForm(app: FastifyInstance, maxBytes: number): Promise<void> {
  await app.register(multipart, {
    throwFileSizeLimit: false,
    limits: { fileSize: maxBytes + 1, files: 1, fields: 5, fieldSize: 4096, parts: 6 },
  });
  app.addHook('preValidation', async (request) => {
    if (!request.isMultipart()) return;
    const body: Record<string, string | UploadedFile> = {};
    try {
      for await (const part of request.parts()) {
        if (part.type === 'file') body[part.fieldname] = { filename: part.filename, data: await part.toBuffer() };
        else body[part.fieldname] = typeof part.value === 'string' ? part.value : '';
      }
    } catch {
      throw badRequest(messages.media.badForm);
    }
    request.body = body;
  });
}

/** The file of a multipart form, or of a raw upload (the editor sends the bytes as the body and the name in ?ten=). */
export function uploadedFile(body: unknown, rawName: string | undefined): UploadedFile {
  if (Buffer.isBuffer(body)) return { filename: rawName ?? 'tep', data: body };
  const fields = body && typeof body === 'object' ? (body as Record<string, unknown>) : undefined;
  const field = fields?.[UPLOAD_FIELD] ?? fields?.[OLD_UPLOAD_FIELD];
  if (field && typeof field === 'object' && 'data' in field && Buffer.isBuffer(field.data)) {
    return { filename: String((field as UploadedFile).filename || 'tep'), data: field.data };
  }
  return { filename: 'tep', data: Buffer.alloc(0) };
}
