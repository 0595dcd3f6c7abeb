import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from './support/databases.js';
import { BIN } from './support/cli.js';

// SQLite only: one file shared by the server and the CLI is the case where writers wait for each other's lock.
const WRITER = fileURLToPath(new URL('./support/sqlite-writer.ts', import.meta.url));

function startWriter(file: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, file], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
  const waitFor = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const check = () => {
        const m = pattern.exec(out);
        if (m) {
          child.stdout.off('data', check);
          resolve(m);
        }
      };
      child.stdout.on('data', check);
      child.once('exit', (code) => reject(new Error(`writer exited with ${code}:\n${out}`)));
      check();
    });
  return {
    send: (line: string) => child.stdin.write(`${line}\n`),
    waitFor,
    async stop(): Promise<number> {
      child.stdin.write('stop\n');
      const m = await waitFor(/written (\d+)/);
      return Number(m[1]);
    },
    output: () => out,
  };
}

function startImport(args: string[], env: Record<string, string>) {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [BIN, 'import', ...args], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  return { done, stdout: () => stdout, pid: child.pid! };
}

/** Resolves once process `pid` has `file` open (read from /proc), or has ended. */
async function opened(pid: number, file: string): Promise<void> {
  for (;;) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      return;
    }
    for (const fd of fds) {
      try {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`) === file) return;
      } catch {
        // Closed between the listing and the look.
      }
    }
    await delay(50);
  }
}

function writeArticles(dir: string, count: number, prefix: string): string[] {
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const file = path.join(dir, `${prefix}-${String(i).padStart(3, '0')}.txt`);
    const minute = String(i % 60).padStart(2, '0');
    writeFileSync(
      file,
      `Tin ${prefix} số ${i} về hoạt động khoa học công nghệ\n08:${minute} 0${1 + (i % 9)}/06/2024\n\nĐoạn mở đầu của tin số ${i}.\n\nĐoạn thứ hai.\n\nPV\n`,
    );
    files.push(file);
  }
  return files;
}

async function count(db: TestDatabase, table: 'articles'): Promise<number> {
  const row = await db.handle.kysely
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('toasoan import while another process writes to the same SQLite file', () => {
  let db: TestDatabase;
  let dir: string;
  let file: string;

  before(async () => {
    db = await createTestDatabase('sqlite');
    file = db.url.slice('sqlite:'.length);
    dir = mkdtempSync(path.join(tmpdir(), 'toasoan-import-locked-'));
  });
  after(async () => {
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('every file is imported: each waits for the lock instead of failing', async () => {
    const folder = mkdtempSync(path.join(dir, 'many-'));
    const files = writeArticles(folder, 80, 'bai');
    const writer = startWriter(file);
    await writer.waitFor(/ready/);
    const before = await count(db, 'articles');
    const res = await startImport([folder, '--json'], { DATABASE_URL: db.url }).done;
    const written = await writer.stop();
    assert.equal(res.code, 0, res.stderr);
    assert.equal(res.stdout.trim().split('\n').length, files.length);
    assert.equal(await count(db, 'articles'), before + files.length);
    assert.ok(written > 0, 'the other process wrote while the import ran');
  });

  test('a file that still cannot be written is named with the reason, and the others go on (exit 1)', async () => {
    const folder = mkdtempSync(path.join(dir, 'held-'));
    const files = writeArticles(folder, 60, 'held');
    const writer = startWriter(file);
    await writer.waitFor(/ready/);
    const before = await count(db, 'articles');
    // The other process takes the lock first and keeps it for a while after the CLI has opened the file (so a
    // slow start on a loaded machine does not use the time up): the batch waits out busy_timeout (5 s), then the
    // first file on its own does too and is named; the lock is free before the files after it wait in vain.
    writer.send('hold 120000');
    await writer.waitFor(/holding/);
    const importing = startImport([folder, '--json'], { DATABASE_URL: db.url });
    await opened(importing.pid, file);
    await delay(16_000);
    writer.send('release');
    const res = await importing.done;
    await writer.stop();
    assert.equal(res.code, 1, res.stderr);
    const failures = res.stderr.split('\n').filter((line) => / database is locked/.test(line));
    assert.ok(failures.length >= 1, res.stderr);
    for (const line of failures) assert.match(line, /held-\d{3}\.txt: /);
    const imported = res.stdout.trim().split('\n').length;
    assert.equal(imported + failures.length, files.length, res.stderr);
    // The files after the locked one were imported, not abandoned.
    assert.ok(res.stdout.includes('"Tin held số 59 về hoạt động khoa học công nghệ"'), res.stdout);
    assert.equal(await count(db, 'articles'), before + imported);
  });
});
