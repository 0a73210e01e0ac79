import { describe, expect, it } from "vitest";
// Next's own decision whether its request log (next dev) prints an incoming request.
import { ignoreLoggingIncomingRequests } from "next/dist/server/dev/log-requests";
import type { NextConfig } from "next";

const nextConfig = ((await import(new URL("../../next.config.mjs", import.meta.url).href)) as { default: NextConfig }).default;

const logged = (url: string) => !ignoreLoggingIncomingRequests({ url } as Parameters<typeof ignoreLoggingIncomingRequests>[0], nextConfig.logging || undefined);

describe("Next's request log", () => {
  it.each([
    "/connect/google?invite=eyJpbnZpdGF0aW9uIjoi.c2ln",
    "/getAuthKey?code=4%2F0AbCd&state=c2lnbmVk.c3RhdGU&scope=openid",
    "/getAuthKey?error=access_denied&state=c2lnbmVk.c3RhdGU",
    "/api/auth/callback/resend?callbackUrl=%2Fcalendar&token=abc123&email=maria%40acme.test",
    "/api/auth/callback/credentials",
  ])("skips %s", (url) => {
    expect(logged(url)).toBe(false);
  });

  it.each(["/calendar", "/api/trpc/calendar.range?batch=1&input=%7B%7D", "/login?callbackUrl=%2Fcalendar", "/api/health"])("still prints %s", (url) => {
    expect(logged(url)).toBe(true);
  });
});
