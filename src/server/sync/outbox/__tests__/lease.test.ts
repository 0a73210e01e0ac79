import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { JOB_LEASE_MS } from "../lease";

const APP_DIR = join(__dirname, "../../../../app");

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return routeFiles(path);
    return name === "route.ts" ? [path] : [];
  });
}

/** Routes that run sync jobs: directly (the cron) or after their response (`after()` hooks). */
const jobRunningRoutes = routeFiles(APP_DIR).filter((path) => /runSyncJobsAfterResponse|runCronSweep|runDueJobs/.test(readFileSync(path, "utf8")));

describe("the job lease", () => {
  it("finds the routes that run jobs", () => {
    expect(jobRunningRoutes.length).toBeGreaterThanOrEqual(4);
  });

  // Vercel ends a function at its maxDuration (300 s by default with Fluid compute:
  // https://vercel.com/docs/functions/limitations); a job still running then must still hold its lease.
  it.each(jobRunningRoutes.map((path) => [path.slice(APP_DIR.length)]))("outlasts the maxDuration of %s", (route) => {
    const source = readFileSync(join(APP_DIR, route), "utf8");
    const declared = /export const maxDuration = (\d+);/.exec(source);
    expect(declared, `${route} must declare maxDuration`).not.toBeNull();
    expect(Number(declared![1]) * 1000).toBeLessThan(JOB_LEASE_MS);
  });
});
