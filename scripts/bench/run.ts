/**
 * `npm run bench` (`-- --quick` for a one-minute version): FieldSync's sync performance against the
 * emulator, side by side with a naive polling baseline, on PGlite and — when DATABASE_URL is set — on
 * Postgres. Prints a table and writes JSON under bench/results/.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { prepareBenchEnv } from "./bench-env";

const quick = process.argv.includes("--quick");
/** `--only=3,5` runs just those scenarios (while tuning one thing); `--one-account` adds scenario 7; `--profile` prints statement shapes. */
const only = process.argv.find((a) => a.startsWith("--only="))?.slice("--only=".length).split(",");
const wanted = (n: string) => !only || only.includes(n);
const ports = await prepareBenchEnv();
// App modules read the environment when they load: import them only now.
const { createBenchWorld } = await import("./bench-world");
const scenarios = await import("./scenarios");
const live = await import("./live-calendar");
type ScenarioResult = Awaited<ReturnType<typeof scenarios.bulkPush>>;

const postgresUrl = process.env.DATABASE_URL;
const targets: { name: string; url?: string }[] = [{ name: "PGlite" }, ...(postgresUrl ? [{ name: "Postgres", url: postgresUrl }] : [])];

async function inWorld<T>(target: { url?: string }, fn: (world: Awaited<ReturnType<typeof createBenchWorld>>) => Promise<T>): Promise<T> {
  if (target.url) process.env.DATABASE_URL = target.url;
  else delete process.env.DATABASE_URL;
  const world = await createBenchWorld(ports);
  try {
    return await fn(world);
  } finally {
    await world.close();
  }
}

const fmt = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? "—" : n >= 100 ? Math.round(n).toLocaleString("en-AU") : n.toFixed(n >= 10 ? 1 : 2));
/** How many times better FieldSync is: baseline ÷ FieldSync, inverted for figures where more is better. */
const HIGHER_IS_BETTER = new Set(["operationsPerRequest"]);
const ratio = (key: string, a: number | undefined, b: number | undefined) =>
  a && b ? `${(HIGHER_IS_BETTER.has(key) ? a / b : b / a).toFixed(1)}×` : "—";

const report: { machine: Record<string, string | number>; quick: boolean; results: Record<string, ScenarioResult[]> } = {
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? "?", memoryGb: Math.round(os.totalmem() / 1e9), node: process.version, platform: `${os.platform()} ${os.release()}` },
  quick,
  results: {},
};

for (const target of targets) {
  const results: ScenarioResult[] = [];
  console.log(`\n=== ${target.name} ${quick ? "(quick)" : ""}`);
  if (wanted("1") || wanted("2")) results.push(...(await inWorld(target, (w) => scenarios.firstImportAndIncremental(w, quick))));
  if (wanted("3")) results.push(await inWorld(target, (w) => scenarios.bulkPush(w, quick)));
  if (wanted("4")) results.push(await inWorld(target, (w) => scenarios.cronSweep(w, quick)));
  if (wanted("5")) results.push(await inWorld(target, (w) => scenarios.rangeQuery(w, quick)));
  if (wanted("6")) results.push(...(await liveCalendarRuns(target)));
  // About 70 s a database (it waits for Google's quota window by design): only when asked for.
  if (process.argv.includes("--one-account") || only?.includes("7")) results.push(await inWorld(target, (w) => scenarios.oneAccountPush(w, quick)));
  report.results[target.name] = results;
  for (const r of results) {
    console.log(`\n${r.name}`);
    const rows: [string, string, string, string][] = [["", "FieldSync", "naive baseline", "FieldSync's advantage"]];
    const keys = new Set([...Object.keys(r.fieldsync), ...Object.keys(r.baseline ?? {})]);
    for (const key of keys) {
      const a = r.fieldsync[key];
      const b = r.baseline?.[key];
      rows.push([key, fmt(a), fmt(b), b === undefined ? "" : ratio(key, a, b)]);
    }
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
    for (const row of rows) console.log(`  ${row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ")}`);
    for (const note of r.notes) console.log(`  · ${note}`);
  }
}

await live.closeNext();

/**
 * Scenario 6 serves the production build: on Postgres twice, directly (LISTEN) and as behind a transaction
 * pooler (`?pgbouncer=true`: no LISTEN, the shared poll).
 */
async function liveCalendarRuns(target: { name: string; url?: string }): Promise<ScenarioResult[]> {
  if (!existsSync(path.join(".next", "BUILD_ID"))) {
    console.log("\n6. Live calendar: skipped, no production build (run `npm run build` first)");
    return [];
  }
  const variants = target.url
    ? [
        { label: "Postgres, LISTEN", url: target.url },
        { label: "Postgres behind a transaction pooler, shared poll", url: withPoolerMarker(target.url) },
      ]
    : [{ label: "PGlite, LISTEN", url: null }];
  const results: ScenarioResult[] = [];
  for (const variant of variants) results.push(await live.liveCalendar(ports, { quick, label: variant.label, serverUrl: variant.url }));
  await live.stopListening();
  return results;
}

function withPoolerMarker(url: string): string {
  const marked = new URL(url);
  marked.searchParams.set("pgbouncer", "true");
  return marked.toString();
}

const dir = path.join("bench", "results");
mkdirSync(dir, { recursive: true });
const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, "-")}${quick ? "-quick" : ""}.json`);
writeFileSync(file, JSON.stringify(report, null, 2));
if (!only) writeFileSync(path.join(dir, `latest${quick ? "-quick" : ""}.json`), JSON.stringify(report, null, 2));
console.log(`\nResults written to ${file}`);
