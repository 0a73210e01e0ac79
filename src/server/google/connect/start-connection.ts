import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { getConnection, getFieldworkerOfCompany } from "../../db/queries/google";
import { googleInvitations } from "../../db/schema";
import { getTokenSigningSecret } from "../../security/keys";
import { verifySignedToken } from "../../security/signed-token";
import { writeSyncLog } from "../../sync/sync-log";
import { loadCompanyGoogleSetup } from "../company-credentials";
import type { ResultPage } from "./result-page";
import { buildAuthorizationUrl, type ConnectActor } from "./authorization-url";
import type { Role } from "~/lib/roles";

export type StartOutcome = { kind: "redirect"; url: string; browserBinding: string } | { kind: "page"; page: ResultPage };

/** The FieldSync session of the browser opening the link, if any (from next-auth). */
export interface SessionViewer {
  userId: string;
  role: Role;
  companyId: string;
  fieldworkerId: string | null;
}

const ASK_ADMIN = "Ask your admin to send you a new invitation from FieldSync.";

const problem = (status: number, title: string, message: string): StartOutcome => ({ kind: "page", page: { status, title, message } });

async function authorizationFor(
  db: Db,
  input: { companyId: string; fieldworkerId: string; actor: ConnectActor; now: Date; inviteNonce?: string },
): Promise<StartOutcome> {
  const fieldworker = await getFieldworkerOfCompany(db, input.companyId, input.fieldworkerId);
  if (!fieldworker || !fieldworker.active) return problem(404, "Invitation not valid", `This fieldworker profile is no longer active. ${ASK_ADMIN}`);
  const setup = await loadCompanyGoogleSetup(db, input.companyId);
  if (setup.status !== "ready") {
    return problem(409, "Google sync is not available", setup.status === "unavailable" ? setup.message : "Your company has not set up Google Calendar sync yet.");
  }
  const connection = await getConnection(db, input.companyId, input.fieldworkerId);
  const start = await buildAuthorizationUrl({
    credentials: setup.credentials,
    workspaceDomain: setup.workspaceDomain,
    fieldworker,
    actor: input.actor,
    inviteNonce: input.inviteNonce,
    // Consent again unless this fieldworker's account is already connected and healthy (Google then skips the refresh token).
    forceConsent: !connection || connection.account.status !== "active" || !connection.account.refreshTokenEnc,
    now: input.now,
  });
  return { kind: "redirect", ...start };
}

/**
 * Who is opening an invitation: nobody signed in (the emailed link is enough), the invited fieldworker, or an
 * admin of that company. Anybody else signed in is refused: a link forwarded to a colleague must not connect
 * the colleague's Google account to someone else's profile.
 */
function actorOfInvitation(viewer: SessionViewer | null, companyId: string, fieldworkerId: string): ConnectActor | "refused" {
  if (!viewer) return "link";
  if (viewer.companyId === companyId && viewer.fieldworkerId === fieldworkerId) return "fieldworker";
  if (viewer.companyId === companyId && viewer.role === "admin") return "admin";
  return "refused";
}

/**
 * The emailed link: valid signature, not expired, the newest invitation of that fieldworker and neither used
 * nor revoked (a newer send or a connection revokes it) → Google consent.
 */
export async function startFromInvitation(db: Db, token: string, now: Date, viewer: SessionViewer | null = null): Promise<StartOutcome> {
  const verified = verifySignedToken(token, "invitation", getTokenSigningSecret(), now);
  if (!verified.ok) {
    return verified.reason === "expired"
      ? problem(410, "This invitation has expired", `Invitation links work for 7 days. ${ASK_ADMIN}`)
      : problem(400, "This invitation link is not valid", `The link may have been cut off or changed. ${ASK_ADMIN}`);
  }
  const { payload } = verified;
  const [invitation] = await db
    .select()
    .from(googleInvitations)
    .where(and(eq(googleInvitations.nonce, payload.nonce), eq(googleInvitations.companyId, payload.companyId), eq(googleInvitations.fieldworkerId, payload.fieldworkerId)));
  if (!invitation) return problem(400, "This invitation link is not valid", ASK_ADMIN);
  if (invitation.usedAt) return problem(410, "This invitation was already used", `Each link works once. If you need to connect again, ${ASK_ADMIN.charAt(0).toLowerCase()}${ASK_ADMIN.slice(1)}`);
  // From here the link is genuine: refusals are worth a line on the fieldworker's sync log (an old link in use,
  // or a forwarded one, is what an admin wants to know about).
  const logRefusal = (message: string) =>
    writeSyncLog(db, { companyId: payload.companyId, fieldworkerId: payload.fieldworkerId, direction: "system", action: "invitation_refused", outcome: "failed", message });
  if (invitation.revokedAt) {
    await logRefusal("An invitation link that a newer invitation or a connection had replaced was opened, and refused.");
    return problem(
      410,
      "This invitation is no longer valid",
      `A newer invitation was sent, or your calendar was connected since. Use the most recent email, or sign in to FieldSync. ${ASK_ADMIN}`,
    );
  }
  const actor = actorOfInvitation(viewer, payload.companyId, payload.fieldworkerId);
  if (actor === "refused") {
    await logRefusal("The invitation link was opened by someone signed in to FieldSync as another person, and refused.");
    return problem(
      403,
      "This invitation is for someone else",
      "You are signed in to FieldSync as another person. Sign out first, or open the link in the browser of the person it was sent to.",
    );
  }
  return authorizationFor(db, { companyId: payload.companyId, fieldworkerId: payload.fieldworkerId, actor, now, inviteNonce: payload.nonce });
}

/** "Sync calendar" / "Reconnect" for the signed-in fieldworker. */
export async function startForFieldworker(db: Db, companyId: string, fieldworkerId: string, now: Date): Promise<StartOutcome> {
  return authorizationFor(db, { companyId, fieldworkerId, actor: "fieldworker", now });
}
