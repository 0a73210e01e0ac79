import { createEnv } from "@t3-oss/env-nextjs";
import { z } from "zod";

const optionalUrl = z.string().url().optional();

/** The only place that reads process.env. Unset Google/Resend URLs mean the real Google and Resend hosts. */
export const env = createEnv({
  server: {
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    DATABASE_URL: z.string().url().optional(),
    PGLITE_DIR: z.string().default(".data/pglite"),
    AUTH_SECRET: z.string().min(16).optional(),
    APP_URL: z.string().url().default("http://localhost:3000"),
    ENCRYPTION_KEY: z.string().optional(),
    CRON_SECRET: z.string().optional(),
    GOOGLE_CLIENT_ID: z.string().optional(),
    GOOGLE_CLIENT_SECRET: z.string().optional(),
    GOOGLE_API_ROOT_URL: optionalUrl,
    GOOGLE_OAUTH_AUTHORIZE_URL: optionalUrl,
    GOOGLE_OAUTH_TOKEN_URL: optionalUrl,
    GOOGLE_OAUTH_REVOKE_URL: optionalUrl,
    GOOGLE_USERINFO_URL: optionalUrl,
    RESEND_API_KEY: z.string().optional(),
    RESEND_BASE_URL: optionalUrl,
    EMAIL_FROM: z.string().default("FieldSync <noreply@fieldsync.app>"),
  },
  client: {},
  experimental__runtimeEnv: {},
  emptyStringAsUndefined: true,
  skipValidation: process.env.SKIP_ENV_VALIDATION === "1",
});
