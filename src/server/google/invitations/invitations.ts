import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { and, eq, isNull, ne } from "drizzle-orm";
import { env } from "~/env";
import type { Db, DbOrTx } from "../../db/client";
import { loadCompany, type Company } from "../../db/queries/company";
import { connectionsOfCompany, getConnection, getFieldworkerOfCompany, latestInvitations } from "../../db/queries/google";
import { fieldworkers, googleInvitations, users } from "../../db/schema";
import { defaultInvitationMessage, invitationSubject, renderInvitationEmail } from "../../email/google-invitation-email";
import { getResend } from "../../email/resend-client";
import { isTemporaryResendError } from "../../email/resend-error";
import { getTokenSigningSecret } from "../../security/keys";
import { issueSignedToken, reissueSignedToken } from "../../security/signed-token";
import { outbox } from "../../sync/outbox";
import { loadCompanyGoogleSetup } from "../company-credentials";
import { SyncError } from "../sync-error";
import { INVITATION_TTL_MS, invitationUrl } from "./invitation-link";
import { invitedRecently, outsideWorkspace } from "./connection-status";

export class InvitationError extends Error {
  constructor(
    message: string,
    readonly code: "NOT_FOUND" | "PRECONDITION_FAILED" = "NOT_FOUND",
  ) {
    super(message);
  }
}

interface InvitationContext {
  company: Company;
  fieldworker: typeof fieldworkers.$inferSelect;
  senderName: string;
}

async function loadContext(db: Db, companyId: string, fieldworkerId: string, senderId: string | null): Promise<InvitationContext> {
  const fieldworker = await getFieldworkerOfCompany(db, companyId, fieldworkerId);
  if (!fieldworker) throw new InvitationError("Fieldworker not found.");
  const company = await loadCompany(db, companyId);
  const [sender] = senderId
    ? await db.select({ name: users.name }).from(users).where(and(eq(users.id, senderId), eq(users.companyId, companyId)))
    : [];
  if (!company) throw new InvitationError("Company not found.");
  return { company, fieldworker, senderName: sender?.name ?? `${company.name}'s admin` };
}

const expiryLabel = (expiresAt: Date, timeZone: string) => format(new TZDate(expiresAt, timeZone), "d MMMM yyyy, h:mm a");

export interface InvitationPreview {
  to: string;
  subject: string;
  message: string;
  html: string;
}

/** What the modal shows before sending: the real email, with a placeholder where the one-time link goes. */
export async function previewInvitation(
  db: Db,
  input: { companyId: string; fieldworkerId: string; senderId: string; message?: string; now: Date },
): Promise<InvitationPreview> {
  const ctx = await loadContext(db, input.companyId, input.fieldworkerId, input.senderId);
  const setup = await loadCompanyGoogleSetup(db, input.companyId);
  if (setup.status === "not_configured") throw new InvitationError("Set up Google Calendar sync in Settings › Integrations first.", "PRECONDITION_FAILED");
  if (setup.status === "unavailable") throw new InvitationError(setup.message, "PRECONDITION_FAILED");
  const message =
    input.message ?? defaultInvitationMessage({ companyName: ctx.company.name, fieldworkerName: ctx.fieldworker.displayName, senderName: ctx.senderName });
  const email = await renderInvitationEmail({
    companyName: ctx.company.name,
    fieldworkerName: ctx.fieldworker.displayName,
    senderName: ctx.senderName,
    grantUrl: `${env.APP_URL}/connect/google?invite=…`,
    expiresOn: expiryLabel(new Date(input.now.getTime() + INVITATION_TTL_MS), ctx.company.timeZone),
    message,
  });
  return { to: ctx.fieldworker.email, subject: email.subject, message, html: email.html };
}

export type SendResult = { ok: true; invitationId: string; resendId: string } | { ok: false; invitationId?: string; error: string };

type InvitationRow = typeof googleInvitations.$inferSelect;

/** Why an invitation could not be sent right now, before any link exists. */
async function sendBlocker(db: Db, ctx: InvitationContext, companyId: string): Promise<string | undefined> {
  const setup = await loadCompanyGoogleSetup(db, companyId);
  if (setup.status === "not_configured") return "Set up Google Calendar sync in Settings › Integrations first.";
  if (setup.status === "unavailable") return setup.message;
  if (!ctx.fieldworker.active) return `${ctx.fieldworker.displayName} is inactive.`;
  const connection = await getConnection(db, companyId, ctx.fieldworker.id);
  if (connection && connection.account.status === "active") {
    return `${ctx.fieldworker.displayName} is already connected as ${connection.account.email}.`;
  }
  return undefined;
}

