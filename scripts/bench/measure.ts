import type { ControlClient } from "../../emulator/control-client";

export interface Measurement {
  wallMs: number;
  /** HTTP requests the emulator received on Google's API and OAuth endpoints. */
  googleRequests: number;
  /** Operations inside those requests (a batch request carries many). */
  googleOperations: number;
  dbStatements: number;
  peakRssMb: number;
}

export interface Counters {
  queries: number;
}

const sum = (counters: Record<string, number>, include: (op: string) => boolean) =>
  Object.entries(counters)
    .filter(([op]) => include(op))
    .reduce((total, [, n]) => total + n, 0);

/** Runs `fn` and reports its wall time, Google traffic (from the emulator's counters), SQL statements and peak RSS. */
export async function measure(control: ControlClient, db: Counters, fn: () => Promise<void>): Promise<Measurement> {
  await control.resetCounters();
  const queriesBefore = db.queries;
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 25);
  const started = performance.now();
  try {
    await fn();
  } finally {
    clearInterval(sampler);
  }
  const wallMs = performance.now() - started;
  const counters = await control.counters();
  const isGoogleOperation = (op: string) => (op.startsWith("calendar.") || op.startsWith("oauth.")) && !op.startsWith("calendar.batch");
  const batchRequests = counters["calendar.batch"] ?? 0;
  const operations = sum(counters, isGoogleOperation);
  const batchedOperations = counters["calendar.batch.parts"] ?? 0;
  return {
    wallMs,
    googleOperations: operations,
    googleRequests: operations - batchedOperations + batchRequests,
    dbStatements: db.queries - queriesBefore,
    peakRssMb: Math.max(peak, process.memoryUsage().rss) / 1_048_576,
  };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
