import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Layers, checked on import paths (every import in src/ is relative, and modules are one folder deep).
// Plain regexes over ESLint's own rule read in one place; a boundaries plugin would add a second vocabulary.
const layers = 'src/{web,db,cli,messages,vi}/**';
// node:http is required, not imported (src/web/node-http.ts says why); its types may be imported.
const paths = [
  {
    name: 'node:http',
    allowTypeImports: true,
    message: 'Use { http } from src/web/node-http.ts: on Node 24 an ES import of node:http loads undici (~20 MiB).',
  },
];
const restrict = (...patterns) => ['error', { paths, patterns }];

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'test-results/', 'src/web/assets/', 'dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': restrict() },
  },
  {
    // src/web/ is the ground floor: plugins and helpers that know no feature module.
    files: ['src/web/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict({
        regex: '^\\.\\./(?!(errors|config)\\.js$|messages/|vi/|db/)',
        message: 'src/web/ knows no feature module: only web/, errors, config, messages, vi and db.',
      }),
    },
  },
  {
    // A migration must run the same after the application changes: it imports nothing of it.
    files: ['src/db/migrations/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict({
        regex: '^\\.\\./(?!dialects/types\\.js$)',
        message: 'A migration imports only kysely and its MigrationHelpers type: copy frozen logic into it.',
      }),
    },
  },
  {
    // A module's *.repo.ts and *.schema.ts are private to it; another module goes through its
    // service, views or helpers. Row types may cross (`import type`): they are what the service returns.
    files: ['src/*/**/*.ts'],
    ignores: [layers, 'src/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict({
        regex: '^\\.\\./(?!db/)[^/]+/[^/]+\\.(repo|schema)\\.js$',
        allowTypeImports: true,
        message: "Another module's repo and schema are private to it: use its service.",
      }),
    },
  },
);
