import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/toasoan.js', import.meta.url));

/**
 * The command runs the compiled dist/, not src/: refuse to test a build older than any file it was built from,
 * so an edit without `npm run build` (which `npm test` runs first) cannot pass on the old code.
 */
export function assertFreshBuild(root = fileURLToPath(new URL('../../', import.meta.url))): void {
  let built: number;
  let inputs: string[];
  try {
    built = statSync(`${root}dist/cli.js`).mtimeMs;
    inputs = JSON.parse(readFileSync(`${root}dist/inputs.json`, 'utf8')) as string[];
  } catch {
    throw new Error('dist/ is missing: run "npm run build" before these tests (npm test does)');
  }
  const stale = inputs.filter((f) => {
    try {
      return statSync(root + f).mtimeMs > built;
    } catch {
      return true; // a source that was removed or renamed since the build
    }
  });
  if (stale.length)
    throw new Error(`dist/ is older than ${stale.slice(0, 3).join(', ')}: run "npm run build" (npm test does)`);
}
assertFreshBuild();

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `toasoan` command in a child process. */
export function runCli(args: string[], env: Record<string, string>, input?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}
