/** Adds the PGlite and PgBouncer integration runs to `npm test`'s totals and prints CI's closing line. */
import { existsSync, readFileSync } from "node:fs";
import { addCounts, countsLine, vitestCounts, type Counts } from "./lib/reports";

const [summaryFile, pgliteReport, pgbouncerReport] = process.argv.slice(2);
const summary =
  summaryFile && existsSync(summaryFile)
    ? (JSON.parse(readFileSync(summaryFile, "utf8")) as { total: Counts; failures: string[] })
    : { total: { passed: 0, failed: 0, skipped: 0 }, failures: ["npm test (no summary)"] };
const pglite = pgliteReport ? vitestCounts(pgliteReport) : undefined;
const pgbouncer = pgbouncerReport ? vitestCounts(pgbouncerReport) : undefined;
const total = addCounts(summary.total, pglite, pgbouncer);
const stepFailures = summary.failures.length + (pglite ? 0 : 1) + (pgbouncerReport && !pgbouncer ? 1 : 0);
console.log(
  `\nnpm test on Postgres: ${countsLine(summary.total)}; integration on PGlite: ${pglite ? countsLine(pglite) : "no report"}` +
    (pgbouncerReport ? `; integration through PgBouncer: ${pgbouncer ? countsLine(pgbouncer) : "no report"}` : ""),
);
if (summary.failures.length) console.log(`Failed steps: ${summary.failures.join(", ")}`);
console.log(`${total.passed} passed, ${total.failed + (stepFailures && !total.failed ? stepFailures : 0)} failed`);
process.exit(total.failed || stepFailures ? 1 : 0);
