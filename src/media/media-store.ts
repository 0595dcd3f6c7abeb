import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Files on local disk under the data folder; another adapter (object storage) can offer the same three calls. */
export class MediaStore {
  constructor(readonly dir: string) {}

  /** Writes all files or none: each goes to a temp name first and is renamed into place. */
  async putAll(files: readonly { name: string; data: Buffer }[]): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const written: string[] = [];
    try {
      for (const f of files) {
        const tmp = `.${f.name}.${randomBytes(4).toString('hex')}.tmp`;
        // Listed before the write: a full disk leaves a partial temp file, removed with the rest.
        written.push(tmp);
        await writeFile(path.join(this.dir, tmp), f.data);
        await rename(path.join(this.dir, tmp), path.join(this.dir, f.name));
        written[written.length - 1] = f.name;
      }
    } catch (err) {
      await this.removeAll(written);
      throw err;
    }
  }

  async removeAll(names: readonly string[]): Promise<void> {
    await Promise.all(names.map((n) => rm(path.join(this.dir, n), { force: true })));
  }

  /** Null when missing; names are checked against MEDIA_FILE by the caller, so no path can escape the folder. */
  async get(name: string): Promise<Buffer | null> {
    try {
      return await readFile(path.join(this.dir, name));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }
}
