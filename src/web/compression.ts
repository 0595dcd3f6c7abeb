import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, constants as zlib, gzip, gzipSync } from 'node:zlib';
import Negotiator from 'negotiator';
import { ownedBytes } from './owned-bytes.js';

export type Encoding = 'br' | 'gzip';

const OFFERED = ['br', 'gzip', 'identity'];
// negotiator 1.x breaks q-value ties by our preference; @types/negotiator (0.6) does not know that argument yet.
type EncodingWithPreference = (available: string[], opts: { preferred: string[] }) => string | undefined;

/** Brotli when the client takes it (a fifth of the bytes for HTML), else gzip, else none; q=0 refuses. */
export function pickEncoding(accept: string | undefined): Encoding | null {
  if (!accept) return null;
  const negotiator = new Negotiator({ headers: { 'accept-encoding': accept } });
  const best = (negotiator.encoding as EncodingWithPreference).call(negotiator, OFFERED, { preferred: OFFERED });
  return best === 'br' || best === 'gzip' ? best : null;
}

/** Fast settings for pages compressed on the request path (once per cached page). */
export function compressPage(body: Buffer, encoding: Encoding): Buffer {
  return compressForCache(body, encoding, { brotliQuality: 5, gzipLevel: 6 });
}

/**
 * Quicker settings for a page that changes every second (a form page with
 * the second's token): compressed at most once a second per encoding, so
 * speed counts more than the last few hundred bytes.
 */
export function compressPageQuickly(body: Buffer, encoding: Encoding): Buffer {
  return compressForCache(body, encoding, { brotliQuality: 3, gzipLevel: 4 });
}

/** zlib's option to answer with its engine too (not in @types/node's option types). */
const INFO = { info: true } as object;

/**
 * A compressed page to keep: zlib writes into a buffer half the page's size (enough for its compressed form in one
 * piece, instead of 16 or 64 KiB each time), and the page keeps a copy of its own bytes, not a view of that buffer.
 */
function compressForCache(
  body: Buffer,
  encoding: Encoding,
  settings: { brotliQuality: number; gzipLevel: number },
): Buffer {
  const chunkSize = Math.max(1024, body.length >> 1);
  const { buffer, engine } = (encoding === 'br'
    ? brotliCompressSync(body, {
        params: { [zlib.BROTLI_PARAM_QUALITY]: settings.brotliQuality, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length },
        chunkSize,
        ...INFO,
      })
    : gzipSync(body, { level: settings.gzipLevel, chunkSize, ...INFO })) as unknown as {
    buffer: Buffer;
    engine: { _outBuffer?: Buffer };
  };
  // Node 24 keeps each zlib engine until a full collection, which a busy server rarely has, and with it the buffer the
  // engine wrote into: a slice of a 64 KiB pool block. Unhooked, that buffer goes with the request. (An undocumented
  // field: should Node rename it, this line does nothing and the memory is held as before.)
  engine._outBuffer = undefined;
  return ownedBytes(buffer);
}

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Best settings for static files, compressed once per process off the main thread. */
export function compressAsset(body: Buffer, encoding: Encoding): Promise<Buffer> {
  if (encoding === 'br') {
    return brotliAsync(body, {
      params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length },
    });
  }
  return gzipAsync(body, { level: 9 });
}
