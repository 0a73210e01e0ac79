import { and, asc, eq } from "drizzle-orm";
import { env } from "~/env";
import { loadCompany } from "../db/queries/company";
import type { Db } from "../db/client";
import { fieldworkerGoogleConnections, fieldworkers, googleAccounts, users } from "../db/schema";
import { sendInvitation } from "../google/invitations/invitations";
import { reconnectInvitationMessage, renderReconnectNotice } from "../email/reconnect-notice-email";
import { getResend } from "../email/resend-client";
import { logger } from "../observability/logger";
import { writeSyncLog } from "./sync-log";

/**
 * An account just turned "needs reconnection" (the caller won the change from active, so this runs once
 * per incident, however many calls failed): each active fieldworker using it gets one email with a fresh
 * signed reconnect link (the invitation machinery), the company's admins one notice, and both land on the
 * fieldworker's sync log. Email trouble is logged, never thrown: the account is marked either way.
 */
export async function noticeReconnectionNeeded(db: Db, accountId: string, reason: string, now: Date): Promise<void> {
  try {
    await sendNotices(db, accountId, reason, now);
  } catch (error) {
    logger().error({ googleAccountId: accountId, err: error }, "could not send the reconnect notices");
  }
}

async function sendNotices(db: Db, accountId: string, reason: string, now: Date): Promise<void> {
  const [account] = await db
    .update(googleAccounts)
    .set({ reconnectNoticeAt: now })
    .where(eq(googleAccounts.id, accountId))
    .returning({ companyId: googleAccounts.companyId, email: googleAccounts.email });
  if (!account) return;
  const company = await loadCompany(db, account.companyId);
  if (!company) return;
  const crew = await db
    .select({ id: fieldworkers.id, name: fieldworkers.displayName })
    .from(fieldworkerGoogleConnections)
    .innerJoin(fieldworkers, eq(fieldworkers.id, fieldworkerGoogleConnections.fieldworkerId))
    .where(and(eq(fieldworkerGoogleConnections.googleAccountId, accountId), eq(fieldworkers.active, true)));
  if (crew.length === 0) return;
  const admins = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(and(eq(users.companyId, company.id), eq(users.role, "admin")))
    .orderBy(asc(users.createdAt));
  const sender = admins[0];

  const outcomes: string[] = [];
  for (const fieldworker of crew) {
    const result = sender
      ? await sendInvitation(db, {
          companyId: company.id,
          fieldworkerId: fieldworker.id,
          senderId: sender.id,
          message: reconnectInvitationMessage({ fieldworkerName: fieldworker.name, companyName: company.name, googleEmail: account.email }),
          now,
        })
      : { ok: false as const, error: "the company has no admin to send it on behalf of" };
    const line = result.ok ? `A reconnect email with a fresh link was sent to ${fieldworker.name}.` : `The reconnect email to ${fieldworker.name} could not be sent: ${result.error}`;
    outcomes.push(line);
    await writeSyncLog(db, {
      companyId: company.id,
      fieldworkerId: fieldworker.id,
      direction: "system",
      action: "reconnect_needed",
      outcome: "failed",
      message: `Google access to ${account.email} was lost (${reason}); sync waits for a reconnection. ${line}`,
    });
  }

  const resend = getResend();
  const adminTo = admins.map((a) => a.email);
  let adminOutcome: string;
  if (!resend || adminTo.length === 0) {
    adminOutcome = !resend ? "Admins were not emailed: email is not configured (RESEND_API_KEY)." : "The company has no admin to notify.";
  } else {
    const email = await renderReconnectNotice({
      companyName: company.name,
      fieldworkerNames: crew.map((c) => c.name),
      googleEmail: account.email,
      reason,
      outcomes,
      profileUrl: `${env.APP_URL}/fieldworkers/${crew[0]!.id}`,
    });
    try {
      const response = await resend.emails.send({ from: env.EMAIL_FROM, to: adminTo, subject: email.subject, html: email.html, text: email.text });
      adminOutcome = response.error ? `The admin notice could not be sent: ${response.error.message}` : `Admins notified (${adminTo.length}).`;
    } catch (error) {
      adminOutcome = `The admin notice could not be sent: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  for (const fieldworker of crew) {
    await writeSyncLog(db, { companyId: company.id, fieldworkerId: fieldworker.id, direction: "system", action: "reconnect_admin_notice", outcome: "ok", message: adminOutcome });
  }
}
