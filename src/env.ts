import { createEnv } from "@t3-oss/env-nextjs";
import { z } from "zod";
import { webhookBaseProblem } from "./lib/webhook-address";

const optionalUrl = z.string().url().optional();
const flag = z
  .enum(["1", "0", "true", "false"])
  .optional()
  .transform((value) => value === "1" || value === "true");

/**
 * The only place that reads process.env. Unset Google/Resend URLs mean the real Google and Resend hosts.
 * Every variable is optional here so `next build`, scripts and tests run without secrets; a production
 * server checks what it needs when it starts (`productionEnvProblems`, called from src/instrumentation.ts).
 */
export const env = createEnv({
  server: {
    DATABASE_URL: z.string().url().optional(),
    /** `transaction` when DATABASE_URL goes through a transaction pooler (PgBouncer, Supavisor, Neon's -pooler host). */
    DATABASE_POOLER: z.enum(["transaction", "session", "none"]).optional(),
    /** Connections per server instance; default 10, or 1 behind a transaction pooler. */
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).optional(),
    /**
     * A direct (unpooled) URL of the same database, used only to LISTEN for live calendar changes when
     * DATABASE_URL goes through a transaction pooler (which cannot LISTEN). Unset there = poll instead.
     */
    DATABASE_LISTEN_URL: z.string().url().optional(),
    PGLITE_DIR: z.string().default(".data/pglite"),
    /** A production-mode run on a developer's machine (the e2e suite): allows PGlite and an http APP_URL. */
    FIELDSYNC_LOCAL_PRODUCTION: flag,
    AUTH_SECRET: z.string().min(16).optional(),
    APP_URL: z.string().url().default("http://localhost:3000"),
    ENCRYPTION_KEY: z.string().optional(),
    /** Former ENCRYPTION_KEYs, comma-separated, still accepted for decryption while `npm run secrets:rotate` runs. */
    ENCRYPTION_KEYS: z.string().optional(),
    CRON_SECRET: z.string().optional(),
    GOOGLE_CLIENT_ID: z.string().optional(),
    GOOGLE_CLIENT_SECRET: z.string().optional(),
    /** Set when every company brings its own Google API credentials: the shared app's id and secret are then not needed. */
    GOOGLE_OWN_CREDENTIALS_ONLY: flag,
    GOOGLE_API_ROOT_URL: optionalUrl,
    GOOGLE_OAUTH_AUTHORIZE_URL: optionalUrl,
    GOOGLE_OAUTH_TOKEN_URL: optionalUrl,
    GOOGLE_OAUTH_REVOKE_URL: optionalUrl,
    GOOGLE_USERINFO_URL: optionalUrl,
    RESEND_API_KEY: z.string().optional(),
    RESEND_BASE_URL: optionalUrl,
    EMAIL_FROM: z.string().default("FieldSync <noreply@fieldsync.app>"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
    /** Set by Next: `phase-production-build` while building. */
    NEXT_PHASE: z.string().optional(),
  },
  shared: {
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  },
  client: {},
  experimental__runtimeEnv: { NODE_ENV: process.env.NODE_ENV },
  emptyStringAsUndefined: true,
  skipValidation: process.env.SKIP_ENV_VALIDATION === "1",
});

/** The raw variables a production server is checked against (defaults deliberately not applied). */
export type EnvSource = Record<string, string | undefined>;

const present = (source: EnvSource, name: string) => Boolean(source[name]?.trim());

/**
 * What a production server lacks, one line per variable; empty when it may start. Pure: the caller passes
 * the environment (`process.env` at server start, a literal in tests).
 */
export function productionEnvProblems(source: EnvSource): string[] {
  const problems: string[] = [];
  const local = flag.safeParse(source.FIELDSYNC_LOCAL_PRODUCTION).data === true;
  const missing = (name: string, why: string) => {
    if (!present(source, name)) problems.push(`${name} is not set: ${why}`);
  };

  if (!present(source, "DATABASE_URL")) {
    if (!local) problems.push("DATABASE_URL is not set: the managed Postgres server's postgres:// URL (embedded PGlite is for development only)");
  } else if (!/^postgres(ql)?:\/\//.test(source.DATABASE_URL!)) {
    problems.push("DATABASE_URL must be a postgres:// or postgresql:// URL");
  }
  if (present(source, "DATABASE_LISTEN_URL") && !/^postgres(ql)?:\/\//.test(source.DATABASE_LISTEN_URL!)) {
    problems.push("DATABASE_LISTEN_URL must be a postgres:// or postgresql:// URL (the database's direct, unpooled address)");
  }

  missing("AUTH_SECRET", "at least 16 random characters (`openssl rand -base64 32`)");
  if (present(source, "AUTH_SECRET") && source.AUTH_SECRET!.length < 16) problems.push("AUTH_SECRET must be at least 16 characters");

  for (const name of ["ENCRYPTION_KEY", ...(present(source, "ENCRYPTION_KEYS") ? ["ENCRYPTION_KEYS"] : [])]) {
    if (!present(source, name)) {
      problems.push(`${name} is not set: a base64 32-byte key (\`openssl rand -base64 32\`)`);
      continue;
    }
    for (const key of source[name]!.split(",").map((k) => k.trim())) {
      if (!isBase64Key(key)) problems.push(`${name} must hold base64-encoded 32-byte keys (\`openssl rand -base64 32\`)`);
    }
  }

  missing("CRON_SECRET", "the bearer secret Vercel sends to /api/cron/sync");

  if (!present(source, "APP_URL")) {
    problems.push("APP_URL is not set: the public https:// address (OAuth redirects, invitation links, webhooks)");
  } else {
    // The webhook address derives from APP_URL: http only for a local production-mode run on a loopback host.
    const problem = webhookBaseProblem(source.APP_URL!, { production: true, localRun: local });
    if (problem) problems.push(problem.startsWith("APP_URL must be a URL") ? "APP_URL must be a URL such as https://fieldsync.example.com" : problem);
  }

  missing("RESEND_API_KEY", "the Resend API key that sends invitations and sign-in links");
  missing("EMAIL_FROM", 'the sender on a domain verified in Resend, e.g. "FieldSync <noreply@example.com>"');

  if (flag.safeParse(source.GOOGLE_OWN_CREDENTIALS_ONLY).data !== true) {
    const why = "the shared Google app (or set GOOGLE_OWN_CREDENTIALS_ONLY=1 when every company uses its own credentials)";
    missing("GOOGLE_CLIENT_ID", why);
    missing("GOOGLE_CLIENT_SECRET", why);
  }
  return problems;
}

function isBase64Key(value: string): boolean {
  return /^[A-Za-z0-9+/]+={0,2}$/.test(value) && Buffer.from(value, "base64").length === 32;
}

/** The one message a production server prints before refusing to start. */
export function productionEnvMessage(problems: string[]): string {
  return [
    `FieldSync cannot start in production: ${problems.length} setting${problems.length === 1 ? "" : "s"} missing or invalid.`,
    ...problems.map((problem) => `  - ${problem}`),
    "See README › Deploy and .env.example.",
  ].join("\n");
}

/** The raw environment, for the production check at server start. */
export const rawEnv = (): EnvSource => process.env;
