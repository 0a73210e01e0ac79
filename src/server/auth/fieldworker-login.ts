import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { env } from "~/env";
import type { Db } from "../db/client";
import {
  createFieldworkerLogin,
  deleteFieldworkerLogin,
  findLoginByEmail,
  getFieldworkerLogin,
} from "../db/queries/fieldworker-logins";
import { companies, consumedTokens, fieldworkers, users } from "../db/schema";
import { renderLoginInvitationEmail } from "../email/login-invitation-email";
import { getResend } from "../email/resend-client";
import { getTokenSigningSecret } from "../security/keys";
import { issueSignedToken, verifySignedToken } from "../security/signed-token";
import { hashPassword } from "./password";
import { loginAccessBlocker, loginStateOf } from "./login-state";

/*
 * Fieldworker logins: an admin gives a fieldworker access (a user row linked to the profile, no password
 * yet, and an email with a signed, single-use, expiring "set your password" link; the address also works
 * with "Email me a link" from then on), and revokes it (the user row goes, which ends their sessions).
 */

export const LOGIN_INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export const newPasswordSchema = z
  .string()
  .min(8, "Use at least 8 characters.")
  .max(200, "Use at most 200 characters.");

export class LoginAccessError extends Error {
  constructor(
    message: string,
    readonly code: "NOT_FOUND" | "PRECONDITION_FAILED" | "CONFLICT" | "BAD_GATEWAY",
  ) {
    super(message);
  }
}

async function loadFieldworker(db: Db, companyId: string, fieldworkerId: string) {
  const [row] = await db
    .select({ fieldworker: fieldworkers, companyName: companies.name, timeZone: companies.timeZone })
    .from(fieldworkers)
    .innerJoin(companies, eq(companies.id, fieldworkers.companyId))
    .where(and(eq(fieldworkers.companyId, companyId), eq(fieldworkers.id, fieldworkerId)))
    .limit(1);
  if (!row) throw new LoginAccessError("Fieldworker not found.", "NOT_FOUND");
  return row;
}

export function setPasswordUrl(token: string): string {
  const url = new URL("/welcome", env.APP_URL);
  url.searchParams.set("token", token);
  return url.toString();
}

/**
 * Gives a fieldworker a FieldSync login (or re-sends the invitation of one not used yet) and emails the
 * set-password link through Resend. The login exists even when the email fails, so "send again" works.
 */
export async function giveLoginAccess(
  db: Db,
  input: { companyId: string; fieldworkerId: string; senderId: string; now: Date },
): Promise<{ sentTo: string; expiresAt: Date }> {
  const { fieldworker, companyName, timeZone } = await loadFieldworker(db, input.companyId, input.fieldworkerId);
  const blocker = loginAccessBlocker(fieldworker);
  if (blocker) throw new LoginAccessError(blocker, "PRECONDITION_FAILED");
  const email = fieldworker.email.trim();

  const user = await db.transaction(async (tx) => {
    if (fieldworker.userId) {
      const existing = await getFieldworkerLogin(tx, input.companyId, fieldworker.userId);
      if (existing && loginStateOf(existing) === "active") {
        throw new LoginAccessError(`${fieldworker.displayName} already has a working FieldSync login.`, "PRECONDITION_FAILED");
      }
      if (existing) return existing;
    }
    const taken = await findLoginByEmail(tx, email);
    if (taken) {
      throw new LoginAccessError(
        `${email} already signs in to FieldSync for someone else. Give ${fieldworker.displayName} their own email address with Edit profile.`,
        "CONFLICT",
      );
    }
    return createFieldworkerLogin(tx, { companyId: input.companyId, fieldworkerId: fieldworker.id, email, name: fieldworker.displayName });
  });

  const [sender] = await db.select({ name: users.name }).from(users).where(and(eq(users.id, input.senderId), eq(users.companyId, input.companyId)));
  const { token, payload } = issueSignedToken(
    { purpose: "login_invitation", companyId: input.companyId, fieldworkerId: fieldworker.id, ttlMs: LOGIN_INVITATION_TTL_MS, data: { userId: user.id } },
    getTokenSigningSecret(),
    input.now,
  );
  const expiresAt = new Date(payload.expiresAt);
  const rendered = await renderLoginInvitationEmail({
    companyName,
    fieldworkerName: fieldworker.displayName,
    senderName: sender?.name ?? `${companyName}'s admin`,
    email,
    setPasswordUrl: setPasswordUrl(token),
    loginUrl: new URL("/login", env.APP_URL).toString(),
    expiresOn: format(new TZDate(expiresAt, timeZone), "d MMMM yyyy, h:mm a"),
  });

  const resend = getResend();
  if (!resend) throw new LoginAccessError("Email is not configured on this deployment (RESEND_API_KEY is missing).", "BAD_GATEWAY");
  try {
    const response = await resend.emails.send({ from: env.EMAIL_FROM, to: email, subject: rendered.subject, html: rendered.html, text: rendered.text });
    if (response.error) throw new LoginAccessError(`Resend refused the email: ${response.error.message}`, "BAD_GATEWAY");
  } catch (cause) {
    if (cause instanceof LoginAccessError) throw cause;
    throw new LoginAccessError(`Could not reach Resend: ${cause instanceof Error ? cause.message : String(cause)}`, "BAD_GATEWAY");
  }
  return { sentTo: email, expiresAt };
}

