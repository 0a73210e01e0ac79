import { describe, expect, it } from "vitest";
import { connectionStatus, invitedRecently, outsideWorkspace } from "../invitations/connection-status";

const now = new Date("2026-11-27T12:00:00Z");
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
const invitation = (overrides: Partial<{ sentAt: Date; expiresAt: Date; error: string | null; usedAt: Date | null }> = {}) => ({
  sentAt: hoursAgo(2),
  expiresAt: new Date(now.getTime() + 86_400_000),
  error: null,
  usedAt: null,
  ...overrides,
});
const connection = (status: "active" | "needs_reconnection" = "active") => ({
  connectedAt: hoursAgo(1),
  lastSuccessfulSyncAt: null,
  lastError: null,
  account: { email: "maria@gmail.com", status, statusReason: status === "active" ? null : "Access was revoked" },
});

describe("connectionStatus", () => {
  it.each([
    ["nothing yet", {}, "not_invited"],
    ["a pending invitation", { latestInvitation: invitation() }, "invited"],
    ["an expired invitation", { latestInvitation: invitation({ expiresAt: hoursAgo(1) }) }, "not_invited"],
    ["a used invitation without connection (disconnected since)", { latestInvitation: invitation({ usedAt: hoursAgo(1) }) }, "not_invited"],
    ["a failed send", { latestInvitation: invitation({ error: "Resend said 422" }) }, "invite_failed"],
    ["a connection", { connection: connection(), latestInvitation: invitation() }, "connected"],
    ["a revoked connection", { connection: connection("needs_reconnection") }, "needs_reconnection"],
  ])("%s → %s", (_name, input, kind) => {
    expect(connectionStatus(input, now).kind).toBe(kind);
  });

  it("carries the Google email of a connection", () => {
    expect(connectionStatus({ connection: connection() }, now)).toMatchObject({ kind: "connected", email: "maria@gmail.com" });
  });
});

describe("invitedRecently", () => {
  it("is true only for a successful send within 24 hours", () => {
    expect(invitedRecently(invitation({ sentAt: hoursAgo(23) }), now)).toBe(true);
    expect(invitedRecently(invitation({ sentAt: hoursAgo(25) }), now)).toBe(false);
    expect(invitedRecently(invitation({ error: "failed" }), now)).toBe(false);
    expect(invitedRecently(undefined, now)).toBe(false);
  });
});

describe("outsideWorkspace", () => {
  it("compares the email's domain with the Workspace domain, case-insensitively", () => {
    expect(outsideWorkspace("maria@AcmePlumbing.com", "acmeplumbing.com")).toBe(false);
    expect(outsideWorkspace("maria@gmail.com", "acmeplumbing.com")).toBe(true);
    expect(outsideWorkspace("maria@gmail.com", null)).toBe(false);
  });
});
