import { executeCalendarBatch, MAX_PARTS_PER_BATCH } from "./calendar-batch";
import type { BatchRequestPart } from "./batch-format";
import { batchableWorkRunning } from "./batch-demand";
import { DEFAULT_BATCH_WINDOW, onArrival, type BatchWindowPolicy } from "./batch-window";
import type { QuotaGate, QuotaTicket } from "./quota-gate";

interface Pending {
  url: URL;
  init: RequestInit;
  resolve: (response: Response) => void;
  reject: (error: unknown) => void;
  /** Whose quota the call spends; none for calls made before an account is stored (the connect flow). */
  ticket?: QuotaTicket;
  /** Whether the call may share an HTTP batch (else it always goes alone). */
  batchable: boolean;
  /** Times its quota refused it so far. */
  refusals: number;
}

export interface BatchingFetchOptions {
  /** When to send (see batch-window.ts); `maxParts` is capped at what one batch request may carry. */
  window?: Partial<BatchWindowPolicy>;
  /** The transport for lone calls (and the batch itself goes through global fetch). */
  fetchImpl?: typeof fetch;
}

/** The fetch one Google session hands the googleapis client: its calls spend `ticket`'s quota. */
export interface BatchingFetch {
  fetchFor(ticket: QuotaTicket | undefined, options: { batch: boolean }): typeof fetch;
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
 * out as a plain request.
 *
 * Every call, batched or not, is admitted by its quota first: what is about to be sent (a whole batch, or
 * one call) is reserved at once, one round trip to the budget store per HTTP request, each call counting
 * on its own as Google counts it. The googleapis client's own retries come through here too, so they are
 * counted. A refused call waits in the queue for room when the wait is short, else fails (its job is
 * rescheduled rather than holding the worker).
 */
export function createBatchingFetch(options: BatchingFetchOptions = {}): BatchingFetch {
  const policy = { ...DEFAULT_BATCH_WINDOW, ...options.window };
  policy.maxParts = Math.min(policy.maxParts, MAX_PARTS_PER_BATCH);
  const plainFetch = options.fetchImpl ?? fetch;
  let queue: Pending[] = [];
  let idleTimer: NodeJS.Timeout | undefined;
  let maxWaitTimer: NodeJS.Timeout | undefined;

  const sendAlone = (p: Pending) => void plainFetch(p.url, p.init).then(p.resolve, p.reject);

  const sendBatch = (batch: Pending[]) => {
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
          // A part Google didn't answer is sent again on its own rather than failed (its reservation stands).
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

  /** Reserves the calls' quota (one request to each gate involved); refused calls wait and arrive again, or fail. */
  const admit = async (calls: Pending[]): Promise<Pending[]> => {
    const admitted = calls.filter((p) => !p.ticket);
    const byGate = new Map<QuotaGate, Pending[]>();
    for (const p of calls) if (p.ticket) byGate.set(p.ticket.gate, [...(byGate.get(p.ticket.gate) ?? []), p]);
    await Promise.all(
      [...byGate].map(async ([gate, group]) => {
        let refused: Map<string, Date>;
        try {
          refused = await gate.admit(group.map((p) => ({ owner: p.ticket!.owner, cost: 1 })));
        } catch (error) {
          for (const p of group) p.reject(error);
          return;
        }
        for (const p of group) {
          const retryAt = refused.get(p.ticket!.owner.id);
          if (!retryAt) {
            admitted.push(p);
            continue;
          }
          p.refusals += 1;
          const waitMs = retryAt.getTime() - Date.now();
          if (waitMs > gate.maxWaitMs || p.refusals >= gate.maxRounds) p.reject(gate.heldBack(retryAt));
          else setTimeout(() => arrive(p), Math.max(waitMs, 20));
        }
      }),
    );
    return admitted;
  };

  const send = (calls: Pending[]) =>
    void admit(calls)
      .then((admitted) => {
        if (admitted.length === 1) sendAlone(admitted[0]!);
        else if (admitted.length > 1) sendBatch(admitted);
      })
      // Nothing above should throw; if it does, every caller hears of it rather than waiting forever.
      .catch((error: unknown) => {
        for (const p of calls) p.reject(error);
      });

  const flush = () => {
    clearTimeout(idleTimer);
    clearTimeout(maxWaitTimer);
    idleTimer = maxWaitTimer = undefined;
    const batch = queue;
    queue = [];
    if (batch.length > 0) send(batch);
  };

  function arrive(pending: Pending) {
    const decision = pending.batchable ? onArrival(policy, { queued: queue.length, workRunning: batchableWorkRunning() }) : ({ kind: "send-alone" } as const);
    if (decision.kind === "send-alone") return send([pending]);
    queue.push(pending);
    if (decision.kind === "flush-now") return flush();
    clearTimeout(idleTimer);
    idleTimer = setTimeout(flush, decision.idleMs);
    maxWaitTimer ??= setTimeout(flush, policy.maxWaitMs);
  }

  return {
    fetchFor(ticket, { batch }) {
      const fetchForSession = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> =>
        new Promise<Response>((resolve, reject) => {
          arrive({ url: new URL(input instanceof Request ? input.url : input.toString()), init, resolve, reject, ticket, batchable: batch, refusals: 0 });
        });
      return fetchForSession as typeof fetch;
    },
  };
}
