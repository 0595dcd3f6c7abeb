/**
 * A minimal ustar writer and reader for the backup archive, gzip-compressed by node:zlib.
 * Plain tar so that `tar tzf` can list an archive; gzip's CRC catches a damaged or cut stream.
 */
import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';

const BLOCK = 512;

export class ArchiveError extends Error {}

function header(name: string, size: number): Buffer {
  const h = Buffer.alloc(BLOCK);
  let prefix = '';
  let base = name;
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf('/', 155);
    if (cut <= 0 || Buffer.byteLength(name.slice(cut + 1)) > 100)
      throw new ArchiveError(`name too long for the archive: ${name}`);
    prefix = name.slice(0, cut);
    base = name.slice(cut + 1);
  }
  h.write(base, 0, 100, 'utf8');
  h.write('0000644\0', 100, 'ascii');
  h.write('0000000\0', 108, 'ascii');
  h.write('0000000\0', 116, 'ascii');
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'ascii');
  h.write(
    `${Math.floor(Date.now() / 1000)
      .toString(8)
      .padStart(11, '0')}\0`,
    136,
    'ascii',
  );
  h.write('        ', 148, 'ascii');
  h.write('0', 156, 'ascii');
  h.write('ustar\u000000', 257, 'ascii');
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return h;
}

/** Writes entries to a stream (the gzip stream), waiting for it to drain so memory stays bounded. */
export class TarWriter {
  constructor(private readonly out: Writable) {}

  async add(name: string, data: Buffer): Promise<void> {
    await this.write(header(name, data.length));
    await this.write(data);
    const pad = (BLOCK - (data.length % BLOCK)) % BLOCK;
    if (pad) await this.write(Buffer.alloc(pad));
  }

  async end(): Promise<void> {
    await this.write(Buffer.alloc(BLOCK * 2));
    this.out.end();
  }

  private async write(chunk: Buffer): Promise<void> {
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }
}

function field(h: Buffer, start: number, length: number): string {
  const raw = h.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? length : end).toString('utf8');
}

/** Yields each file entry whole (parts are a few MiB at most); a short or malformed stream throws ArchiveError. */
export async function* readTar(input: Readable): AsyncGenerator<{ name: string; data: Buffer }> {
  let buf: Buffer = Buffer.alloc(0);
  const it = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  // Chunks are joined once enough have come: joining at each one copied a 4 MiB part hundreds of times.
  async function need(n: number): Promise<boolean> {
    if (buf.length >= n) return true;
    const chunks = [buf];
    let have = buf.length;
    while (have < n) {
      const next = await it.next();
      if (next.done) break;
      chunks.push(next.value);
      have += next.value.length;
    }
    buf = Buffer.concat(chunks);
    return have >= n;
  }
  for (;;) {
    if (!(await need(BLOCK))) throw new ArchiveError('the archive ends in the middle (truncated)');
    const h = buf.subarray(0, BLOCK);
    if (h.every((b) => b === 0)) break;
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!;
    if (sum !== parseInt(field(h, 148, 8).trim(), 8))
      throw new ArchiveError('an entry header of the archive is damaged');
    const size = parseInt(field(h, 124, 12).trim(), 8);
    const prefix = field(h, 345, 155);
    const name = prefix ? `${prefix}/${field(h, 0, 100)}` : field(h, 0, 100);
    const padded = Math.ceil(size / BLOCK) * BLOCK;
    if (!(await need(BLOCK + padded))) throw new ArchiveError('the archive ends in the middle (truncated)');
    const data = Buffer.from(buf.subarray(BLOCK, BLOCK + size));
    buf = buf.subarray(BLOCK + padded);
    if (field(h, 156, 1) === '0' || field(h, 156, 1) === '') yield { name, data };
  }
  // Drain the rest so that gzip checks its trailer (CRC and length) too.
  for (;;) if ((await it.next()).done) break;
}
