import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { MAX_MUTATION_BODY_BYTES, readBodyWithin, refuseCrossSiteMutation, type GuardRefusal } from "../security/request-guards";
import { appRouter } from "./root";
import type { TrpcContext } from "./trpc";

const refusal = ({ status, message }: GuardRefusal) => Response.json({ error: { message } }, { status });

/**
 * The tRPC HTTP endpoint: POSTs (mutations, and batched queries) must be same-origin JSON within the body limit —
 * checked before the body is parsed and before the session is read (createContext runs only after).
 * GETs are queries, which change nothing.
 */
export async function handleTrpcRequest(
  req: Request,
  options: { appUrl: string; createContext: () => Promise<TrpcContext>; onInternalError?: (path: string, error: unknown) => void },
): Promise<Response> {
  let request = req;
  if (req.method === "POST") {
    const refused = refuseCrossSiteMutation(req.headers, options.appUrl);
    if (refused) return refusal(refused);
    const body = await readBodyWithin(req, MAX_MUTATION_BODY_BYTES);
    if (!(body instanceof Uint8Array)) return refusal(body);
    request = new Request(req.url, { method: req.method, headers: req.headers, body, signal: req.signal });
  }
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: request,
    router: appRouter,
    createContext: options.createContext,
    onError({ path, error }) {
      if (error.code === "INTERNAL_SERVER_ERROR") options.onInternalError?.(path ?? "?", error);
    },
  });
}