/** Mints the signed link and records it, before anything is sent: the row is what makes the link valid. */
async function recordInvitation(db: DbOrTx, ctx: InvitationContext, input: { senderId: string; now: Date }): Promise<InvitationRow> {
  const { payload } = issueSignedToken(
    { purpose: "invitation", companyId: ctx.company.id, fieldworkerId: ctx.fieldworker.id, ttlMs: INVITATION_TTL_MS },
    getTokenSigningSecret(),
    input.now,
  );
  const [row] = await db
    .insert(googleInvitations)
    .values({
      companyId: ctx.company.id,
      fieldworkerId: ctx.fieldworker.id,
      sentById: input.senderId,
      toEmail: ctx.fieldworker.email,
      subject: invitationSubject(ctx.company.name),
      nonce: payload.nonce,
      expiresAt: new Date(payload.expiresAt),
      sentAt: input.now,
    })
    .returning();
  if (!row) throw new Error("The invitation was not recorded");
  return row;
}

export type DeliveryResult = { ok: true; resendId: string } | { ok: false; error: string; temporary: boolean };

/**
 * Emails a recorded invitation through Resend. On success the row gets Resend's id and every older unused link
 * of that fieldworker is revoked (one live link per fieldworker); on failure the row keeps the error, shown in
 * the roll-out table, and the older link still works.
 */
async function deliverInvitation(db: Db, ctx: InvitationContext, row: InvitationRow, message: string | undefined, now: Date): Promise<DeliveryResult> {
  const token = reissueSignedToken(
    { purpose: "invitation", companyId: row.companyId, fieldworkerId: row.fieldworkerId, nonce: row.nonce, expiresAt: row.expiresAt.getTime() },
    getTokenSigningSecret(),
  );
  const email = await renderInvitationEmail({
    companyName: ctx.company.name,
    fieldworkerName: ctx.fieldworker.displayName,
    senderName: ctx.senderName,
    grantUrl: invitationUrl(token),
    expiresOn: expiryLabel(row.expiresAt, ctx.company.timeZone),
    message: message?.trim() || defaultInvitationMessage({ companyName: ctx.company.name, fieldworkerName: ctx.fieldworker.displayName, senderName: ctx.senderName }),
  });
  let result: DeliveryResult;
  const resend = getResend();
  if (!resend) {
    result = { ok: false, error: "Email is not configured on this deployment (RESEND_API_KEY is missing).", temporary: false };
  } else {
    try {
      // The invitation id as idempotency key: a retry after a lost answer can't email the fieldworker twice.
      const response = await resend.emails.send(
        { from: env.EMAIL_FROM, to: row.toEmail, subject: email.subject, html: email.html, text: email.text },
        { idempotencyKey: `invitation-${row.id}` },
      );
      if (response.error) result = { ok: false, error: `Resend refused the email: ${response.error.message}`, temporary: isTemporaryResendError(response.error) };
      else if (!response.data?.id) result = { ok: false, error: "Resend returned no message id.", temporary: true };
      else result = { ok: true, resendId: response.data.id };
    } catch (cause) {
      result = { ok: false, error: `Could not reach Resend: ${cause instanceof Error ? cause.message : String(cause)}`, temporary: true };
    }
  }
  if (!result.ok) {
    await db.update(googleInvitations).set({ error: result.error }).where(eq(googleInvitations.id, row.id));
    return result;
  }
  await db.transaction(async (tx) => {
    await tx.update(googleInvitations).set({ resendId: result.resendId, error: null, sentAt: now }).where(eq(googleInvitations.id, row.id));
    await tx
      .update(googleInvitations)
      .set({ revokedAt: now })
      .where(
        and(
          eq(googleInvitations.fieldworkerId, row.fieldworkerId),
          ne(googleInvitations.id, row.id),
          isNull(googleInvitations.usedAt),
          isNull(googleInvitations.revokedAt),
        ),
      );
  });
  return result;
}

/**
 * The modal's Send: records the invitation and emails it at once, so the admin sees a Resend failure right
 * away (recorded too: it stays visible in the roll-out table and the invitation can simply be sent again).
 */
export async function sendInvitation(
  db: Db,
  input: { companyId: string; fieldworkerId: string; senderId: string; message?: string; now: Date },
): Promise<SendResult> {
  const ctx = await loadContext(db, input.companyId, input.fieldworkerId, input.senderId);
  const blocker = await sendBlocker(db, ctx, input.companyId);
  if (blocker) return { ok: false, error: blocker };
  const row = await recordInvitation(db, ctx, input);
  const delivered = await deliverInvitation(db, ctx, row, input.message, input.now);
  return delivered.ok ? { ok: true, invitationId: row.id, resendId: delivered.resendId } : { ok: false, invitationId: row.id, error: delivered.error };
}

