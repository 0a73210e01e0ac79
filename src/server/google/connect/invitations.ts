import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { and, eq } from "drizzle-orm";
import { env } from "~/env";
import type { Db } from "../../db/client";
import { connectionsOfCompany, getConnection, getFieldworkerOfCompany, latestInvitations } from "../../db/queries/google";
import { companies, fieldworkers, googleInvitations, users } from "../../db/schema";
import { defaultInvitationMessage, invitationSubject, renderInvitationEmail } from "../../email/google-invitation-email";
import { getResend } from "../../email/resend-client";
import { getTokenSigningSecret } from "../../security/keys";
import { issueSignedToken } from "../../security/signed-token";
import { loadCompanyGoogleSetup } from "../company-credentials";
import { INVITATION_TTL_MS, invitationUrl } from "./authorization-url";
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
  company: typeof companies.$inferSelect;
  fieldworker: typeof fieldworkers.$inferSelect;
  senderName: string;
}

async function loadContext(db: Db, companyId: string, fieldworkerId: string, senderId: string): Promise<InvitationContext> {
  const fieldworker = await getFieldworkerOfCompany(db, companyId, fieldworkerId);
  if (!fieldworker) throw new InvitationError("Fieldworker not found.");
  const [company] = await db.select().from(companies).where(eq(companies.id, companyId));
  const [sender] = await db.select({ name: users.name }).from(users).where(and(eq(users.id, senderId), eq(users.companyId, companyId)));
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

/**
 * Sends one authorization email through Resend and records it either way: a failed send stays visible
 * (roll-out table, profile) and the invitation can simply be sent again.
 */
export async function sendInvitation(
  db: Db,
  input: { companyId: string; fieldworkerId: string; senderId: string; message?: string; now: Date },
): Promise<SendResult> {
  const ctx = await loadContext(db, input.companyId, input.fieldworkerId, input.senderId);
  const setup = await loadCompanyGoogleSetup(db, input.companyId);
  if (setup.status === "not_configured") return { ok: false, error: "Set up Google Calendar sync in Settings › Integrations first." };
  if (setup.status === "unavailable") return { ok: false, error: setup.message };
  if (!ctx.fieldworker.active) return { ok: false, error: `${ctx.fieldworker.displayName} is inactive.` };
  const connection = await getConnection(db, input.companyId, input.fieldworkerId);
  if (connection && connection.account.status === "active") {
    return { ok: false, error: `${ctx.fieldworker.displayName} is already connected as ${connection.account.email}.` };
  }

  const { token, payload } = issueSignedToken(
    { purpose: "invitation", companyId: input.companyId, fieldworkerId: input.fieldworkerId, ttlMs: INVITATION_TTL_MS },
    getTokenSigningSecret(),
    input.now,
  );
  const expiresAt = new Date(payload.expiresAt);
  const message =
    input.message?.trim() ||
    defaultInvitationMessage({ companyName: ctx.company.name, fieldworkerName: ctx.fieldworker.displayName, senderName: ctx.senderName });
  const email = await renderInvitationEmail({
    companyName: ctx.company.name,
    fieldworkerName: ctx.fieldworker.displayName,
    senderName: ctx.senderName,
    grantUrl: invitationUrl(token),
    expiresOn: expiryLabel(expiresAt, ctx.company.timeZone),
    message,
  });

  let resendId: string | undefined;
  let error: string | undefined;
  const resend = getResend();
  if (!resend) {
    error = "Email is not configured on this deployment (RESEND_API_KEY is missing).";
  } else {
    try {
      const response = await resend.emails.send({
        from: env.EMAIL_FROM,
        to: ctx.fieldworker.email,
        subject: invitationSubject(ctx.company.name),
        html: email.html,
        text: email.text,
      });
      if (response.error) error = `Resend refused the email: ${response.error.message}`;
      else resendId = response.data?.id;
    } catch (cause) {
      error = `Could not reach Resend: ${cause instanceof Error ? cause.message : String(cause)}`;
    }
  }

  const [row] = await db
    .insert(googleInvitations)
    .values({
      companyId: input.companyId,
      fieldworkerId: input.fieldworkerId,
      sentById: input.senderId,
      toEmail: ctx.fieldworker.email,
      subject: email.subject,
      nonce: payload.nonce,
      expiresAt,
      resendId,
      error,
      sentAt: input.now,
    })
    .returning({ id: googleInvitations.id });
  if (error || !resendId) return { ok: false, invitationId: row?.id, error: error ?? "Resend returned no message id." };
  return { ok: true, invitationId: row!.id, resendId };
}

export interface BulkInvitationReport {
  sent: { fieldworkerId: string; name: string }[];
  failed: { fieldworkerId: string; name: string; error: string }[];
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

export async function sendBulkInvitations(db: Db, input: { companyId: string; senderId: string; now: Date }): Promise<BulkInvitationReport> {
  const setup = await loadCompanyGoogleSetup(db, input.companyId);
  const workspaceDomain = setup.status === "ready" ? setup.workspaceDomain : null;
  const { toInvite, skipped } = await planBulkInvitations(db, input.companyId, input.now, workspaceDomain);
  const report: BulkInvitationReport = { sent: [], failed: [], skipped };
  // One at a time: Resend rate-limits bursts, and a crew is small.
  for (const fieldworker of toInvite) {
    const result = await sendInvitation(db, { companyId: input.companyId, fieldworkerId: fieldworker.id, senderId: input.senderId, now: input.now });
    if (result.ok) report.sent.push({ fieldworkerId: fieldworker.id, name: fieldworker.displayName });
    else report.failed.push({ fieldworkerId: fieldworker.id, name: fieldworker.displayName, error: result.error });
  }
  return report;
}
