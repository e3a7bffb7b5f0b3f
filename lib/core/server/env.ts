import 'server-only';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_EXTRA_WHEELS, DEFAULT_PYODIDE_PACKAGES_URL, DEFAULT_PYTHON_WHEELS_URL } from '../pyodide-defaults.mjs';
import { parseAllowedOrigins } from '../embed-origins';
import { parseSharedPrefixes } from '../shared-prefixes';

/**
 * All configuration, parsed once from the environment with zod. Every knob has a documented default so the app runs
 * with no configuration at all (local storage, offline planner). `.env.example` lists the same knobs.
 */
const booleanFromString = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((value) => value === 'true' || value === '1' || value === 'yes');

const urlWithTrailingSlash = z.url().transform((value) => (value.endsWith('/') ? value : `${value}/`));

/** `KEY=` (empty) in a .env file means "not set", not "invalid": API keys are often left blank that way. */
const emptyAsUnset = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

export const envSchema = z.object({
  /**
   * Who may use the app. `none` (default, the embedded mode): no accounts; each browser is the anonymous owner of its
   * uploads and analyses, and `npm start` listens on loopback only. `password`: email + password accounts through
   * Better Auth (the first account becomes admin; later sign-ups only from AUTH_SIGNUP_DOMAINS). `oidc`: single
   * sign-on through an OpenID provider (OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET). Both sign-in modes need
   * BETTER_AUTH_URL; every page, action and route but share links, embeds and signed URLs then needs a session.
   */
  AUTH_MODE: z.enum(['none', 'password', 'oidc']).default('none'),
  /**
   * The app's public origin as browsers reach it (`https://data.example.com`): Better Auth's base URL, its CSRF
   * origin check and the OIDC redirect URI (`<origin>/api/auth/callback/oidc`). Required in the sign-in modes.
   */
  BETTER_AUTH_URL: emptyAsUnset(z.url().transform((value) => new URL(value).origin)),
  /**
   * The app's public origin (`https://data.example.com`) when it differs from what the server sees, e.g. behind a
   * TLS-terminating proxy: state-changing requests must carry it as their Origin. Default: BETTER_AUTH_URL in the
   * sign-in modes; in AUTH_MODE=none, the scheme and Host the request reached the server with. X-Forwarded-Host is
   * never used for this check.
   */
  PUBLIC_ORIGIN: emptyAsUnset(z.url().transform((value) => new URL(value).origin)),
  /** Secret that signs session cookies (at least 32 characters). Default: generated once into `DATA_DIR/.auth-secret`. */
  BETTER_AUTH_SECRET: emptyAsUnset(z.string().min(32)),
  /**
   * Postgres connection string (`postgres://user:pass@host/db`) for users and sessions when several server instances
   * serve the app. Default: none (SQLite in `DATA_DIR/.auth.sqlite`, one machine).
   */
  DATABASE_URL: emptyAsUnset(z.string().regex(/^postgres(ql)?:\/\//, 'a postgres:// or postgresql:// URL')),
  /**
   * AUTH_MODE=password: email domains (`example.com,example.org`) whose addresses may create an account after the
   * first one (which becomes admin). Default: none (only the first account can be created).
   */
  AUTH_SIGNUP_DOMAINS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((domain) => domain.trim().toLowerCase().replace(/^@/, ''))
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'an email domain such as example.com'))),
  /** AUTH_MODE=oidc: the OpenID provider's issuer URL (its discovery document is `<issuer>/.well-known/openid-configuration`). */
  OIDC_ISSUER: emptyAsUnset(z.url()),
  /** AUTH_MODE=oidc: this app's client id at the provider. */
  OIDC_CLIENT_ID: emptyAsUnset(z.string().min(1)),
  /** AUTH_MODE=oidc: this app's client secret at the provider. */
  OIDC_CLIENT_SECRET: emptyAsUnset(z.string().min(1)),
  /** Storage driver: `local` (a folder, the embedded default) or `s3` (any S3-compatible service). Default `local`. */
  STORAGE: z.enum(['local', 's3']).default('local'),
  /** Folder used by the local driver (datasets, analyses, the generated signing secret). Default `<project>/.data`. */
  DATA_DIR: z.string().min(1).default(path.join(process.cwd(), '.data')),
  /**
   * Secret for the local driver's signed upload/download URLs (HMAC-SHA256). Default: generated once and kept in
   * `DATA_DIR/.signing-secret`.
   */
  SIGNING_SECRET: z.string().min(32).optional(),
  /** S3 bucket (required when STORAGE=s3). */
  S3_BUCKET: z.string().min(1).optional(),
  /** S3 region. Default `us-east-1`. */
  S3_REGION: z.string().min(1).default('us-east-1'),
  /** Custom S3 endpoint for MinIO, R2 and other S3-compatible services. Default: AWS. */
  S3_ENDPOINT: z.url().optional(),
  /** Path-style addressing (`endpoint/bucket/key`), needed by most non-AWS services. Default `false`. */
  S3_FORCE_PATH_STYLE: booleanFromString.default(false),
  /** Key prefix every object of this app lives under (e.g. `team-a/`). Default: none. */
  S3_PREFIX: z.string().default(''),
  /** Files at least this large upload as multipart with presigned part URLs. Default 64 (MB). */
  S3_MULTIPART_THRESHOLD_MB: z.coerce.number().int().min(5).default(64),
  /** Lifetime of download URLs handed to the browser. Default 300 s (the maximum). */
  DOWNLOAD_URL_EXPIRY_SECONDS: z.coerce.number().int().min(10).max(300).default(300),
  /** Lifetime of upload URLs. Default 3600 s. */
  UPLOAD_URL_EXPIRY_SECONDS: z.coerce.number().int().min(60).max(43_200).default(3600),
  /** Largest accepted upload. Default 5120 (MB). */
  MAX_UPLOAD_MB: z.coerce.number().positive().default(5120),
  /**
   * Storage one owner (one browser in AUTH_MODE=none) may hold in uploaded datasets, pending uploads included; an
   * upload that would pass it is refused before a byte moves. Shared-prefix datasets do not count. Default 51200 (MB).
   */
  MAX_OWNER_STORAGE_MB: z.coerce.number().positive().default(51_200),
  /**
   * Key prefixes of the bucket (or DATA_DIR) whose objects every caller may see read-only, comma-separated
   * (`exports/,public-data/2024/`; each ends in '/'). "Import from storage prefix" lists and registers only under
   * these; they are never renamed or deleted through the app. The app's own keys (`datasets/`, `analyses/`,
   * `owners/`) are never listed or imported even when a prefix covers them. Default: none (import is off).
   */
  SHARED_PREFIXES: z
    .string()
    .optional()
    .transform((value, context) => {
      const parsed = parseSharedPrefixes(value);
      if (parsed.ok) return parsed.prefixes;
      context.addIssue({ code: 'custom', message: parsed.message });
      return z.NEVER;
    }),
  /** Base URL of Pyodide's compiled packages (a mirror of the pinned release's `full/` folder). Default: the official CDN. */
  PYODIDE_PACKAGES_URL: urlWithTrailingSlash.default(DEFAULT_PYODIDE_PACKAGES_URL),
  /**
   * PEP 503 simple index (PyPI's, or a folder/index a self-hoster serves) the kernel installs pure-Python wheels from
   * that Pyodide does not ship (PYTHON_EXTRA_WHEELS). Default: https://pypi.org/simple/.
   */
  PYTHON_WHEELS_URL: urlWithTrailingSlash.default(DEFAULT_PYTHON_WHEELS_URL),
  /** Comma-separated import names installed from PYTHON_WHEELS_URL on first import. Default `seaborn`; empty: none. */
  PYTHON_EXTRA_WHEELS: z
    .string()
    .default(DEFAULT_EXTRA_WHEELS.join(','))
    .transform((value) =>
      value
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'an import name (letters, digits, _)'))),
  /** Time limit of one run in the kernel. Default 30000 ms. */
  KERNEL_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  /** After an interrupt, how long code may take to stop before the worker is killed. Default 1000 ms. */
  KERNEL_INTERRUPT_GRACE_MS: z.coerce.number().int().min(50).max(30_000).default(1000),
  /**
   * LLM provider choice. `auto` (default): an OpenAI-compatible endpoint when OPENAI_COMPATIBLE_BASE_URL is set, else
   * Gemini when GOOGLE_GENERATIVE_AI_API_KEY is set, else the offline planner. `offline`: the offline planner even
   * when a key is set. (The end-to-end tests point OPENAI_COMPATIBLE_BASE_URL at a scripted loopback server.)
   */
  AI_PROVIDER: z.enum(['auto', 'offline']).default('auto'),
  /** Gemini API key (Google AI Studio). Default: none (then the offline planner, unless an endpoint is set). */
  GOOGLE_GENERATIVE_AI_API_KEY: emptyAsUnset(z.string().min(1)),
  /** Gemini model id. Default `gemini-3.8-flash`. */
  AI_MODEL: z.string().min(1).default('gemini-3.8-flash'),
  /** Base URL of an OpenAI-compatible API (Ollama: `http://127.0.0.1:11434/v1`, vLLM: `http://host:8000/v1`). Default: none. */
  OPENAI_COMPATIBLE_BASE_URL: emptyAsUnset(z.url()),
  /** Model name at that endpoint (e.g. `qwen2.5-coder:14b`); required when OPENAI_COMPATIBLE_BASE_URL is set. */
  OPENAI_COMPATIBLE_MODEL: emptyAsUnset(z.string().min(1)),
  /** Bearer token for that endpoint. Default: none (Ollama and most local servers need none). */
  OPENAI_COMPATIBLE_API_KEY: emptyAsUnset(z.string().min(1)),
  /**
   * A second model that reviews every answer: it sees the question, the code and the outputs (what the answer model
   * sees, never more data) and says whether the output answers the question (answers / partly / not, with reasons and
   * the concrete mismatch). A model id on the configured provider (Gemini, or the OpenAI-compatible endpoint), or
   * `gemini:<model>` / `openai-compatible:<model>` to name the provider. For broad requests (the Explore and Predict
   * presets, "analyse this dataset") it also proposes the analysis plan the generator follows. A cheaper model than the
   * generator is fine. Default: none.
   */
  REVIEW_MODEL: emptyAsUnset(z.string().min(1).max(200)),
  /** Time limit of one reviewer call; past it the answer is marked "unreviewed". Default 20000 ms. */
  REVIEW_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(20_000),
  /** LLM repairs of failing code per question, shown attempt by attempt. Default 3 (0 turns repair off). */
  MAX_REPAIR_ATTEMPTS: z.coerce.number().int().min(0).max(10).default(3),
  /** Time limit of one LLM call, streaming included; the call is aborted at the limit. Default 60000 ms. */
  LLM_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(60_000),
  /** Retries of a call refused with HTTP 429/503, with exponential backoff and jitter. Default 2. */
  LLM_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  /**
   * Requests one client (by address) may make to the ask and repair actions and /api/answer (and /api/review) in any
   * minute when an LLM provider is configured (a sliding window, lib/access/server/rate-limit.ts). Counted in `DATA_DIR/.usage.sqlite` or the
   * Postgres of DATABASE_URL, shared by every instance. Default 30; 0 turns the limit off.
   */
  LLM_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(100_000).default(30),
  /**
   * LLM tokens (input + output, as the provider reports them) one user may use per UTC day across ask, repair and
   * /api/answer; a call after the budget is spent is refused (429 from the route) saying so and when it resets
   * (midnight UTC). A user is an account in the sign-in modes, a browser (its owner cookie) in AUTH_MODE=none. Counted in
   * `DATA_DIR/.usage.sqlite` or the Postgres of DATABASE_URL, shared by every instance. Default 1000000;
   * 0 turns it off.
   */
  LLM_DAILY_TOKENS_PER_USER: z.coerce.number().int().min(0).default(1_000_000),
  /** LLM tokens all users together may use per UTC day (the server's spend ceiling), counted as above. Default 20000000; 0: off. */
  LLM_DAILY_TOKENS_TOTAL: z.coerce.number().int().min(0).default(20_000_000),
  /**
   * Reverse proxies in front of the app that append the client's address to X-Forwarded-For (a load balancer, nginx).
   * The rate limiter keys on the address that many hops from the right of [X-Forwarded-For…, socket address]; with 0
   * (the default) it keys on the TCP peer alone and ignores X-Forwarded-For, which any client can write.
   */
  TRUSTED_PROXY_COUNT: z.coerce.number().int().min(0).max(10).default(0),
  /**
   * Days a shared analysis link works when the analyst does not choose (they can pick 1 day … never when saving and
   * change it later). Default 30; 0 means links never expire unless the analyst sets an expiry.
   */
  ANALYSIS_DEFAULT_EXPIRY_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
  /**
   * Largest body `POST /api/analyses` accepts (the saved analysis with its figures as base64), in MB; larger saves
   * are refused with 413 before they are parsed. The same cap applies to an autosaved conversation
   * (`PUT /api/conversations/<id>`). Default 25.
   */
  ANALYSIS_MAX_SAVE_MB: z.coerce.number().positive().max(200).default(25),
  /**
   * Origins allowed to frame the embed widget `/embed/<id>`, comma-separated (`https://blog.example.com,https://wiki.example.com`),
   * sent as its `Content-Security-Policy: frame-ancestors` and used as the target origin of its height messages.
   * Default: none (no site may frame the embed; every other page refuses framing whatever this says).
   */
  /**
   * Seconds a rendered share or embed page is served again to other viewers from this server's memory (the first
   * viewer's render, with a hash-based CSP instead of the per-request nonce); the owner always gets a fresh render.
   * Revoking, deleting or changing the analysis takes effect at once on this instance and within a second on others,
   * since every request still checks the record's status. Default 60; 0 turns the cache off.
   */
  SHARE_PAGE_CACHE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
  EMBED_ALLOWED_ORIGINS: z
    .string()
    .optional()
    .transform((value, context) => {
      const parsed = parseAllowedOrigins(value);
      if (parsed.ok) return parsed.origins;
      context.addIssue({ code: 'custom', message: `not an http(s) origin (scheme://host[:port], no path): ${parsed.invalid.join(', ')}` });
      return z.NEVER;
    }),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

