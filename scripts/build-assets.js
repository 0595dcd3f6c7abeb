#!/usr/bin/env node
// Bundles the browser code (the article editor) into src/web/assets, where
// src/web/assets.ts serves it under a content-hashed URL. Runs offline, from
// `npm ci` (prepare), `npm test` and `npm start`; the output is not committed.
import { build } from 'esbuild';

await build({
  entryPoints: { editor: 'src/newsroom/client/editor.ts' },
  outdir: 'src/web/assets',
  bundle: true,
  format: 'iife',
  minify: true,
  target: ['es2020'],
  legalComments: 'none',
  logLevel: 'warning',
});
