import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { and, eq } from "drizzle-orm";
import { env } from "~/env";
import { loadCompany } from "../../db/queries/company";
import type { Db } from "../../db/client";
import { fieldworkers, users } from "../../db/schema";
import { renderAccountChangedEmail } from "../../email/google-account-changed-email";
import { getResend } from "../../email/resend-client";
import { writeSyncLog } from "../../sync/sync-log";
import type { ConnectActor } from "./authorization-url";

const CHANGED_BY: Record<ConnectActor, (name: string) => string> = {
  fieldworker: (name) => name,
  admin: () => "an admin",
  link: (name) => `someone using ${name}'s invitation link`,
};

/**
 * Tells the fieldworker and every admin of the company that a connection moved to another Google account
 * (bookings carry customer addresses and phone numbers, so nobody may be switched silently). Best effort after
 * the connection is stored: each outcome lands in the fieldworker's sync log.
 */
export async function sendAccountChangeNotice(
  db: Db,
  input: { companyId: string; fieldworkerId: string; previousEmail: string; newEmail: string; actor: ConnectActor; now: Date },
): Promise<void> {
  const company = await loadCompany(db, input.companyId);
  const [fieldworker] = await db
    .select()
    .from(fieldworkers)
    .where(and(eq(fieldworkers.companyId, input.companyId), eq(fieldworkers.id, input.fieldworkerId)));
  if (!company || !fieldworker) return;
  const admins = await db
    .select({ email: users.email })
    .from(users)
    .where(and(eq(users.companyId, input.companyId), eq(users.role, "admin")));
  const recipients: { to: string; audience: "fieldworker" | "admin" }[] = [
    { to: fieldworker.email, audience: "fieldworker" },
    ...admins.filter((a) => a.email.toLowerCase() !== fieldworker.email.toLowerCase()).map((a) => ({ to: a.email, audience: "admin" as const })),
  ];
  const changedAt = format(new TZDate(input.now, company.timeZone), "d MMMM yyyy, h:mm a");
  const failures: string[] = [];
  const resend = getResend();
  for (const recipient of recipients) {
    const email = await renderAccountChangedEmail({
      companyName: company.name,
      fieldworkerName: fieldworker.displayName,
      previousEmail: input.previousEmail,
      newEmail: input.newEmail,
      changedBy: CHANGED_BY[input.actor](fieldworker.displayName),
      changedAt,
      audience: recipient.audience,
    });
    if (!resend) {
      failures.push(`${recipient.to}: email is not configured (RESEND_API_KEY is missing)`);
      continue;
    }
    try {
      const response = await resend.emails.send({ from: env.EMAIL_FROM, to: recipient.to, subject: email.subject, html: email.html, text: email.text });
      if (response.error) failures.push(`${recipient.to}: ${response.error.message}`);
    } catch (cause) {
      failures.push(`${recipient.to}: ${cause instanceof Error ? cause.message : String(cause)}`);
    }
  }
  await writeSyncLog(db, {
    companyId: input.companyId,
    fieldworkerId: input.fieldworkerId,
    direction: "system",
    action: "google_account_changed",
    outcome: failures.length === 0 ? "ok" : "failed",
    message:
      `Connection moved from ${input.previousEmail} to ${input.newEmail}. ` +
      (failures.length === 0 ? `Notice sent to ${recipients.length} people.` : `Notice not delivered to ${failures.join("; ")}`),
  });
}
