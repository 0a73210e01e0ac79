/**
 * Runs once when a Next server starts (not during `next build`). The check itself lives in
 * ./instrumentation-node.ts. `process.env.NEXT_RUNTIME` is read here, not through src/env.ts, because Next
 * replaces it at compile time, which keeps that Node-only module out of the edge bundle.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") await import("./instrumentation-node").then((node) => node.refuseToStartWithoutSettings());
}
