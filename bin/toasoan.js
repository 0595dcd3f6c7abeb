#!/usr/bin/env node
// Runs the compiled server and CLI from dist/ (`npm run build`; `npm start` and `npm test` build first).
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  console.error('toasoan: dist/ is missing: run "npm run build" first');
  process.exit(2);
}
await import('./ts-stacks.js');
await import(cli.href);