/** Ends a fieldworker's login: the user row is deleted, so their sessions and unused set-password links stop working. */
export async function revokeLoginAccess(db: Db, input: { companyId: string; fieldworkerId: string }): Promise<{ revoked: true }> {
  const { fieldworker } = await loadFieldworker(db, input.companyId, input.fieldworkerId);
  if (!fieldworker.userId || !(await deleteFieldworkerLogin(db, input.companyId, fieldworker.userId))) {
    throw new LoginAccessError(`${fieldworker.displayName} has no FieldSync login.`, "PRECONDITION_FAILED");
  }
  return { revoked: true };
}

export type PasswordLinkProblem = "invalid" | "expired" | "used" | "revoked";
export type PasswordLinkCheck =
  | { ok: true; userId: string; email: string; name: string; nonce: string; expiresAt: Date }
  | { ok: false; problem: PasswordLinkProblem };

export const PASSWORD_LINK_PROBLEMS: Record<PasswordLinkProblem, string> = {
  invalid: "This link is not a valid FieldSync invitation. Check that you opened the whole link from the email.",
  expired: "This invitation has expired. Ask your admin to send a new one, or sign in with “Email me a link”.",
  used: "This link was already used to set a password. Sign in with your password, or with “Email me a link”.",
  revoked: "This login no longer exists. Ask your admin to give you access again.",
};

/** Reads a set-password link without spending it (the page shows who it is for, or what is wrong). */
export async function checkPasswordLink(db: Db, token: string, now: Date): Promise<PasswordLinkCheck> {
  const verified = verifySignedToken(token, "login_invitation", getTokenSigningSecret(), now);
  if (!verified.ok) return { ok: false, problem: verified.reason === "expired" ? "expired" : "invalid" };
  const { payload } = verified;
  const userId = payload.data?.userId;
  if (!userId) return { ok: false, problem: "invalid" };
  const [spent] = await db.select({ nonce: consumedTokens.nonce }).from(consumedTokens).where(eq(consumedTokens.nonce, payload.nonce));
  if (spent) return { ok: false, problem: "used" };
  const [row] = await db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .innerJoin(fieldworkers, and(eq(fieldworkers.userId, users.id), eq(fieldworkers.id, payload.fieldworkerId)))
    .where(and(eq(users.id, userId), eq(users.companyId, payload.companyId)))
    .limit(1);
  if (!row) return { ok: false, problem: "revoked" };
  return { ok: true, userId: row.id, email: row.email, name: row.name, nonce: payload.nonce, expiresAt: new Date(payload.expiresAt) };
}

/** Spends the link and sets the password; the user can then sign in with it. */
export async function setPasswordWithLink(
  db: Db,
  input: { token: string; password: string; now: Date },
): Promise<{ ok: true; email: string } | { ok: false; problem: PasswordLinkProblem }> {
  const check = await checkPasswordLink(db, input.token, input.now);
  if (!check.ok) return check;
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const spent = await tx
      .insert(consumedTokens)
      .values({ nonce: check.nonce, purpose: "login_invitation", expiresAt: check.expiresAt })
      .onConflictDoNothing()
      .returning({ nonce: consumedTokens.nonce });
    if (spent.length === 0) return { ok: false as const, problem: "used" as const };
    // A new password ends every session of the old one (session-version.ts).
    await tx
      .update(users)
      .set({ passwordHash, emailVerified: input.now, sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, check.userId));
    return { ok: true as const, email: check.email };
  });
}
