/**
 * Guards for state-changing requests that arrive with the browser's cookies, checked before anything reads
 * the body or the session.
 *
 * CSRF: SameSite=Lax cookies don't stop a *same-site* attacker (another port or subdomain of the same host), and
 * a plain HTML form can POST `multipart/form-data`, `application/x-www-form-urlencoded` or `text/plain` without
 * a CORS preflight. So a mutation must be JSON (a cross-origin page can only send JSON after a preflight we never
 * answer) and come from our own origin: `Origin` when the browser sends it, else `Sec-Fetch-Site`. A request with
 * neither is not from a browser, and a non-browser client holds no victim's cookies.
 *
 * Body size: Next's route handlers have no limit, and tRPC parses the whole body before any procedure (and its
 * login check) runs, so the limit is enforced while reading, before parsing.
 */

/** The biggest legit tRPC body is far below this (a client-secret JSON upload is capped at 20 kB). */
export const MAX_MUTATION_BODY_BYTES = 1_048_576;

export type GuardRefusal = { status: 403 | 413 | 415; message: string };

/** The host the browser addressed (behind Vercel or another proxy: X-Forwarded-Host). */
function requestHost(headers: Headers): string | null {
  return headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host");
}

/** Whether a cookie-carrying browser request comes from a page of this app (see the header comment). */
export function isSameOriginRequest(headers: Headers, appUrl: string): boolean {
  const origin = headers.get("origin");
  if (origin !== null) {
    let host: string;
    try {
      host = new URL(origin).host;
    } catch {
      return false; // "null" (sandboxed frames, file://) or garbage
    }
    return origin === new URL(appUrl).origin || host === requestHost(headers);
  }
  const site = headers.get("sec-fetch-site");
  return site === null || site === "same-origin" || site === "none";
}

export function isJsonContentType(headers: Headers): boolean {
  return headers.get("content-type")?.split(";")[0]?.trim().toLowerCase() === "application/json";
}

/** Origin first (a forged form is a 403 whatever its type), then the content type. */
export function refuseCrossSiteMutation(headers: Headers, appUrl: string): GuardRefusal | null {
  if (!isSameOriginRequest(headers, appUrl)) return { status: 403, message: "Cross-site request refused." };
  if (!isJsonContentType(headers)) return { status: 415, message: "Send JSON (Content-Type: application/json)." };
  return null;
}

const TOO_LARGE: GuardRefusal = { status: 413, message: "The request body is too large." };

/**
 * The body, read up to `maxBytes`: a declared Content-Length over the limit is refused before reading a byte,
 * and a body that streams past it is cut off there (never buffered whole).
 */
export async function readBodyWithin(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer> | GuardRefusal> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) return TOO_LARGE;
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      return TOO_LARGE;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
