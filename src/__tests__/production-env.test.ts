import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { productionEnvMessage, productionEnvProblems } from "../env";

const complete = {
  DATABASE_URL: "postgres://app:pw@ep-x-pooler.neon.tech/app?sslmode=require&pgbouncer=true",
  AUTH_SECRET: randomBytes(32).toString("base64url"),
  ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  CRON_SECRET: randomBytes(24).toString("base64url"),
  APP_URL: "https://fieldsync.example.com",
  RESEND_API_KEY: "re_123",
  EMAIL_FROM: "FieldSync <noreply@example.com>",
  GOOGLE_CLIENT_ID: "123.apps.googleusercontent.com",
  GOOGLE_CLIENT_SECRET: "GOCSPX-abc",
};

describe("productionEnvProblems", () => {
  it("accepts a complete production configuration", () => {
    expect(productionEnvProblems(complete)).toEqual([]);
  });

  it("names every missing variable at once", () => {
    const problems = productionEnvProblems({});
    const named = problems.map((p) => p.split(" ")[0]);
    expect(named).toEqual(["DATABASE_URL", "AUTH_SECRET", "ENCRYPTION_KEY", "CRON_SECRET", "APP_URL", "RESEND_API_KEY", "EMAIL_FROM", "GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET"]);
    const message = productionEnvMessage(problems);
    expect(message.split("\n")[0]).toBe("FieldSync cannot start in production: 9 settings missing or invalid.");
  });

  it.each([
    [{ ENCRYPTION_KEY: randomBytes(16).toString("base64") }, "ENCRYPTION_KEY must hold base64-encoded 32-byte keys"],
    [{ ENCRYPTION_KEY: "not base64 at all!" }, "ENCRYPTION_KEY must hold base64-encoded 32-byte keys"],
    [{ ENCRYPTION_KEYS: `${randomBytes(32).toString("base64")},short` }, "ENCRYPTION_KEYS must hold base64-encoded 32-byte keys"],
    [{ APP_URL: "http://fieldsync.example.com" }, "APP_URL must use https"],
    [{ APP_URL: "fieldsync.example.com" }, "APP_URL must be a URL"],
    [{ DATABASE_URL: "mysql://db/app" }, "DATABASE_URL must be a postgres:// or postgresql:// URL"],
    [{ AUTH_SECRET: "short" }, "AUTH_SECRET must be at least 16 characters"],
  ])("refuses %o", (override, problem) => {
    const problems = productionEnvProblems({ ...complete, ...override });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(problem);
  });

  it("needs no shared Google app when every company brings its own credentials", () => {
    expect(productionEnvProblems({ ...complete, GOOGLE_CLIENT_ID: undefined, GOOGLE_CLIENT_SECRET: undefined, GOOGLE_OWN_CREDENTIALS_ONLY: "1" })).toEqual([]);
  });

  it("allows PGlite and http://localhost only for a local production-mode run", () => {
    const local = { ...complete, DATABASE_URL: undefined, APP_URL: "http://localhost:3104" };
    expect(productionEnvProblems(local).map((p) => p.split(" ")[0])).toEqual(["DATABASE_URL", "APP_URL"]);
    expect(productionEnvProblems({ ...local, FIELDSYNC_LOCAL_PRODUCTION: "1" })).toEqual([]);
  });

  it("refuses an http APP_URL (the webhook base) on a public host even for a local production-mode run", () => {
    const problems = productionEnvProblems({ ...complete, APP_URL: "http://fieldsync.example.com", FIELDSYNC_LOCAL_PRODUCTION: "1" });
    expect(problems).toEqual(["APP_URL must use https (Google only sends push notifications to https)"]);
  });
});
