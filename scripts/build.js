#!/usr/bin/env node
// Compiles the server and CLI, with their pure-JavaScript dependencies, ahead of time
// into dist/ (ESM, one chunk per command and per lazy import), and bundles the browser
// editor into src/web/assets. Runs offline from `npm ci` (prepare), `npm test` and `npm start`.
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

let esbuild;
try {
  esbuild = await import('esbuild');
} catch (err) {
  // A production install (--omit=dev) has no build tools; it runs the dist/ built before pruning.
  if (err?.code !== 'ERR_MODULE_NOT_FOUND' || !existsSync('dist/cli.js')) throw err;
  console.warn('build: esbuild is not installed (production install); using the existing dist/');
  process.exit(0);
}

await esbuild.build({
  entryPoints: { editor: 'src/newsroom/client/editor.ts' },
  outdir: 'src/web/assets',
  bundle: true,
  format: 'iife',
  minify: true,
  target: ['es2020'],
  legalComments: 'none',
  logLevel: 'warning',
});

// zod's messages in ~45 languages are ~300 KB that V8 would parse at every start; the site's messages are its own,
// and zod's default (English) is the only locale it uses.
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.resolveDir.includes('/zod/')
        ? { path: 'zod-locales', namespace: 'zod-english-only', pluginData: args.resolveDir }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(`${args.pluginData}/../locales/en.js`)};`,
      resolveDir: args.pluginData,
    }));
  },
};

// V8 keeps a script's source for as long as its functions live, as one byte per character when it can and two
// otherwise: one '→' in a template made the 1.5 MB server chunk cost 3 MB of heap, and Node 24 reads a module
// with any character beyond ASCII (a '·' or an 'à') as two bytes per character. esbuild escapes strings but not
// regular expressions or template literals, so the sources' other characters are escaped here (the same values:
// no source uses String.raw). Columns after such a character shift in the map.
const asciiSources = {
  name: 'ascii-sources',
  setup(b) {
    b.onLoad({ filter: /\/src\/.*\.ts$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      return { contents: text.replace(/[^\0-\x7f]/g, escapeUnit), loader: 'ts' };
    });
  },
};
const escapeUnit = (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

rmSync('dist', { recursive: true, force: true });
const result = await esbuild.build({
  entryPoints: { cli: 'src/cli/main.ts' },
  outdir: 'dist',
  bundle: true,
  // Dependencies are bundled too: one file to read instead of hundreds to resolve took ~40% off the start's CPU.
  // These stay in node_modules: native modules cannot be bundled, pino loads its transports from files by name,
  // and nodemailer is only loaded with the first mail. (sanitize-html and the password dictionary are required
  // at run time, out of the bundler's sight.)
  external: ['better-sqlite3', 'sharp', '@node-rs/argon2', 'pino', 'pino-pretty', 'pg-native', 'nodemailer'],
  plugins: [zodEnglishOnly, asciiSources],
  platform: 'node',
  format: 'esm',
  // Bundled CommonJS packages call require() for Node's own modules, which an ES module does not have.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  target: ['node20'],
  splitting: true,
  chunkNames: '[name]-[hash]',
  sourcemap: 'linked',
  sourcesContent: false,
  minifyWhitespace: true,
  minifySyntax: true,
  // The dependencies' licence comments go to a file of their own beside each chunk: one, with an 'ä', made the
  // server chunk's whole source two bytes per character on Node 24.
  legalComments: 'linked',
  metafile: true,
  logLevel: 'warning',
});
// A dependency could bring such characters back: say which chunk would cost twice its size.
for (const file of Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.js'))) {
  if (/[^\0-\x7f]/.test(readFileSync(file, 'utf8')))
    console.warn(`build: ${file} has characters beyond ASCII; Node 24 will hold its source as two bytes per character`);
}
// The pages' own files (CSS, favicon, editor) are read next to the code that serves them.
cpSync('src/web/assets', 'dist/assets', { recursive: true });
// The list of sources lets the tests refuse a dist/ older than any of them.
const sources = Object.keys(result.metafile.inputs).filter((f) => f.startsWith('src/'));
const assets = readdirSync('src/web/assets').map((f) => `src/web/assets/${f}`);
writeFileSync('dist/inputs.json', JSON.stringify([...sources, ...assets]));
