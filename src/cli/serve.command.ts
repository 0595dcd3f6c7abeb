import cluster, { type Worker } from 'node:cluster';
import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import { startServer, withoutPassword } from '../server.js';

/** Tells a worker whether it runs the scheduler: one per machine, so SQLite's single writer is not contended for nothing. */
const SCHEDULER_ENV = 'TOASOAN_WORKER_SCHEDULER';
/** A worker that dies sooner than this after its start is restarted after a pause, so a crash loop does not spin. */
const QUICK_DEATH_MS = 5000;
const RESTART_PAUSE_MS = 1000;

/** `serve [--workers N]`: one process, or N processes sharing the listening socket (node:cluster). */
export async function serveCommand(config: Config, argv: string[] = []): Promise<number> {
  let workers: number;
  try {
    const { values } = parseArgs({ args: argv, options: { workers: { type: 'string', default: '1' } } });
    workers = Number(values.workers);
    if (!Number.isInteger(workers) || workers < 1 || workers > 64)
      throw new Error('--workers must be a whole number from 1 to 64');
  } catch (err) {
    console.error(`toasoan serve: ${(err as Error).message}`);
    return 2;
  }
  if (cluster.isWorker) return serveWorker(config);
  if (workers > 1) return runPrimary(config, workers);
  const app = await startServer(config);
  const address = app.server.address();
  printRunning(config, typeof address === 'object' && address ? address.port : config.port);
  return -1;
}

function printRunning(config: Config, port: number, workers = 1): void {
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const processes = workers > 1 ? `, ${workers} workers` : '';
  console.log(
    `\nTòa Soạn is running: http://${shownHost}:${port}/  (database: ${withoutPassword(config.databaseUrl)}${processes})\n`,
  );
}

async function serveWorker(config: Config): Promise<number> {
  const app = await startServer(config, { scheduler: process.env[SCHEDULER_ENV] === '1' });
  // Which process answered, for an operator checking that every worker serves.
  app.server.prependListener('request', (req, res) => {
    if (req.url === '/healthz') res.setHeader('x-worker-pid', String(process.pid));
  });
  // The primary is gone (killed): nobody hands this worker connections any more.
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  return -1;
}

/**
 * Forks the workers and keeps them running: a worker that dies is replaced (the
 * scheduler's one by another scheduler), and SIGTERM or SIGINT stops them all
 * gracefully. The first worker starts alone, so migrations and the demo seed run once.
 */
async function runPrimary(config: Config, count: number): Promise<number> {
  /** The live workers and when each started (cluster.workers still lists a worker whose exit came before its disconnect). */
  const live = new Map<Worker, number>();
  let schedulerWorker = -1;
  let stopping = false;
  let failed = false;

  const fork = (scheduler: boolean): Worker => {
    const worker = cluster.fork({ [SCHEDULER_ENV]: scheduler ? '1' : '0' });
    live.set(worker, Date.now());
    if (scheduler) schedulerWorker = worker.id;
    return worker;
  };

  const first = fork(true);
  const port = await new Promise<number | null>((resolve) => {
    first.once('listening', (address) => resolve(address.port));
    first.once('exit', () => resolve(null));
  });
  if (port === null) {
    console.error('toasoan serve: the first worker could not start (see above)');
    return 1;
  }
  for (let i = 1; i < count; i++) fork(false);
  printRunning(config, port, count);

  cluster.on('exit', (worker, code, signal) => {
    const scheduler = worker.id === schedulerWorker;
    const lived = Date.now() - (live.get(worker) ?? 0);
    live.delete(worker);
    if (stopping) {
      if (code !== 0) failed = true;
      if (!live.size) process.exit(failed ? 1 : 0);
      return;
    }
    console.error(`toasoan serve: worker ${worker.process.pid} ended (${signal ?? `exit ${code}`}); starting another`);
    setTimeout(() => !stopping && fork(scheduler), lived < QUICK_DEATH_MS ? RESTART_PAUSE_MS : 0);
  });

  const stop = () => {
    if (stopping) return;
    stopping = true;
    // SIGTERM whatever came: a worker treats a second SIGINT (a terminal's Ctrl-C reaches the whole group) as fatal.
    for (const worker of live.keys()) worker.process.kill('SIGTERM');
    if (!live.size) process.exit(failed ? 1 : 0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  return -1;
}
