import { Resend } from "resend";
import { env } from "~/env";

let client: Resend | undefined;

/** Resend reads RESEND_BASE_URL itself when its module loads, which is how dev and tests reach the emulator. */
export function getResend(): Resend | undefined {
  if (!env.RESEND_API_KEY) return undefined;
  client ??= new Resend(env.RESEND_API_KEY);
  return client;
}
