/**
 * Runs one cron sweep in its own process, as a serverless invocation would, and reports its peak RSS:
 * the benchmark's main process also holds the emulator and the test data, so its RSS says nothing about
 * the worker. Reads DATABASE_URL and the Google settings from the environment; prints one JSON line with
 * the sweep's report, wall time, SQL statements and peak RSS.
 */
import { openDb } from "~/server/db/client";
import { runCronSweep } from "~/server/sync/triggers/cron-sweep";

let peak = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 20);
let queries = 0;
const handle = await openDb({ url: process.env.DATABASE_URL, migrate: true, onQuery: () => (queries += 1) });
const queriesBeforeSweep = queries;
const started = performance.now();
const report = await runCronSweep(handle.db, { budgetMs: 50_000, concurrency: 8 });
const wallMs = performance.now() - started;
clearInterval(sampler);
await handle.close();
console.log(JSON.stringify({ report, wallMs, queries: queries - queriesBeforeSweep, peakRssMb: Math.max(peak, process.memoryUsage().rss) / 1_048_576 }));
