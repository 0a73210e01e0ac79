import { randomUUID } from "node:crypto";
import { logger, safeUrl, withLogContext } from "./logger";

/** Vercel's request id when there is one (it is also in Vercel's own request log), else a fresh one. */
export function requestIdOf(headers: Headers): string {
  return headers.get("x-vercel-id") ?? headers.get("x-request-id") ?? randomUUID();
}

/**
 * Wraps a route handler: every line it logs carries the request id, and one line records the method,
 * the path (never its query string: links carry signed tokens), the status and the duration.
 */
export async function withRequestLog(request: Request, route: string, handler: () => Promise<Response>): Promise<Response> {
  const started = performance.now();
  return withLogContext({ requestId: requestIdOf(request.headers) }, async () => {
    try {
      const response = await handler();
      logger().info({ route, method: request.method, path: safeUrl(request.url), status: response.status, durationMs: Math.round(performance.now() - started) }, "request");
      return response;
    } catch (error) {
      logger().error({ route, method: request.method, path: safeUrl(request.url), err: error, durationMs: Math.round(performance.now() - started) }, "request failed");
      throw error;
    }
  });
}
