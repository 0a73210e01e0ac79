import type { IncomingMessage, ServerResponse } from "node:http";

/** Transport-neutral request, so the batch endpoint can dispatch its parts through the same routes. */
export interface EmuRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** Lower-cased header names. */
  headers: Record<string, string | undefined>;
  rawBody: Buffer;
  /** Scheme + host the caller used, for links and resource URIs. */
  baseUrl: string;
}

export interface EmuResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export type RouteParams = Record<string, string>;
export type Handler = (req: EmuRequest, params: RouteParams) => Promise<EmuResponse> | EmuResponse;

interface Route {
  method: string;
  segments: string[];
  handler: Handler;
}

export class Router {
  private readonly routes: Route[] = [];

  add(method: string, pattern: string, handler: Handler): this {
    this.routes.push({ method, segments: splitPath(pattern), handler });
    return this;
  }

  match(method: string, path: string): { handler: Handler; params: RouteParams } | "method-not-allowed" | undefined {
    const parts = splitPath(path);
    let pathMatched = false;
    for (const route of this.routes) {
      const params = matchSegments(route.segments, parts);
      if (!params) continue;
      pathMatched = true;
      if (route.method === method || (route.method === "GET" && method === "HEAD")) return { handler: route.handler, params };
    }
    return pathMatched ? "method-not-allowed" : undefined;
  }
}

function splitPath(path: string): string[] {
  return path.split("/").filter((s) => s.length > 0);
}

function matchSegments(pattern: string[], parts: string[]): RouteParams | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: RouteParams = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] ?? "";
    const part = parts[i] ?? "";
    if (p.startsWith(":")) {
      try {
        params[p.slice(1)] = decodeURIComponent(part);
      } catch {
        return undefined;
      }
    } else if (p !== part) {
      return undefined;
    }
  }
  return params;
}

export function json(status: number, data: unknown, headers: Record<string, string> = {}): EmuResponse {
  return {
    status,
    headers: { "content-type": "application/json; charset=UTF-8", ...headers },
    body: JSON.stringify(data, null, 1),
  };
}

export function html(status: number, markup: string): EmuResponse {
  return { status, headers: { "content-type": "text/html; charset=utf-8" }, body: markup };
}

export function redirect(location: string, status = 302): EmuResponse {
  return { status, headers: { location } };
}

export function empty(status = 204): EmuResponse {
  return { status };
}

export class BodyParseError extends Error {}

export function readJson(req: EmuRequest): unknown {
  const text = req.rawBody.toString("utf8").trim();
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BodyParseError("Parse Error");
  }
}

/** Form fields from a urlencoded body, falling back to the query string (Google accepts both on /token and /revoke). */
export function readForm(req: EmuRequest): URLSearchParams {
  const merged = new URLSearchParams(req.query);
  const type = req.headers["content-type"] ?? "";
  if (type.includes("application/x-www-form-urlencoded") || (type === "" && req.rawBody.length > 0)) {
    for (const [k, v] of new URLSearchParams(req.rawBody.toString("utf8"))) merged.set(k, v);
  }
  return merged;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export async function toEmuRequest(req: IncomingMessage): Promise<EmuRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  const host = req.headers.host ?? "127.0.0.1";
  const url = new URL(req.url ?? "/", `http://${host}`);
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
  return {
    method: (req.method ?? "GET").toUpperCase(),
    path: url.pathname,
    query: url.searchParams,
    headers,
    rawBody: Buffer.concat(chunks),
    baseUrl: `http://${host}`,
  };
}

export function writeEmuResponse(res: ServerResponse, response: EmuResponse, headOnly = false): void {
  res.statusCode = response.status;
  for (const [k, v] of Object.entries(response.headers ?? {})) res.setHeader(k, v);
  if (response.body === undefined || headOnly) {
    res.end();
    return;
  }
  res.end(response.body);
}
