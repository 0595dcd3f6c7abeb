import { isIP } from 'node:net';
import { z } from 'zod';

/** Thrown for a bad environment value; the message is one line that names the variable. */
export class ConfigError extends Error {}

const booleanFlag = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

/** `true`/`false`, a hop count, or addresses and CIDRs (and proxy-addr's names), as Fastify's trustProxy takes them. */
const trustProxy = z.string().transform((v, ctx): boolean | number | string[] => {
  if (/^(true|yes)$/i.test(v)) return true;
  if (/^(false|no)$/i.test(v)) return false;
  if (/^\d{1,3}$/.test(v) && Number(v) >= 1) return Number(v);
  const list = v.split(',').map((a) => a.trim());
  const bad = list.find((a) => !isAddressOrRange(a));
  if (bad === undefined) return list;
  const message = `expected true, a hop count, or a comma-separated list of addresses/CIDRs; ${JSON.stringify(bad)} is none`;
  ctx.addIssue({ code: 'custom', message });
  return z.NEVER;
});

function isAddressOrRange(value: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(value)) return true;
  const [address = '', prefix, ...rest] = value.split('/');
  const family = isIP(address);
  if (!family || rest.length) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}

const addressList = z
  .string()
  .transform((v) =>
    v
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean),
  )
  .refine(
    (list) => list.every((a) => !['loopback', 'linklocal', 'uniquelocal'].includes(a) && isAddressOrRange(a)),
    'expected addresses/CIDRs, comma-separated',
  );

/** Comma-separated, case-insensitive names (hosts, origins), lower-cased. */
const lowerCaseList = z.string().transform((v) =>
  v
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean),
);

