/**
 * Part of `npm run dev` on a fresh database (scripts/dev-prepare.ts): connects two demo fieldworkers to "Google" (the emulator)
 * with a few events of their own, so two-way sync is visible at once. Drives the real OAuth flow and the
 * real sync engine; only the person clicking "Allow" is played by a script.
 */
import { TZDate } from "@date-fns/tz";
import { addDays, setHours, startOfDay } from "date-fns";
import { eq } from "drizzle-orm";
import { consentAs } from "../../emulator/consent-client";
import { controlClient } from "../../emulator/control-client";
import { env } from "~/env";
import type { Db } from "~/server/db";
import { companies, fieldworkers, googleIntegrations } from "~/server/db/schema";
import { completeConnection } from "~/server/google/connect/complete-connection";
import { startForFieldworker } from "~/server/google/connect/start-connection";
import { runDueJobs } from "~/server/sync/jobs/run-jobs";

const DEMO_ACCOUNTS = [
  { fieldworkerEmail: "maria@acme.test", googleEmail: "maria.garcia@gmail.com", name: "Maria Garcia" },
  { fieldworkerEmail: "tom@acme.test", googleEmail: "tom.chen@gmail.com", name: "Tom Chen" },
];

export async function connectDemoGoogleAccounts(db: Db): Promise<string> {
  const control = controlClient(new URL(env.GOOGLE_OAUTH_TOKEN_URL ?? "").origin);
  const [company] = await db.select().from(companies).where(eq(companies.name, "Acme Plumbing"));
  if (!company) throw new Error("Seed the demo company first");
  await db.insert(googleIntegrations).values({ companyId: company.id, mode: "shared" }).onConflictDoNothing();

  const zone = company.timeZone;
  const day = (offset: number, hour: number) => setHours(addDays(startOfDay(new TZDate(new Date(), zone)), offset), hour).toISOString();
  for (const [index, account] of DEMO_ACCOUNTS.entries()) {
    await control.addUser(account.googleEmail, account.name, zone);
    const events = [
      { summary: index === 0 ? "Dentist" : "Kids' swimming", start: { dateTime: day(1, 10 + index) }, end: { dateTime: day(1, 11 + index) } },
      { summary: "School pickup", start: { dateTime: day(2, 15) }, end: { dateTime: day(2, 16) } },
      { summary: "Private appointment", visibility: "private", start: { dateTime: day(3, 9) }, end: { dateTime: day(3, 10) } },
      { summary: "Maybe: footy", transparency: "transparent", start: { dateTime: day(4, 17) }, end: { dateTime: day(4, 19) } },
    ];
    for (const event of events) await control.createEvent(account.googleEmail, account.googleEmail, event);

    const [fieldworker] = await db.select().from(fieldworkers).where(eq(fieldworkers.email, account.fieldworkerEmail));
    if (!fieldworker) continue;
    const start = await startForFieldworker(db, company.id, fieldworker.id, new Date());
    if (start.kind !== "redirect") throw new Error(start.page.message);
    const redirect = await consentAs(start.url, account.googleEmail);
    const outcome = await completeConnection(
      db,
      { state: redirect.searchParams.get("state") ?? undefined, code: redirect.searchParams.get("code") ?? undefined, browserBinding: start.browserBinding },
      new Date(),
    );
    if (outcome.kind !== "connected") throw new Error(`Could not connect ${account.name}: ${JSON.stringify(outcome)}`);
  }
  const report = await runDueJobs(db, { budgetMs: 60_000 });
  return `Connected ${DEMO_ACCOUNTS.map((a) => `${a.name} (${a.googleEmail})`).join(" and ")} to the Google emulator; the first sync ran ${report.done} jobs.`;
}
