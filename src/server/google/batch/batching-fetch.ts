import { executeCalendarBatch, MAX_PARTS_PER_BATCH } from "./calendar-batch";
import type { BatchRequestPart } from "./batch-format";
import { batchableWorkRunning } from "./batch-demand";
import { DEFAULT_BATCH_WINDOW, onArrival, type BatchWindowPolicy } from "./batch-window";

interface Pending {
  url: URL;
  init: RequestInit;
  resolve: (response: Response) => void;
  reject: (error: unknown) => void;
}

export interface BatchingFetchOptions {
  /** When to send (see batch-window.ts); `maxParts` is capped at what one batch request may carry. */
  window?: Partial<BatchWindowPolicy>;
  /** The transport for lone calls (and the batch itself goes through global fetch). */
  fetchImpl?: typeof fetch;
}

function headersOf(init: RequestInit): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers(init.headers).forEach((value, key) => {
    // The batch part carries its own JSON content type; transport headers stay on the outer request.
    if (key !== "content-type" && key !== "content-length" && key !== "accept-encoding" && key !== "user-agent") out[key] = value;
  });
  return out;
}

function parseBody(body: RequestInit["body"]): unknown {
  if (body === undefined || body === null || body === "") return undefined;
  if (typeof body !== "string") throw new Error("Only JSON string bodies can be batched");
  return JSON.parse(body);
}

const NO_BODY_STATUSES = new Set([204, 205, 304]);

/**
 * A `fetch` for the googleapis client that gathers the Calendar calls made at about the same moment
 * (by concurrent sync jobs) into Google HTTP batch requests, and hands each caller its own response, so
 * the client, its retries and the job code stay exactly as they are. A call alone in its window goes
 * out as a plain request. Each call still counts against its user's quota (Google's rule).
 */
export function createBatchingFetch(options: BatchingFetchOptions = {}): typeof fetch {
  const policy = { ...DEFAULT_BATCH_WINDOW, ...options.window };
  policy.maxParts = Math.min(policy.maxParts, MAX_PARTS_PER_BATCH);
  const plainFetch = options.fetchImpl ?? fetch;
  let queue: Pending[] = [];
  let idleTimer: NodeJS.Timeout | undefined;
  let maxWaitTimer: NodeJS.Timeout | undefined;

  const sendAlone = (p: Pending) => void plainFetch(p.url, p.init).then(p.resolve, p.reject);

  const flush = () => {
    clearTimeout(idleTimer);
    clearTimeout(maxWaitTimer);
    idleTimer = maxWaitTimer = undefined;
    const batch = queue;
    queue = [];
    if (batch.length === 0) return;
    if (batch.length === 1) return sendAlone(batch[0]!);
    let parts: BatchRequestPart[];
    try {
      parts = batch.map((p) => ({
        method: (p.init.method ?? "GET").toUpperCase() as BatchRequestPart["method"],
        path: `${p.url.pathname}${p.url.search}`,
        headers: headersOf(p.init),
        body: parseBody(p.init.body),
      }));
    } catch {
      // A body that cannot travel in a batch part: every call goes out on its own instead.
      for (const p of batch) sendAlone(p);
      return;
    }
    executeCalendarBatch(parts).then(
      (results) => {
        results.forEach((result, i) => {
          const pending = batch[i]!;
          // A part Google didn't answer is sent again on its own rather than failed.
          if (result.status === 0) return sendAlone(pending);
          const body = NO_BODY_STATUSES.has(result.status) || result.body === undefined ? null : typeof result.body === "string" ? result.body : JSON.stringify(result.body);
          pending.resolve(new Response(body, { status: result.status, headers: { "content-type": "application/json; charset=UTF-8", ...result.headers } }));
        });
      },
      (error: unknown) => {
        for (const p of batch) p.reject(error);
      },
    );
  };

  const batchingFetch = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> =>
    new Promise<Response>((resolve, reject) => {
      const pending: Pending = { url: new URL(input instanceof Request ? input.url : input.toString()), init, resolve, reject };
      const decision = onArrival(policy, { queued: queue.length, workRunning: batchableWorkRunning() });
      if (decision.kind === "send-alone") return sendAlone(pending);
      queue.push(pending);
      if (decision.kind === "flush-now") return flush();
      clearTimeout(idleTimer);
      idleTimer = setTimeout(flush, decision.idleMs);
      maxWaitTimer ??= setTimeout(flush, policy.maxWaitMs);
    });
  return batchingFetch as typeof fetch;
}
