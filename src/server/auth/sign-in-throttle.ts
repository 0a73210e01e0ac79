import { createHash } from "node:crypto";
import { isIP } from "node:net";
import type { DbOrTx } from "../db/client";
import { clearAttempts, countAttempt, uncountAttempt, type WindowCount } from "../db/queries/auth-rate-limits";

export type SignInKind = "password" | "magic_link";

interface Limit {
  attempts: number;
  windowMs: number;
}

const FIFTEEN_MINUTES_MS = 15 * 60_000;

/**
 * Password: failures count (a success gives its attempt back), per account and per client IP — the IP limit is
 * higher because a whole office may sign in from one address. Magic links: every request counts (each one sends
 * an email).
 */
export const SIGN_IN_LIMITS: Record<SignInKind, { account: Limit; ip: Limit }> = {
  password: { account: { attempts: 10, windowMs: FIFTEEN_MINUTES_MS }, ip: { attempts: 30, windowMs: FIFTEEN_MINUTES_MS } },
  magic_link: { account: { attempts: 5, windowMs: FIFTEEN_MINUTES_MS }, ip: { attempts: 20, windowMs: FIFTEEN_MINUTES_MS } },
};

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterMinutes: number };

/** Whole minutes until the window that refused this attempt ends, at least 1. */
export function retryAfterMinutes(count: WindowCount, windowMs: number, now: Date): number {
  const remainingMs = count.windowStartedAt.getTime() + windowMs - now.getTime();
  return Math.max(1, Math.ceil(remainingMs / 60_000));
}

/**
 * The client's IP as the platform reports it: Vercel (and most proxies) put the client first in
 * X-Forwarded-For. Without a proxy the header can be forged, which only weakens the per-IP limit: the
 * per-account limit holds regardless. No usable address → no per-IP limit (never one bucket for everybody).
 */
export function clientIp(headers: Headers): string | null {
  const candidates = [headers.get("x-forwarded-for")?.split(",")[0], headers.get("x-real-ip")];
  for (const candidate of candidates) {
    const ip = candidate?.trim();
    if (ip && isIP(ip)) return ip;
  }
  return null;
}

// Hashed so the table holds no typed-in addresses (an attacker's list of guesses included).
const keyFor = (kind: SignInKind, scope: "account" | "ip", value: string) =>
  `${kind}:${scope}:${createHash("sha256").update(value.trim().toLowerCase()).digest("hex")}`;

/** Counts this attempt against the account and the IP; refused when either is over its limit. */
export async function consumeSignInAttempt(
  db: DbOrTx,
  kind: SignInKind,
  email: string,
  ip: string | null,
  now: Date,
): Promise<ThrottleDecision> {
  const limits = SIGN_IN_LIMITS[kind];
  const checks: [string, Limit][] = [[keyFor(kind, "account", email), limits.account]];
  if (ip) checks.push([keyFor(kind, "ip", ip), limits.ip]);
  let waitMinutes = 0;
  for (const [key, limit] of checks) {
    const count = await countAttempt(db, key, limit.windowMs, now);
    if (count.attempts > limit.attempts) waitMinutes = Math.max(waitMinutes, retryAfterMinutes(count, limit.windowMs, now));
  }
  return waitMinutes > 0 ? { allowed: false, retryAfterMinutes: waitMinutes } : { allowed: true };
}

/** After a correct password: the account's failures are forgiven, and this attempt no longer counts against the IP. */
export async function forgivePasswordAttempts(db: DbOrTx, email: string, ip: string | null): Promise<void> {
  await clearAttempts(db, keyFor("password", "account", email));
  if (ip) await uncountAttempt(db, keyFor("password", "ip", ip));
}
