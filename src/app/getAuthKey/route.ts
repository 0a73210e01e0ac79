import { NextResponse, type NextRequest } from "next/server";
import { auth } from "~/server/auth";
import { getDb } from "~/server/db";
import { OAUTH_BINDING_COOKIE, bindingCookieOptions } from "~/server/google/connect/browser-binding";
import { completeConnection, type ConnectionOutcome } from "~/server/google/connect/complete-connection";
import { renderResultPage, renderUnexpectedFailure } from "~/server/google/connect/result-page";
import { runSyncJobsAfterResponse } from "~/server/sync/triggers/schedule-jobs";

export const dynamic = "force-dynamic";
// Every route that runs sync jobs ends within this (Vercel would allow 300 s): a job's lease (outbox/lease.ts) outlasts it.
export const maxDuration = 60;

/** Google's OAuth redirect (register `<APP_URL>/getAuthKey` in Google Cloud Console). */
export async function GET(request: NextRequest) {
  try {
    return await complete(request);
  } catch (error) {
    const response = renderUnexpectedFailure("getAuthKey", error);
    response.cookies.set(OAUTH_BINDING_COOKIE, "", { ...bindingCookieOptions(), maxAge: 0 });
    return response;
  }
}

async function complete(request: NextRequest) {
  const params = request.nextUrl.searchParams;
  const db = await getDb();
  const outcome = await completeConnection(
    db,
    {
      state: params.get("state") ?? undefined,
      code: params.get("code") ?? undefined,
      error: params.get("error") ?? undefined,
      browserBinding: request.cookies.get(OAUTH_BINDING_COOKIE)?.value,
    },
    new Date(),
  );
  const response = await respond(request, outcome);
  // The verifier is spent either way; a retry (partial grant, missing refresh token) carries a fresh one.
  if ((outcome.kind === "retry_consent" || outcome.kind === "partial_grant") && outcome.browserBinding) {
    response.cookies.set(OAUTH_BINDING_COOKIE, outcome.browserBinding, bindingCookieOptions());
  } else {
    response.cookies.set(OAUTH_BINDING_COOKIE, "", { ...bindingCookieOptions(), maxAge: 0 });
  }
  return response;
}

async function respond(request: NextRequest, outcome: ConnectionOutcome): Promise<NextResponse> {
  switch (outcome.kind) {
    case "connected": {
      runSyncJobsAfterResponse();
      const session = await auth();
      if (session?.user?.fieldworkerId === outcome.fieldworkerId) {
        return NextResponse.redirect(new URL(`/calendar?google=connected`, request.nextUrl));
      }
      return renderResultPage({
        status: 200,
        title: "Your Google Calendar is connected",
        message: `FieldSync is now synced with ${outcome.email}. Your jobs will appear in a calendar named after your company. You can close this page.`,
        action: { label: "Open FieldSync", href: "/calendar" },
      });
    }
    case "retry_consent":
      return NextResponse.redirect(outcome.url);
    case "denied":
      return renderResultPage({
        status: 200,
        title: "Nothing was shared",
        message: "You cancelled on Google's consent screen, so FieldSync did not get access to your calendar. You can use the same link again whenever you're ready.",
      });
    case "partial_grant":
      return renderResultPage({
        status: 200,
        title: "FieldSync needs all three permissions",
        message:
          "Some boxes were left unticked on Google's consent screen. FieldSync needs to see your calendar list, manage the company calendar it creates, and view your events to avoid double bookings. Nothing was connected.",
        action: { label: "Try again", href: outcome.retryUrl },
      });
    case "wrong_account":
      return renderResultPage({ status: 403, title: outcome.title, message: `${outcome.message} Nothing was connected.` });
    case "invalid_state":
      return renderResultPage({ status: 400, title: "This sign-in can't be completed", message: `${outcome.reason} Nothing was connected.` });
    case "failed":
      return renderResultPage({ status: 502, title: "Connecting to Google failed", message: `${outcome.message} Nothing was connected; please try again.` });
  }
}
