import { describe, expect, it } from "vitest";
import { webhookAddressFor, webhookBaseProblem } from "../webhook-address";

/** Google: the webhook "must use HTTPS" (https://developers.google.com/workspace/calendar/api/guides/push). */
describe("the webhook address handed to Google", () => {
  const production = { production: true, localRun: false };
  const development = { production: false, localRun: false };
  const localProductionRun = { production: true, localRun: true };

  it("is APP_URL's /api/google/webhook", () => {
    expect(webhookAddressFor("https://fieldsync.example.com", production)).toBe("https://fieldsync.example.com/api/google/webhook");
    expect(webhookAddressFor("https://example.com/app/", production)).toBe("https://example.com/api/google/webhook");
  });

  it.each<[string, { production: boolean; localRun: boolean }, string | null]>([
    ["https://fieldsync.example.com", production, null],
    ["http://fieldsync.example.com", production, "APP_URL must use https (Google only sends push notifications to https)"],
    ["http://localhost:3000", production, "APP_URL must use https (Google only sends push notifications to https)"],
    ["http://localhost:3000", localProductionRun, null],
    ["http://127.0.0.1:3000", localProductionRun, null],
    ["http://fieldsync.example.com", localProductionRun, "APP_URL must use https (Google only sends push notifications to https)"],
    ["http://localhost:3000", development, null],
    ["ftp://fieldsync.example.com", development, "APP_URL must use https (got ftp:)"],
    ["fieldsync.example.com", production, "APP_URL must be a URL such as https://fieldsync.example.com (got fieldsync.example.com)"],
  ])("%s in %o", (appUrl, mode, problem) => {
    expect(webhookBaseProblem(appUrl, mode)).toBe(problem);
  });

  it("refuses to produce an http address in production", () => {
    expect(() => webhookAddressFor("http://fieldsync.example.com", production)).toThrow("APP_URL must use https");
  });
});
