import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { loggerTo, safeUrl, withLogContext } from "../logger";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const log = loggerTo(stream);
  log.level = "info";
  return { log, lines };
}

describe("the logger", () => {
  it("writes JSON lines carrying the ids of the async context", async () => {
    const { log, lines } = capture();
    await withLogContext({ requestId: "req-1", companyId: "co-1" }, async () => {
      await withLogContext({ jobId: "job-1", googleAccountId: "ga-1" }, async () => {
        await Promise.resolve();
        log.info({ kind: "pull_calendar" }, "sync job");
      });
    });
    expect(lines[0]).toMatchObject({ level: "info", msg: "sync job", kind: "pull_calendar", requestId: "req-1", companyId: "co-1", jobId: "job-1", googleAccountId: "ga-1", service: "fieldsync" });
  });

  it("never writes tokens, secrets, cookies or an error's request headers", () => {
    const { log, lines } = capture();
    const googleError = Object.assign(new Error("Request failed"), {
      code: "401",
      response: { status: 401 },
      config: { headers: { Authorization: "Bearer ya29.secret-access" }, data: "refresh_token=1//secret-refresh" },
    });
    log.warn(
      {
        tokens: { access_token: "ya29.secret-access", refresh_token: "1//secret-refresh" },
        clientSecret: "GOCSPX-secret",
        headers: { authorization: "Bearer cron-secret", cookie: "authjs.session-token=secret-cookie" },
        err: googleError,
      },
      "trouble",
    );
    const written = JSON.stringify(lines[0]);
    for (const secret of ["ya29.secret-access", "1//secret-refresh", "GOCSPX-secret", "cron-secret", "secret-cookie"]) expect(written).not.toContain(secret);
    expect(lines[0]).toMatchObject({ err: { type: "Error", message: "Request failed", code: "401", status: 401 } });
  });

  it.each([
    ["http://localhost:3000/connect/google?invite=eyJhbGciOi.signature", "http://localhost:3000/connect/google?[redacted]"],
    ["https://app.example.com/getAuthKey?code=4/0Ab&state=signed", "https://app.example.com/getAuthKey?[redacted]"],
    ["/api/auth/callback/resend?token=abc&email=a%40b.test", "/api/auth/callback/resend?[redacted]"],
    ["https://app.example.com/api/health", "https://app.example.com/api/health"],
  ])("logs %s as %s", (url, logged) => {
    expect(safeUrl(url)).toBe(logged);
  });
});
