import { createRequire } from 'node:module';
import type * as Http from 'node:http';

/**
 * node:http through require, not an ES import: on Node 24 an ES import of it reads every one of its exports, and
 * one of them loads undici (Node's fetch), which this server never uses: ~20 MiB of a running server.
 */
export const http = createRequire(import.meta.url)('node:http') as typeof Http;
