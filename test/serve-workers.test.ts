import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { describe, test } from 'node:test';
import { BIN } from './support/cli.js';
import { backends, createTestDatabase } from './support/databases.js';

/** `toasoan serve --workers 2` on a free port; resolves with its URL once the primary prints it. */
function startWorkers(databaseUrl: string): Promise<{ url: string; child: ChildProcess; output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve', '--workers', '2'], {
      env: {
        PATH: process.env.PATH ?? '',
        HOST: '127.0.0.1',
        PORT: '0',
        LOG_LEVEL: 'warn',
        DEMO_CONTENT: '0',
        DATABASE_URL: databaseUrl,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`did not start:\n${out}`)), 60_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /running: (http:\/\/[^/\s]+)\//.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      resolve({ url: m[1]!, child, output: () => out });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}:\n${out}`));
    });
  });
}

/** The pid of the worker that answered /healthz, on a new connection each time so the primary hands it to the next worker. */
function workerPid(url: string): Promise<number | null> {
  return new Promise((resolve) => {
    // A connection handed to a worker just killed is never answered: give up on it and ask again.
    const req = http.get(`${url}/healthz`, { agent: false, timeout: 2000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200 ? Number(res.headers['x-worker-pid']) : null));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
  });
}

/** Asks until `want` distinct pids have answered; a generous bound, as workers start slowly on a loaded machine. */
async function answeringPids(url: string, want: number, boundMs = 30_000): Promise<Set<number>> {
  const seen = new Set<number>();
  const start = Date.now();
  while (seen.size < want) {
    if (Date.now() - start > boundMs) assert.fail(`only ${[...seen].join(', ')} answered within ${boundMs} ms`);
    const pid = await workerPid(url);
    if (pid) seen.add(pid);
    else await new Promise((r) => setTimeout(r, 100));
  }
  return seen;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

for (const dialect of backends()) {
  describe(`toasoan serve --workers 2 on ${dialect}`, () => {
    test('two processes serve; one killed is replaced; SIGTERM stops them all', { timeout: 180_000 }, async () => {
      const database = await createTestDatabase(dialect, { migrate: false });
      const server = await startWorkers(database.url);
      try {
        const first = await answeringPids(server.url, 2);
        assert.ok(!first.has(server.child.pid!), 'the workers answer, not the primary');

        const [killed, survivor] = [...first] as [number, number];
        process.kill(killed, 'SIGKILL');
        const start = Date.now();
        let replacement: number | undefined;
        while (replacement === undefined) {
          if (Date.now() - start > 30_000) assert.fail(`no new worker answered:\n${server.output()}`);
          const pid = await workerPid(server.url);
          if (pid && !first.has(pid)) replacement = pid;
          else if (!pid) await new Promise((r) => setTimeout(r, 100));
        }
        assert.ok(!alive(killed));
        assert.ok(alive(survivor), 'the other worker kept serving');
        assert.match(server.output(), new RegExp(`worker ${killed} ended \\(SIGKILL\\)`));

        const exited = new Promise<number | null | 'still running'>((resolve) => {
          server.child.once('exit', (code) => resolve(code));
          setTimeout(() => resolve('still running'), 30_000).unref();
        });
        server.child.kill('SIGTERM');
        assert.equal(await exited, 0, server.output());
        assert.ok(!alive(survivor) && !alive(replacement), 'the workers stopped with the primary');
      } finally {
        if (server.child.exitCode === null) server.child.kill('SIGKILL');
        await database.drop();
      }
    });
  });
}