const hostList = lowerCaseList.pipe(
  z.array(
    z
      .string()
      .regex(/^([a-z0-9-]+(\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(:\d{1,5})?$/, 'expected host names, comma-separated'),
  ),
);

/** Exact origins (scheme, host, optional port; no path, no wildcard), comma-separated. */
const originList = lowerCaseList.pipe(
  z.array(
    z
      .string()
      .regex(
        /^https?:\/\/([a-z0-9-]+(\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(:\d{1,5})?$/,
        'expected origins like https://app.example.vn, comma-separated, without a path or a wildcard',
      ),
  ),
);

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z
    .string()
    .regex(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, 'expected sqlite:PATH or postgres://…')
    .default('sqlite:./data/toasoan.db'),
  SITE_NAME: z.string().trim().min(1).max(120).default('Sở Khoa học và Công nghệ (bản demo Tòa Soạn)'),
  SITE_DESCRIPTION: z
    .string()
    .trim()
    .max(300)
    .default('Tin tức, sự kiện và thông báo về khoa học, công nghệ và đổi mới sáng tạo.'),
  SITE_URL: z.url({ protocol: /^https?$/ }).optional(),
  // Other names this site answers to in production (SITE_URL's host always does).
  ALLOWED_HOSTS: hostList.default([]),
  TRUST_PROXY: trustProxy.default(false),
  DEMO_CONTENT: booleanFlag.default(true),
  PAGE_CACHE_SECONDS: z.coerce.number().int().min(0).max(86400).default(30),
  DATA_DIR: z.string().min(1).default('./data'),
  MEDIA_MAX_MB: z.coerce.number().int().min(1).max(200).default(10),
  MEDIA_MAX_MEGAPIXELS: z.coerce.number().int().min(1).max(500).default(40),
  LOG_REQUESTS: booleanFlag.default(false),
  // OWASP's floor for argon2id; only NODE_ENV=test may go lower (see loadConfig).
  ARGON2_MEMORY_KIB: z.coerce.number().int().min(8).max(1_048_576).default(19_456),
  ARGON2_TIME_COST: z.coerce.number().int().min(1).max(20).default(2),
  // Comments one address may post per 10 minutes; raise it for readers behind one shared NAT (schools, offices).
  COMMENT_IP_LIMIT: z.coerce.number().int().min(1).max(100_000).default(5),
  // Editors and admins must turn on two-factor sign-in before any staff page opens.
  STAFF_2FA_REQUIRED: booleanFlag.default(false),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/.+/, 'expected smtp://… or smtps://…')
    .optional(),
  MAIL_FROM: z.string().trim().min(3).max(200).default('Tòa Soạn <no-reply@localhost>'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // METRICS=0: no /metrics and nothing collected, for a site nobody scrapes.
  METRICS: booleanFlag.default(true),
  // Who may read /metrics: client addresses/CIDRs (after TRUST_PROXY), or a bearer token.
  METRICS_ALLOW: addressList.default(['127.0.0.0/8', '::1']),
  METRICS_TOKEN: z.string().min(16, 'use at least 16 characters').optional(),
  // On SIGTERM, how long requests in flight may take before their connections are cut.
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().int().min(0).max(3600).default(10),
  // Web pages on these origins may read /api/ from a browser; none by default.
  CORS_ORIGINS: originList.default([]),
  // Requests per minute one address may make to /api/, counted per instance.
  API_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(600),
  // Webhooks may reach loopback and private addresses (a receiver on the same machine or network).
  WEBHOOK_ALLOW_PRIVATE: booleanFlag.default(false),
});

export type Config = {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  databaseUrl: string;
  /** `url`: SITE_URL without a trailing slash; required in production (see src/web/site-origin.ts). */
  site: { name: string; description: string; url: string | undefined };
  /** Host names accepted besides SITE_URL's, lower case, as given (an optional :port). */
  allowedHosts: string[];
  /** Fastify's trustProxy: who may set X-Forwarded-For and X-Forwarded-Proto. */
  trustProxy: boolean | number | string[];
  demoContent: boolean;
  /** 0 turns the page cache off (every request rendered afresh). */
  pageCacheSeconds: number;
  logLevel: string;
  /** Uploaded media live in `${dataDir}/media`. */
  dataDir: string;
  media: { maxBytes: number; maxPixels: number };
  /** One log line per request; off by default since a reverse proxy usually keeps the access log. */
  logRequests: boolean;
  passwordHashing: { memoryCost: number; timeCost: number };
  /** Without it, mail (reset and verification links) goes to the log. */
  smtpUrl: string | undefined;
  mailFrom: string;
  staffTwoFactorRequired: boolean;
  commentIpLimit: number;
  metrics: { enabled: boolean; allow: string[]; token: string | undefined };
  shutdownTimeoutMs: number;
  /** Origins allowed to read /api/ cross-origin; empty: no CORS headers at all. */
  corsOrigins: string[];
  apiRateLimitPerMinute: number;
  webhookAllowPrivate: boolean;
};

const MIN_ARGON2 = { memoryCost: 19_456, timeCost: 2 };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings count as unset, so `PORT= npm start` behaves like no PORT at all.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    const got = env[name];
    throw new ConfigError(
      `Invalid ${name}: ${issue.message}${got === undefined ? '' : ` (got ${JSON.stringify(got)})`}`,
    );
  }
  const e = parsed.data;
  if (
    e.NODE_ENV !== 'test' &&
    (e.ARGON2_MEMORY_KIB < MIN_ARGON2.memoryCost || e.ARGON2_TIME_COST < MIN_ARGON2.timeCost)
  ) {
    throw new ConfigError(
      `Invalid ARGON2_MEMORY_KIB/ARGON2_TIME_COST: below ${MIN_ARGON2.memoryCost} KiB and ${MIN_ARGON2.timeCost} passes is allowed only with NODE_ENV=test`,
    );
  }
  // Links in mail, feeds and canonical tags are built from it; the Host header must never stand in.
  if (e.NODE_ENV === 'production' && !e.SITE_URL) {
    throw new ConfigError(
      'Missing SITE_URL: required with NODE_ENV=production, the public origin (e.g. https://tin.example.vn)',
    );
  }
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    site: { name: e.SITE_NAME, description: e.SITE_DESCRIPTION, url: e.SITE_URL?.replace(/\/+$/, '') },
    allowedHosts: e.ALLOWED_HOSTS,
    trustProxy: e.TRUST_PROXY,
    demoContent: e.DEMO_CONTENT,
    pageCacheSeconds: e.PAGE_CACHE_SECONDS,
    logLevel: e.LOG_LEVEL,
    dataDir: e.DATA_DIR,
    media: { maxBytes: e.MEDIA_MAX_MB * 1024 * 1024, maxPixels: e.MEDIA_MAX_MEGAPIXELS * 1_000_000 },
    logRequests: e.LOG_REQUESTS,
    passwordHashing: { memoryCost: e.ARGON2_MEMORY_KIB, timeCost: e.ARGON2_TIME_COST },
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    staffTwoFactorRequired: e.STAFF_2FA_REQUIRED,
    commentIpLimit: e.COMMENT_IP_LIMIT,
    metrics: { enabled: e.METRICS, allow: e.METRICS_ALLOW, token: e.METRICS_TOKEN },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_SECONDS * 1000,
    corsOrigins: e.CORS_ORIGINS,
    apiRateLimitPerMinute: e.API_RATE_LIMIT,
    webhookAllowPrivate: e.WEBHOOK_ALLOW_PRIVATE,
  };
}
