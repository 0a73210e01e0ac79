import { AsyncLocalStorage } from "node:async_hooks";
import pino, { type Logger } from "pino";
import { env } from "~/env";

/**
 * Structured JSON logs (one line per event, to stdout: Vercel's log drains and `vercel logs` read it).
 * Every line carries the ids of what it is about — request, company, job, Google account — from the
 * async context (`withLogContext`), so a request's or a job's lines can be found together. Tokens,
 * secrets, cookies and authorization headers never reach a line: the paths below are censored, errors
 * are reduced to their type, message, code and status (a Google client error carries its request's
 * headers), and URLs go through `safeUrl`, which drops query strings and signed path segments.
 */
export interface LogContext {
  requestId?: string;
  companyId?: string;
  userId?: string;
  jobId?: string;
  googleAccountId?: string;
  fieldworkerId?: string;
}

const context = new AsyncLocalStorage<LogContext>();

const SECRET_KEYS = [
  "token",
  "accessToken",
  "refreshToken",
  "access_token",
  "refresh_token",
  "id_token",
  "idToken",
  "clientSecret",
  "client_secret",
  "password",
  "passwordHash",
  "secret",
  "authorization",
  "cookie",
  "apiKey",
];
export const REDACT_PATHS = [...SECRET_KEYS, ...SECRET_KEYS.map((key) => `*.${key}`), "headers.authorization", "headers.cookie", "*.headers.authorization", "*.headers.cookie"];

/** Type, message, code and HTTP status of an error; nothing else (no request config, headers or bodies). */
export function serializeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const extra = error as Error & { code?: unknown; status?: unknown; response?: { status?: unknown } };
  return {
    type: error.name,
    message: error.message,
    ...(typeof extra.code === "string" || typeof extra.code === "number" ? { code: extra.code } : {}),
    ...(typeof extra.status === "number" ? { status: extra.status } : typeof extra.response?.status === "number" ? { status: extra.response.status } : {}),
    ...(env.NODE_ENV === "production" ? {} : { stack: error.stack }),
  };
}

/** A URL fit for a log line: origin and path only, with token-bearing path segments (invitation links) cut. */
export function safeUrl(url: string): string {
  const parsed = URL.canParse(url) ? new URL(url) : new URL(url, "http://localhost");
  const path = parsed.pathname.replace(/^(\/(?:invite|connect\/[^/]+|api\/auth\/callback\/[^/]+))\/.*$/, "$1/[redacted]");
  return `${URL.canParse(url) ? parsed.origin : ""}${path}${parsed.search ? "?[redacted]" : ""}`;
}

function createLogger(destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level: env.LOG_LEVEL ?? (env.NODE_ENV === "test" ? "silent" : "info"),
      base: { service: "fieldsync" },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      serializers: { err: serializeError, error: serializeError },
      mixin: () => ({ ...context.getStore() }),
    },
    destination,
  );
}

const globalForLogger = globalThis as unknown as { fieldsyncLogger?: Logger };

/** The process-wide logger. */
export function logger(): Logger {
  globalForLogger.fieldsyncLogger ??= createLogger();
  return globalForLogger.fieldsyncLogger;
}

/** A logger writing to `destination` (tests read what it writes). */
export const loggerTo = (destination: pino.DestinationStream): Logger => createLogger(destination);

/** Runs `fn` with these ids added to every log line written inside it (nested contexts merge). */
export function withLogContext<T>(ids: LogContext, fn: () => T): T {
  return context.run({ ...context.getStore(), ...ids }, fn);
}

/** Adds ids to the current context (e.g. the company once the session is known). */
export function addLogContext(ids: LogContext): void {
  const store = context.getStore();
  if (store) Object.assign(store, ids);
}
