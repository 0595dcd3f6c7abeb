import { readFileSync } from 'node:fs';

/**
 * Node's flags for the server as `npm start` runs it (package.json's start script),
 * so that benches measure that server and follow any flag the start script gains.
 */
export function serverNodeFlags(root: string): string[] {
  const pkg = JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as { scripts: { start: string } };
  return pkg.scripts.start.split(/\s+/).filter((word) => word.startsWith('--'));
}
