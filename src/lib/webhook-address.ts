/**
 * The address Google posts push notifications to. Google takes only https ("This is your webhook callback URL, and
 * it must use HTTPS", https://developers.google.com/workspace/calendar/api/guides/push), so a production server
 * refuses to hand it anything else — plain http is for development, tests, and a local production-mode run on this
 * machine (`FIELDSYNC_LOCAL_PRODUCTION`, loopback hosts only).
 */
export const WEBHOOK_PATH = "/api/google/webhook";

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

export function isLoopbackHost(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname);
}

/** Why `appUrl` cannot receive Google's push notifications in this mode, or null when it can. */
export function webhookBaseProblem(appUrl: string, mode: { production: boolean; localRun: boolean }): string | null {
  if (!URL.canParse(appUrl)) return `APP_URL must be a URL such as https://fieldsync.example.com (got ${appUrl})`;
  const url = new URL(appUrl);
  if (url.protocol === "https:") return null;
  if (url.protocol !== "http:") return `APP_URL must use https (got ${url.protocol})`;
  if (!mode.production) return null;
  if (mode.localRun && isLoopbackHost(url)) return null;
  return "APP_URL must use https (Google only sends push notifications to https)";
}

/** The webhook address for `appUrl`; throws when production would hand Google an address it refuses. */
export function webhookAddressFor(appUrl: string, mode: { production: boolean; localRun: boolean }): string {
  const problem = webhookBaseProblem(appUrl, mode);
  if (problem) throw new Error(problem);
  return new URL(WEBHOOK_PATH, appUrl).toString();
}
