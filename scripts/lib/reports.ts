import { existsSync, readFileSync } from "node:fs";

export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

export const REPORT_DIR = ".reports";

/** Counts from Vitest's JSON reporter (Jest-compatible shape). */
export function vitestCounts(file: string): Counts | undefined {
  if (!existsSync(file)) return undefined;
  const report = JSON.parse(readFileSync(file, "utf8")) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
  };
  return { passed: report.numPassedTests, failed: report.numFailedTests, skipped: report.numPendingTests + report.numTodoTests };
}

/** Counts from Playwright's JSON reporter; a flaky test (passed on retry) counts as passed. */
export function playwrightCounts(file: string): Counts | undefined {
  if (!existsSync(file)) return undefined;
  const report = JSON.parse(readFileSync(file, "utf8")) as {
    stats: { expected: number; unexpected: number; flaky: number; skipped: number };
  };
  return { passed: report.stats.expected + report.stats.flaky, failed: report.stats.unexpected, skipped: report.stats.skipped };
}

export function addCounts(...all: (Counts | undefined)[]): Counts {
  return all.reduce<Counts>(
    (sum, c) => ({ passed: sum.passed + (c?.passed ?? 0), failed: sum.failed + (c?.failed ?? 0), skipped: sum.skipped + (c?.skipped ?? 0) }),
    { passed: 0, failed: 0, skipped: 0 },
  );
}

export function countsLine(c: Counts): string {
  return `${c.passed} passed, ${c.failed} failed${c.skipped ? `, ${c.skipped} skipped` : ""}`;
}
