import { STATUS_CODES } from "node:http";
import type { EmulatorContext } from "../context";
import { GoogleApiError, googleErrors, renderGoogleError } from "../errors";
import type { EmuRequest, EmuResponse, Router } from "../http";
import { urlSafeToken } from "../ids";

/** Google's limit on calls in one batch request. */
const MAX_BATCH_PARTS = 1000;

interface BatchPart {
  contentId?: string;
  request: EmuRequest;
}

function splitHead(text: string): { head: string[]; body: string } {
  const m = /\r?\n\r?\n/.exec(text);
  if (!m) return { head: text.split(/\r?\n/).filter((l) => l !== ""), body: "" };
  return { head: text.slice(0, m.index).split(/\r?\n/), body: text.slice(m.index + m[0].length) };
}

function parseHeaders(lines: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of lines) {
    const i = line.indexOf(":");
    if (i > 0) out[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return out;
}

export function parseBatch(outer: EmuRequest): BatchPart[] {
  const type = outer.headers["content-type"] ?? "";
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (!type.startsWith("multipart/mixed") || !boundary) throw googleErrors.badRequest("badContent", "Invalid multipart request: missing boundary.");
  const text = outer.rawBody.toString("utf8");
  const chunks = text.split(`--${boundary}`).slice(1);
  const parts: BatchPart[] = [];
  for (const chunk of chunks) {
    if (chunk.startsWith("--")) break;
    const { head: partHead, body: httpText } = splitHead(chunk.replace(/^\r?\n/, ""));
    const partHeaders = parseHeaders(partHead);
    const { head: reqHead, body } = splitHead(httpText.replace(/^\s+/, ""));
    const [requestLine = "", ...headerLines] = reqHead;
    const [method = "GET", target = "/"] = requestLine.split(" ");
    const url = new URL(target, outer.baseUrl);
    const headers: Record<string, string | undefined> = { ...parseHeaders(headerLines) };
    headers.authorization ??= outer.headers.authorization;
    parts.push({
      contentId: partHeaders["content-id"],
      request: {
        method: method.toUpperCase(),
        path: url.pathname,
        query: url.searchParams,
        headers,
        rawBody: Buffer.from(body.replace(/\r?\n$/, ""), "utf8"),
        baseUrl: outer.baseUrl,
      },
    });
  }
  return parts;
}

function renderPart(contentId: string | undefined, res: EmuResponse): string {
  const lines = ["Content-Type: application/http"];
  if (contentId) lines.push(`Content-ID: ${contentId.replace(/^<?/, "<response-")}`);
  lines.push("", `HTTP/1.1 ${res.status} ${STATUS_CODES[res.status] ?? ""}`);
  for (const [k, v] of Object.entries(res.headers ?? {})) lines.push(`${k}: ${v}`);
  lines.push("", res.body === undefined ? "" : res.body.toString());
  return lines.join("\r\n");
}

/** `POST /batch/calendar/v3`: multipart/mixed, each part a full HTTP request through the normal Calendar routes. */
export function registerBatch(router: Router, ctx: EmulatorContext, apiRouter: Router): void {
  router.add("POST", "/batch/calendar/v3", async (req) => {
    ctx.store.count("calendar.batch");
    let parts: BatchPart[];
    try {
      parts = parseBatch(req);
      if (parts.length === 0) throw googleErrors.badRequest("badRequest", "Batch request contains no parts.");
      if (parts.length > MAX_BATCH_PARTS) throw googleErrors.badRequest("batchSizeTooLarge", `A batch request cannot contain more than ${MAX_BATCH_PARTS} requests.`);
    } catch (err) {
      if (err instanceof GoogleApiError) return renderGoogleError(err);
      throw err;
    }
    // Each part is counted under its own operation too; this lets benchmarks tell requests from operations.
    ctx.store.count("calendar.batch.parts", parts.length);
    const boundary = `batch_${urlSafeToken(12)}`;
    const rendered: string[] = [];
    for (const part of parts) {
      let res: EmuResponse;
      if (!part.request.path.startsWith("/calendar/v3/")) {
        res = renderGoogleError(googleErrors.notFound());
      } else {
        const match = apiRouter.match(part.request.method, part.request.path);
        res = match === undefined ? renderGoogleError(googleErrors.notFound())
          : match === "method-not-allowed" ? renderGoogleError(googleErrors.methodNotAllowed())
          : await match.handler(part.request, match.params);
      }
      rendered.push(`--${boundary}\r\n${renderPart(part.contentId, res)}`);
    }
    return {
      status: 200,
      headers: { "content-type": `multipart/mixed; boundary=${boundary}` },
      body: `${rendered.join("\r\n")}\r\n--${boundary}--\r\n`,
    };
  });
}
