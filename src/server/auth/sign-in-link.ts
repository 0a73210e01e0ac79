import type { Resend } from "resend";
import { env } from "~/env";
import { getDb } from "../db";
import { findSignInUser } from "../db/queries/users";
import { runAfterResponse } from "./after-response";
import { TooManySignInLinks } from "./sign-in-errors";
import { clientIp, consumeSignInAttempt } from "./sign-in-throttle";
import { maySignIn } from "./session-version";

export interface SignInLinkRequest {
  identifier: string;
  url: string;
  request: Request;
}

/**
 * Auth.js's sendVerificationRequest. Every address gets the same answer ("check your inbox"): the request is
 * throttled per address and per IP first (refused → TooManySignInLinks), then only a user who may sign in gets the
 * email, sent after the response (through our Resend client, so RESEND_BASE_URL — the emulator in dev and tests —
 * is honoured) so known and unknown addresses take as long.
 */
export async function sendSignInLink(resend: Resend, { identifier, url, request }: SignInLinkRequest): Promise<void> {
  const db = await getDb();
  const throttle = await consumeSignInAttempt(db, "magic_link", identifier, clientIp(request.headers), new Date());
  if (!throttle.allowed) throw new TooManySignInLinks(throttle.retryAfterMinutes);
  const user = await findSignInUser(db, identifier);
  if (!user || !maySignIn(user)) return;
  await runAfterResponse("sign-in email", async () => {
    const { error } = await resend.emails.send({
      from: env.EMAIL_FROM,
      to: identifier,
      subject: "Your FieldSync sign-in link",
      text: `Sign in to FieldSync:\n${url}\n\nThe link works once and expires in 24 hours. If you did not ask for it, ignore this email.`,
      html: `<p>Sign in to FieldSync:</p><p><a href="${url}">Sign in</a></p><p>The link works once and expires in 24 hours. If you did not ask for it, ignore this email.</p>`,
    });
    if (error) throw new Error(`Could not send the sign-in email: ${error.message}`);
  });
}