/**
 * The outbox job `send_invitation`: emails a recorded invitation unless it became pointless meanwhile
 * (already sent, used, revoked, or the fieldworker connected).
 */
export async function deliverQueuedInvitation(db: Db, input: { companyId: string; invitationId: string; now: Date }): Promise<{ sent: boolean; reason?: string }> {
  const [row] = await db
    .select()
    .from(googleInvitations)
    .where(and(eq(googleInvitations.id, input.invitationId), eq(googleInvitations.companyId, input.companyId)));
  if (!row) return { sent: false, reason: "The invitation no longer exists." };
  if (row.resendId) return { sent: false, reason: "Already sent." };
  if (row.usedAt || row.revokedAt) return { sent: false, reason: "The invitation was used or replaced before it went out." };
  if (row.expiresAt.getTime() <= input.now.getTime()) return { sent: false, reason: "The invitation expired before it could be sent." };
  const ctx = await loadContext(db, row.companyId, row.fieldworkerId, row.sentById);
  const blocker = await sendBlocker(db, ctx, row.companyId);
  if (blocker) {
    await db.update(googleInvitations).set({ revokedAt: input.now, error: blocker }).where(eq(googleInvitations.id, row.id));
    return { sent: false, reason: blocker };
  }
  const delivered = await deliverInvitation(db, ctx, row, undefined, input.now);
  // The runner retries TEMPORARY with backoff and fails anything else with this message in the sync log.
  if (!delivered.ok) throw new SyncError(delivered.temporary ? "TEMPORARY" : "BAD_REQUEST", `Invitation to ${row.toEmail}: ${delivered.error}`);
  return { sent: true };
}

export interface BulkInvitationReport {
  /** Recorded and handed to the outbox: the emails go out right after the answer, with retries. */
  queued: { fieldworkerId: string; name: string }[];
  skipped: { fieldworkerId: string; name: string; reason: string }[];
}

/** Who the Save checkbox would email: active, not connected, not invited in the last 24 h, inside the Workspace. */
export async function planBulkInvitations(db: Db, companyId: string, now: Date, workspaceDomain: string | null) {
  const crew = await db.select().from(fieldworkers).where(and(eq(fieldworkers.companyId, companyId), eq(fieldworkers.active, true)));
  const [invitations, connections] = await Promise.all([latestInvitations(db, companyId), connectionsOfCompany(db, companyId)]);
  const toInvite: (typeof fieldworkers.$inferSelect)[] = [];
  const skipped: BulkInvitationReport["skipped"] = [];
  for (const fieldworker of crew) {
    const connection = connections.get(fieldworker.id);
    if (connection && connection.account.status === "active") continue;
    if (invitedRecently(invitations.get(fieldworker.id), now)) {
      skipped.push({ fieldworkerId: fieldworker.id, name: fieldworker.displayName, reason: "Invited in the last 24 hours" });
    } else if (outsideWorkspace(fieldworker.email, workspaceDomain)) {
      skipped.push({
        fieldworkerId: fieldworker.id,
        name: fieldworker.displayName,
        reason: "Outside your Workspace — invite individually or use FieldSync's Google API",
      });
    } else {
      toInvite.push(fieldworker);
    }
  }
  return { toInvite, skipped };
}

/**
 * Settings › Save and the roll-out's "email all": records one invitation per fieldworker to invite and queues a
 * `send_invitation` job for each in the same transaction, then answers. The outbox sends them after the
 * response (and retries Resend outages); the roll-out table shows each as invited, or failed with the reason.
 */
export async function queueBulkInvitations(db: Db, input: { companyId: string; senderId: string; now: Date }): Promise<BulkInvitationReport> {
  const setup = await loadCompanyGoogleSetup(db, input.companyId);
  const workspaceDomain = setup.status === "ready" ? setup.workspaceDomain : null;
  const { toInvite, skipped } = await planBulkInvitations(db, input.companyId, input.now, workspaceDomain);
  const report: BulkInvitationReport = { queued: [], skipped };
  if (toInvite.length === 0) return report;
  const ctx = await loadContext(db, input.companyId, toInvite[0]!.id, input.senderId);
  await db.transaction(async (tx) => {
    for (const fieldworker of toInvite) {
      const row = await recordInvitation(tx, { ...ctx, fieldworker }, input);
      await outbox.enqueue(tx, [{ kind: "send_invitation", companyId: input.companyId, fieldworkerId: fieldworker.id, invitationId: row.id }]);
      report.queued.push({ fieldworkerId: fieldworker.id, name: fieldworker.displayName });
    }
  });
  return report;
}
