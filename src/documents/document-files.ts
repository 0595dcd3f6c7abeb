import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Config } from '../config.js';
import { badRequest, tooLarge, unsupportedMedia } from '../errors.js';
import { MediaStore } from '../media/media-store.js';
import { sniff } from '../media/sniff.js';
import { messages } from '../messages/vi.js';
import { toNfc } from '../vi/normalize.js';

const d = messages.documents;

export const FILE_TYPES = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  odt: 'application/vnd.oasis.opendocument.text',
} as const;
export type FileType = keyof typeof FILE_TYPES;

/** Stored names: the content hash and the type, nothing a visitor chose. */
export const STORED_FILE = /^[a-f0-9]{24}\.(pdf|docx?|xlsx|odt)$/;

const ODT_MIME = 'application/vnd.oasis.opendocument.text';
// An OLE compound file (old Office) names its streams in UTF-16: a Word file has "WordDocument".
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const WORD_STREAM = Buffer.from('WordDocument', 'utf16le');

/**
 * What an attached file is, from its bytes (the media library's check, plus
 * the two formats agencies still send: Word 97 .doc and OpenDocument .odt).
 */
export function sniffDocumentFile(data: Buffer): FileType | null {
  const media = sniff(data);
  if (media?.kind === 'attachment') return media.type;
  if (media) return null;
  // ODF puts an uncompressed "mimetype" entry first, so its type sits at a fixed offset.
  if (
    data.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])) &&
    data.toString('latin1', 30, 38) === 'mimetype'
  )
    return data.toString('latin1', 38, 38 + ODT_MIME.length) === ODT_MIME ? 'odt' : null;
  if (data.subarray(0, 8).equals(OLE_MAGIC) && data.includes(WORD_STREAM)) return 'doc';
  return null;
}

export interface IncomingFile {
  filename: string;
  data: Buffer;
}

export interface CheckedFile {
  storageKey: string;
  originalName: string;
  ext: FileType;
  mime: string;
  bytes: number;
  data: Buffer;
}

export class DocumentFileStore {
  readonly store: MediaStore;
  constructor(
    config: Pick<Config, 'dataDir' | 'media'>,
    readonly maxBytes = config.media.maxBytes,
  ) {
    this.store = new MediaStore(path.join(config.dataDir, 'documents'));
  }

  /** Refuses, with the file's name, anything that is not one of the five types or is too big. */
  check(file: IncomingFile): CheckedFile {
    const originalName = toNfc(file.filename.split(/[\\/]/).pop() ?? '').slice(0, 255) || 'tep';
    if (file.data.length === 0) throw badRequest(d.badFile(originalName));
    if (file.data.length > this.maxBytes) throw tooLarge(d.fileTooLarge(originalName, this.maxBytes / 1024 / 1024));
    const ext = sniffDocumentFile(file.data);
    if (!ext) throw unsupportedMedia(d.badFile(originalName));
    const storageKey = createHash('sha256').update(file.data).digest('hex').slice(0, 24);
    return { storageKey, originalName, ext, mime: FILE_TYPES[ext], bytes: file.data.length, data: file.data };
  }

  /** Written before the rows that name them; the same content is one file. */
  async put(files: readonly CheckedFile[]): Promise<void> {
    await this.store.putAll(files.map((f) => ({ name: `${f.storageKey}.${f.ext}`, data: f.data })));
  }

  get(storageKey: string, ext: string): Promise<Buffer | null> {
    const name = `${storageKey}.${ext}`;
    return STORED_FILE.test(name) ? this.store.get(name) : Promise.resolve(null);
  }
}
