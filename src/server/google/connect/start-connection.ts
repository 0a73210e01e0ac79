import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { getConnection, getFieldworkerOfCompany } from "../../db/queries/google";
import { googleInvitations } from "../../db/schema";
import { getTokenSigningSecret } from "../../security/keys";
import { verifySignedToken } from "../../security/signed-token";
import { loadCompanyGoogleSetup } from "../company-credentials";
import type { ResultPage } from "./result-page";
import { buildAuthorizationUrl } from "./authorization-url";

export type StartOutcome = { kind: "redirect"; url: string } | { kind: "page"; page: ResultPage };

const ASK_ADMIN = "Ask your admin to send you a new invitation from FieldSync.";

const problem = (status: number, title: string, message: string): StartOutcome => ({ kind: "page", page: { status, title, message } });

async function authorizationFor(db: Db, companyId: string, fieldworkerId: string, now: Date, inviteNonce?: string): Promise<StartOutcome> {
  const fieldworker = await getFieldworkerOfCompany(db, companyId, fieldworkerId);
  if (!fieldworker || !fieldworker.active) return problem(404, "Invitation not valid", `This fieldworker profile is no longer active. ${ASK_ADMIN}`);
  const setup = await loadCompanyGoogleSetup(db, companyId);
  if (setup.status !== "ready") {
    return problem(409, "Google sync is not available", setup.status === "unavailable" ? setup.message : "Your company has not set up Google Calendar sync yet.");
  }
  const connection = await getConnection(db, companyId, fieldworkerId);
  return {
    kind: "redirect",
    url: buildAuthorizationUrl({
      credentials: setup.credentials,
      workspaceDomain: setup.workspaceDomain,
      fieldworker,
      inviteNonce,
      // Consent again unless this fieldworker's account is already connected and healthy (Google then skips the refresh token).
      forceConsent: !connection || connection.account.status !== "active" || !connection.account.refreshTokenEnc,
      now,
    }),
  };
}

/** The emailed link: valid signature, not expired, the recorded invitation not used yet → Google consent. */
export async function startFromInvitation(db: Db, token: string, now: Date): Promise<StartOutcome> {
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
  return authorizationFor(db, payload.companyId, payload.fieldworkerId, now, payload.nonce);
}

/** "Sync calendar" / "Reconnect" for the signed-in fieldworker. */
export async function startForFieldworker(db: Db, companyId: string, fieldworkerId: string, now: Date): Promise<StartOutcome> {
  return authorizationFor(db, companyId, fieldworkerId, now);
}
