import { NextResponse, type NextRequest } from "next/server";
import { auth } from "~/server/auth";
import { getDb } from "~/server/db";
import { renderResultPage } from "~/server/google/connect/result-page";
import { startForFieldworker, startFromInvitation, type StartOutcome } from "~/server/google/connect/start-connection";

export const dynamic = "force-dynamic";

const respond = (outcome: StartOutcome) => (outcome.kind === "redirect" ? NextResponse.redirect(outcome.url) : renderResultPage(outcome.page));

/** Starts Google consent: from an emailed invitation (no login needed) or for the signed-in fieldworker. */
export async function GET(request: NextRequest) {
  const db = await getDb();
  const invite = request.nextUrl.searchParams.get("invite");
  if (invite) return respond(await startFromInvitation(db, invite, new Date()));

  const session = await auth();
  const user = session?.user;
  if (!user?.id) return NextResponse.redirect(new URL("/login", request.nextUrl));
  if (!user.fieldworkerId) {
    return renderResultPage({
      status: 403,
      title: "Only fieldworkers connect their own calendar",
      message: "Admins invite fieldworkers from their profile (Actions › Send Google Calendar authorization email).",
      action: { label: "Back to FieldSync", href: "/calendar" },
    });
  }
  return respond(await startForFieldworker(db, user.companyId, user.fieldworkerId, new Date()));
}