/** The parsed configuration; throws a message naming every invalid knob. */
export function getEnv(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  if (parsed.data.STORAGE === 's3' && !parsed.data.S3_BUCKET) {
    throw new Error('Invalid configuration: S3_BUCKET is required when STORAGE=s3');
  }
  if (parsed.data.OPENAI_COMPATIBLE_BASE_URL && !parsed.data.OPENAI_COMPATIBLE_MODEL) {
    throw new Error('Invalid configuration: OPENAI_COMPATIBLE_MODEL is required when OPENAI_COMPATIBLE_BASE_URL is set');
  }
  if (parsed.data.AUTH_MODE !== 'none' && !parsed.data.BETTER_AUTH_URL) {
    throw new Error(
      `Invalid configuration: BETTER_AUTH_URL (the app's public origin, e.g. https://data.example.com) is required when AUTH_MODE=${parsed.data.AUTH_MODE}`,
    );
  }
  if (parsed.data.AUTH_MODE === 'oidc') {
    const missing = (['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] as const).filter((name) => !parsed.data[name]);
    if (missing.length > 0) throw new Error(`Invalid configuration: ${missing.join(', ')} required when AUTH_MODE=oidc`);
  }
  cached = parsed.data;
  return cached;
}

/** Tests change process.env between cases; this forgets the cached parse. */
export function resetEnvCache(): void {
  cached = undefined;
}
