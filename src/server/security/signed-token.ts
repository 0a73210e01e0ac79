import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";

/**
 * Compact HMAC-SHA256 signed tokens for OAuth `state`, invitation and set-password links:
 * "<base64url(json payload)>.<base64url(signature)>". The payload carries a purpose (so a state can
 * never be replayed as an invitation), an expiry and a random nonce; single use is enforced by the
 * caller recording the nonce when it consumes the token.
 */
export const tokenPurpose = z.enum(["oauth_state", "invitation", "login_invitation"]);
export type TokenPurpose = z.infer<typeof tokenPurpose>;

const payloadSchema = z.object({
  purpose: tokenPurpose,
  companyId: z.string().uuid(),
  fieldworkerId: z.string().uuid(),
  nonce: z.string().min(16).max(64),
  expiresAt: z.number().int(),
  /** Free, purpose-specific data (e.g. where to go after connecting). */
  data: z.record(z.string(), z.string().max(500)).optional(),
});
export type SignedTokenPayload = z.infer<typeof payloadSchema>;

export type VerifyResult =
  | { ok: true; payload: SignedTokenPayload }
  | { ok: false; reason: "malformed" | "bad_signature" | "wrong_purpose" | "expired" };

const sign = (body: string, secret: string) => createHmac("sha256", secret).update(body).digest();

function signPayload(payload: SignedTokenPayload, secret: string): string {
  const body = Buffer.from(JSON.stringify(payload), "utf8").toString("base64url");
  return `${body}.${sign(body, secret).toString("base64url")}`;
}

export function issueSignedToken(
  input: { purpose: TokenPurpose; companyId: string; fieldworkerId: string; ttlMs: number; data?: Record<string, string> },
  secret: string,
  now: Date,
): { token: string; payload: SignedTokenPayload } {
  const payload: SignedTokenPayload = {
    purpose: input.purpose,
    companyId: input.companyId,
    fieldworkerId: input.fieldworkerId,
    nonce: randomBytes(18).toString("base64url"),
    expiresAt: now.getTime() + input.ttlMs,
    ...(input.data ? { data: input.data } : {}),
  };
  return { token: signPayload(payload, secret), payload };
}

/**
 * The same token again from its recorded nonce and expiry (an invitation queued in the outbox is emailed by a
 * later worker): the link is never stored, only what the database already holds to verify it.
 */
export function reissueSignedToken(
  payload: { purpose: TokenPurpose; companyId: string; fieldworkerId: string; nonce: string; expiresAt: number },
  secret: string,
): string {
  return signPayload({ purpose: payload.purpose, companyId: payload.companyId, fieldworkerId: payload.fieldworkerId, nonce: payload.nonce, expiresAt: payload.expiresAt }, secret);
}

export function verifySignedToken(token: string, expected: TokenPurpose, secret: string, now: Date): VerifyResult {
  if (token.length > 2_000) return { ok: false, reason: "malformed" };
  const [body, signature, extra] = token.split(".");
  if (!body || !signature || extra !== undefined) return { ok: false, reason: "malformed" };
  const given = Buffer.from(signature, "base64url");
  const wanted = sign(body, secret);
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) return { ok: false, reason: "bad_signature" };
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    return { ok: false, reason: "malformed" };
  }
  const parsed = payloadSchema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: "malformed" };
  if (parsed.data.purpose !== expected) return { ok: false, reason: "wrong_purpose" };
  if (parsed.data.expiresAt <= now.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, payload: parsed.data };
}
