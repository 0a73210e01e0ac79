/**
 * Google's HTTP batch format (multipart/mixed): each part is one whole HTTP request, and the response
 * carries one HTTP response per part, matched back by Content-ID ("<item-N>" → "<response-item-N>").
 * googleapis has no batch support, so FieldSync encodes and decodes it here. Pure.
 */

export interface BatchRequestPart {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Path and query below the API root, e.g. "/calendar/v3/calendars/x/events". */
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface BatchResponsePart {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

const CRLF = "\r\n";

export function encodeBatch(parts: BatchRequestPart[], boundary: string): string {
  const chunks = parts.map((part, index) => {
    const headerLines = Object.entries(part.headers ?? {}).map(([k, v]) => `${k}: ${v}`);
    const hasBody = part.body !== undefined;
    const request = [
      `${part.method} ${part.path} HTTP/1.1`,
      ...(hasBody ? ["Content-Type: application/json; charset=UTF-8"] : []),
      ...headerLines,
      "",
      hasBody ? JSON.stringify(part.body) : "",
    ].join(CRLF);
    return [`--${boundary}`, "Content-Type: application/http", `Content-ID: <item-${index}>`, "", request].join(CRLF);
  });
  return `${chunks.join(CRLF)}${CRLF}--${boundary}--${CRLF}`;
}

function splitOnce(text: string): [string, string] {
  const match = /\r?\n\r?\n/.exec(text);
  if (!match) return [text, ""];
  return [text.slice(0, match.index), text.slice(match.index + match[0].length)];
}

function headerMap(lines: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/**
 * Decodes a batch response into one entry per request part, in the order of the request. A part Google
 * did not answer comes back as status 0 so the caller retries it on its own.
 */
export function decodeBatchResponse(contentType: string, text: string, partCount: number): BatchResponsePart[] {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) throw new Error("Batch response without a multipart boundary");
  const results: BatchResponsePart[] = Array.from({ length: partCount }, () => ({ status: 0, headers: {}, body: undefined }));
  for (const chunk of text.split(`--${boundary}`).slice(1)) {
    if (chunk.startsWith("--")) break;
    const [partHead, http] = splitOnce(chunk.replace(/^\r?\n/, ""));
    const id = /<response-item-(\d+)>/.exec(headerMap(partHead.split(/\r?\n/))["content-id"] ?? "")?.[1];
    const [responseHead, bodyText] = splitOnce(http.replace(/^\s+/, ""));
    const [statusLine = "", ...lines] = responseHead.split(/\r?\n/);
    const status = Number(/^HTTP\/\d(?:\.\d)? (\d{3})/.exec(statusLine)?.[1] ?? 0);
    const trimmed = bodyText.trim();
    let body: unknown = undefined;
    if (trimmed) {
      try {
        body = JSON.parse(trimmed);
      } catch {
        body = trimmed;
      }
    }
    const index = id === undefined ? -1 : Number(id);
    if (index >= 0 && index < partCount) results[index] = { status, headers: headerMap(lines), body };
  }
  return results;
}
