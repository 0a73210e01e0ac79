/**
 * `npm test`: type-check, lint, Vitest (unit + integration, on Postgres when DATABASE_URL is set, else
 * PGlite), a production build, then Playwright journeys against it with a fresh, seeded database.
 * Ends with one line "N passed, N failed" over Vitest and Playwright.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { addCounts, countsLine, playwrightCounts, REPORT_DIR, vitestCounts } from "./lib/reports";

process.env.NEXT_TELEMETRY_DISABLED = "1";
const node = process.execPath;
const bin = {
  tsc: "node_modules/typescript/bin/tsc",
  eslint: "node_modules/eslint/bin/eslint.js",
  vitest: "node_modules/vitest/vitest.mjs",
  next: "node_modules/next/dist/bin/next",
  playwright: "node_modules/@playwright/test/cli.js",
  tsx: "node_modules/tsx/dist/cli.mjs",
};
const skipE2e = process.argv.includes("--no-e2e");
const failures: string[] = [];

function step(name: string, args: string[], env: NodeJS.ProcessEnv = process.env): boolean {
  const started = Date.now();
  console.log(`\n▶ ${name}`);
  const result = spawnSync(node, args, { stdio: "inherit", env });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = result.status === 0;
  console.log(`${ok ? "✔" : "✘"} ${name} (${seconds} s)`);
  if (!ok) failures.push(name);
  return ok;
}

rmSync(REPORT_DIR, { recursive: true, force: true });
mkdirSync(REPORT_DIR, { recursive: true });
const vitestReport = path.join(REPORT_DIR, "vitest.json");
const e2eReport = path.join(REPORT_DIR, "e2e.json");

step("Type-check", [bin.tsc, "--noEmit", "-p", "."]);
step("Lint", [bin.eslint, "."]);
step(`Unit + integration tests (${process.env.DATABASE_URL ? "Postgres" : "PGlite"})`, [
  bin.vitest,
  "run",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${vitestReport}`,
]);

if (!skipE2e && step("Production build", [bin.next, "build"])) {
  const e2eEnv: NodeJS.ProcessEnv = { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: e2eReport };
  let dropDatabase: (() => void) | undefined;
  if (process.env.DATABASE_URL) {
    // A throw-away database per run so journeys start from the seed, whatever ran before.
    const name = `fieldsync_e2e_${randomBytes(4).toString("hex")}`;
    const server = process.env.DATABASE_URL;
    const sql = (statement: string) =>
      spawnSync(node, ["-e", `const p=require("postgres");const s=p(process.argv[1],{max:1,onnotice:()=>{}});s.unsafe(process.argv[2]).then(()=>s.end()).catch(e=>{console.error(e.message);process.exit(1)})`, server, statement], { stdio: "inherit" });
    sql(`create database "${name}"`);
    const url = new URL(server);
    url.pathname = `/${name}`;
    e2eEnv.DATABASE_URL = url.toString();
    dropDatabase = () => void sql(`drop database if exists "${name}" with (force)`);
  } else {
    e2eEnv.PGLITE_DIR = path.join(".data", "e2e-pglite");
    rmSync(e2eEnv.PGLITE_DIR, { recursive: true, force: true });
  }
  if (step("Seed the e2e database", [bin.tsx, "scripts/db-seed.ts"], e2eEnv)) {
    step("End-to-end journeys (Playwright)", [bin.playwright, "test"], e2eEnv);
  }
  dropDatabase?.();
}

const vitest = vitestCounts(vitestReport);
const e2e = playwrightCounts(e2eReport);
const total = addCounts(vitest, e2e);
writeFileSync(path.join(REPORT_DIR, "summary.json"), JSON.stringify({ vitest, e2e, total, failures }, null, 2));
console.log(`\nVitest: ${vitest ? countsLine(vitest) : "no report"}; Playwright: ${e2e ? countsLine(e2e) : skipE2e ? "skipped" : "no report"}`);
if (failures.length) console.log(`Failed steps: ${failures.join(", ")}`);
console.log(`${total.passed} passed, ${total.failed + (failures.length && !total.failed ? failures.length : 0)} failed`);
process.exit(failures.length ? 1 : 0);
