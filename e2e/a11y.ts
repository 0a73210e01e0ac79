import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/** The WCAG 2.2 level A and AA rule sets FieldSync promises (issue #16). */
export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

export const DESKTOP = { width: 1440, height: 900 };
export const PHONE = { width: 390, height: 844 };

/** One blocking axe finding, short enough to read in a failure message. */
export interface Finding {
  where: string;
  rule: string;
  impact: string;
  targets: string[];
  summary: string;
}

/**
 * Runs axe over what the page shows now (open dialogs included) and returns its critical and serious findings.
 * Moderate and minor ones are advice, not failures.
 */
export async function blockingAxeFindings(page: Page, where: string): Promise<Finding[]> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).exclude("nextjs-portal").analyze();
  return results.violations
    .filter((v) => v.impact === "critical" || v.impact === "serious")
    .map((v) => ({
      where,
      rule: v.id,
      impact: v.impact ?? "",
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
      summary: v.nodes[0]?.failureSummary?.split("\n").slice(0, 3).join(" ") ?? v.help,
    }));
}

/** Collects findings across a journey and fails once at the end, listing all of them. */
export class AxeAudit {
  readonly findings: Finding[] = [];
  readonly scanned: string[] = [];
  constructor(private readonly page: Page) {}

  async scan(where: string) {
    this.scanned.push(where);
    this.findings.push(...(await blockingAxeFindings(this.page, where)));
  }

  expectClean() {
    expect(this.scanned.length).toBeGreaterThan(0);
    expect(this.findings, JSON.stringify(this.findings, null, 2)).toEqual([]);
  }
}

/** How far the page scrolls sideways: 0 when nothing is wider than the viewport. */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}
