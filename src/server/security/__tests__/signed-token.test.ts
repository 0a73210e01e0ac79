import { describe, expect, it } from "vitest";
import { issueSignedToken, reissueSignedToken, verifySignedToken } from "../signed-token";

const secret = "test-secret-0123456789";
const now = new Date("2026-11-27T10:00:00Z");
const ids = { companyId: "7d0c7c43-3c5d-4c4e-9a55-5a1f0d1f0c01", fieldworkerId: "2f1b5c7e-8a9d-4e1f-b2c3-d4e5f6a7b8c9" };

describe("signed tokens", () => {
  it("verifies a fresh token and returns its payload", () => {
    const { token } = issueSignedToken({ purpose: "invitation", ...ids, ttlMs: 60_000, data: { next: "/calendar" } }, secret, now);
    const result = verifySignedToken(token, "invitation", secret, now);
    expect(result).toMatchObject({ ok: true, payload: { ...ids, purpose: "invitation", data: { next: "/calendar" } } });
  });

  it("refuses expired, forged, re-purposed and malformed tokens", () => {
    const { token } = issueSignedToken({ purpose: "oauth_state", ...ids, ttlMs: 60_000 }, secret, now);
    expect(verifySignedToken(token, "oauth_state", secret, new Date(now.getTime() + 60_000))).toEqual({ ok: false, reason: "expired" });
    expect(verifySignedToken(token, "invitation", secret, now)).toEqual({ ok: false, reason: "wrong_purpose" });
    expect(verifySignedToken(token, "oauth_state", "another-secret-000000", now)).toEqual({ ok: false, reason: "bad_signature" });
    const [body, signature] = token.split(".");
    const forgedBody = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body!, "base64url").toString()), fieldworkerId: ids.companyId })).toString("base64url");
    expect(verifySignedToken(`${forgedBody}.${signature}`, "oauth_state", secret, now)).toEqual({ ok: false, reason: "bad_signature" });
    expect(verifySignedToken("nonsense", "oauth_state", secret, now)).toEqual({ ok: false, reason: "malformed" });
    expect(verifySignedToken(`${token}.extra`, "oauth_state", secret, now)).toEqual({ ok: false, reason: "malformed" });
    expect(verifySignedToken("x".repeat(5_000), "oauth_state", secret, now)).toEqual({ ok: false, reason: "malformed" });
  });

  it("gives every token its own nonce", () => {
    const a = issueSignedToken({ purpose: "invitation", ...ids, ttlMs: 1 }, secret, now);
    const b = issueSignedToken({ purpose: "invitation", ...ids, ttlMs: 1 }, secret, now);
    expect(a.payload.nonce).not.toBe(b.payload.nonce);
  });

  it("re-mints the very same token from its recorded nonce and expiry (an invitation emailed later by the outbox)", () => {
    const { token, payload } = issueSignedToken({ purpose: "invitation", ...ids, ttlMs: 60_000 }, secret, now);
    const again = reissueSignedToken({ purpose: "invitation", ...ids, nonce: payload.nonce, expiresAt: payload.expiresAt }, secret);
    expect(again).toBe(token);
    expect(verifySignedToken(again, "invitation", secret, now)).toMatchObject({ ok: true, payload: { nonce: payload.nonce } });
    expect(reissueSignedToken({ purpose: "invitation", ...ids, nonce: payload.nonce, expiresAt: payload.expiresAt + 1 }, secret)).not.toBe(token);
  });
});
