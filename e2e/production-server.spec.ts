import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { freePort } from "../scripts/lib/free-port";
import { localEnv } from "../scripts/lib/local-env";

/**
 * The production build as a deployment runs it (`next start`, NODE_ENV=production), started by the test
 * itself with an environment of its choosing: with settings missing it must refuse to start, naming each;
 * with settings complete, what it prints must never contain a secret-bearing URL.
 */
const NEXT = path.join("node_modules", "next", "dist", "bin", "next");

interface Server {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  stop: () => Promise<void>;
}

function startProduction(port: number, env: Record<string, string>): Server {
  const base: Record<string, string> = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NEXT_TELEMETRY_DISABLED: "1" };
  if (process.env.NEXT_DIST_DIR) base.NEXT_DIST_DIR = process.env.NEXT_DIST_DIR;
  const child = spawn(process.execPath, [NEXT, "start", "-p", String(port)], { env: { ...base, ...env, NODE_ENV: "production" }, detached: true });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    output: () => output,
    exited,
    async stop() {
      if (child.exitCode === null && child.pid) process.kill(-child.pid, "SIGTERM");
      await exited;
    },
  };
}

test.describe("the production server", () => {
  test("refuses to start without its settings and names every missing one", async () => {
    const server = startProduction(await freePort(), {});
    const code = await Promise.race([server.exited, new Promise<"running">((resolve) => setTimeout(() => resolve("running"), 45_000))]);
    if (code === "running") await server.stop();
    expect(code).toBe(1);
    const output = server.output();
    expect(output).toContain("FieldSync cannot start in production: 9 settings missing or invalid.");
    for (const name of ["DATABASE_URL", "AUTH_SECRET", "ENCRYPTION_KEY", "CRON_SECRET", "APP_URL", "RESEND_API_KEY", "EMAIL_FROM", "GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET"]) {
      expect(output).toContain(`${name} is not set`);
    }
  });

  test("refuses an http APP_URL, a short ENCRYPTION_KEY and embedded PGlite outside a local run", async () => {
    const port = await freePort();
    const env = localEnv({ appUrl: `http://localhost:${port}`, emulatorUrl: "http://127.0.0.1:9" }, { NODE_ENV: "production" });
    delete env.FIELDSYNC_LOCAL_PRODUCTION;
    const server = startProduction(port, { ...env, APP_URL: "http://fieldsync.example.com", ENCRYPTION_KEY: Buffer.alloc(16).toString("base64") });
    expect(await server.exited).toBe(1);
    const output = server.output();
    expect(output).toContain("3 settings missing or invalid");
    expect(output).toContain("DATABASE_URL is not set");
    expect(output).toContain("APP_URL must use https");
    expect(output).toContain("ENCRYPTION_KEY must hold base64-encoded 32-byte keys");
  });

  test("never prints invitation links, Google's code and state, or magic-link tokens", async () => {
    const port = await freePort();
    const appUrl = `http://localhost:${port}`;
    const pgliteDir = mkdtempSync(path.join(tmpdir(), "fieldsync-prod-log-"));
    const env: Record<string, string> = { ...localEnv({ appUrl, emulatorUrl: "http://127.0.0.1:9" }, { NODE_ENV: "production" }), LOG_LEVEL: "info" };
    // The journeys' Postgres database when there is one; else a PGlite folder of our own (one process each).
    if (process.env.DATABASE_URL) env.DATABASE_URL = process.env.DATABASE_URL;
    else env.PGLITE_DIR = path.join(pgliteDir, "db");
    const migrated = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/db-migrate.ts"], { env: { ...process.env, ...env } });
    expect(migrated.status, migrated.stderr?.toString()).toBe(0);

    const server = startProduction(port, env);
    try {
      await expect.poll(async () => (await fetch(`${appUrl}/api/health`).catch(() => null))?.status ?? 0, { timeout: 60_000 }).toBe(200);
      const secrets = {
        invite: "eyJpbnZpdGF0aW9uIjoic2VjcmV0In0.c2lnbmF0dXJlLXNlY3JldC1pbnZpdGU",
        code: "4%2F0AbCdSecretAuthCode",
        state: "c2VjcmV0LXN0YXRl.c2lnbmVkLXN0YXRl",
        token: "magic-secret-token-0123456789",
      };
      for (const url of [
        `/connect/google?invite=${secrets.invite}`,
        `/getAuthKey?code=${secrets.code}&state=${secrets.state}&scope=openid`,
        `/getAuthKey?error=access_denied&state=${secrets.state}`,
        `/api/auth/callback/resend?callbackUrl=${encodeURIComponent(`${appUrl}/calendar`)}&token=${secrets.token}&email=maria%40acme.test`,
        `/api/trpc/calendar.range?input=${secrets.token}`,
        `/api/google/webhook?token=${secrets.token}`,
      ]) {
        const response = await fetch(`${appUrl}${url}`, { redirect: "manual", method: url.startsWith("/api/google") ? "POST" : "GET" });
        expect(response.status).toBeLessThan(600);
      }
      const health = await fetch(`${appUrl}/api/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ database: { reachable: true }, migrations: { current: true } });
      await new Promise((resolve) => setTimeout(resolve, 500));
      const output = server.output();
      // The server did log (JSON lines with request ids), just never those values.
      expect(output).toMatch(/"msg":"request".*"route":"health"|"route":"health".*"msg":"request"/);
      expect(output).toContain('"requestId"');
      for (const value of [...Object.values(secrets), decodeURIComponent(secrets.code), "maria%40acme.test"]) expect(output).not.toContain(value);
    } finally {
      await server.stop();
      rmSync(pgliteDir, { recursive: true, force: true });
    }
  });
});
