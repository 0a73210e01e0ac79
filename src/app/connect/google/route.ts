import { NextResponse, type NextRequest } from "next/server";
import { auth } from "~/server/auth";
import { getDb } from "~/server/db";
import { OAUTH_BINDING_COOKIE, bindingCookieOptions } from "~/server/google/connect/browser-binding";
import { renderResultPage, renderUnexpectedFailure } from "~/server/google/connect/result-page";
import { startForFieldworker, startFromInvitation, type SessionViewer, type StartOutcome } from "~/server/google/connect/start-connection";

export const dynamic = "force-dynamic";

/** Off to Google, with this browser's PKCE verifier in an HttpOnly cookie that only /getAuthKey reads. */
function respond(outcome: StartOutcome) {
  if (outcome.kind === "page") return renderResultPage(outcome.page);
  const response = NextResponse.redirect(outcome.url);
  response.cookies.set(OAUTH_BINDING_COOKIE, outcome.browserBinding, bindingCookieOptions());
  return response;
}

/** Starts Google consent: from an emailed invitation (no login needed) or for the signed-in fieldworker. */
export async function GET(request: NextRequest) {
  try {
    return await start(request);
  } catch (error) {
    return renderUnexpectedFailure("connect-google", error);
  }
}

async function start(request: NextRequest) {
  const db = await getDb();
  const session = await auth();
  const user = session?.user;
  const invite = request.nextUrl.searchParams.get("invite");
  if (invite) {
    const viewer: SessionViewer | null = user?.id
      ? { userId: user.id, role: user.role, companyId: user.companyId, fieldworkerId: user.fieldworkerId }
      : null;
    return respond(await startFromInvitation(db, invite, new Date(), viewer));
  }

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
