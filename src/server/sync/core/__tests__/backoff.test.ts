import { describe, expect, it } from "vitest";
import { MAX_SYNC_ATTEMPTS, RETRY_MAX_DELAY_MS, retryDelayMs } from "../backoff";

describe("retry delay", () => {
  it.each([
    { attempt: 1, random: 0.999_999, ceiling: 2_000 },
    { attempt: 2, random: 0.999_999, ceiling: 4_000 },
    { attempt: 3, random: 0.999_999, ceiling: 8_000 },
    { attempt: 9, random: 0.999_999, ceiling: 512_000 },
    { attempt: 10, random: 0.999_999, ceiling: RETRY_MAX_DELAY_MS },
    { attempt: 1_000, random: 0.999_999, ceiling: RETRY_MAX_DELAY_MS },
  ])("stays just under $ceiling ms on attempt $attempt", ({ attempt, random, ceiling }) => {
    const delay = retryDelayMs(attempt, random);
    expect(delay).toBeLessThan(ceiling);
    expect(delay).toBeGreaterThanOrEqual(Math.floor(ceiling * 0.999));
  });

  it.each([
    { attempt: 3, random: 0, expected: 0 },
    { attempt: 3, random: 0.5, expected: 4_000 },
    { attempt: 3, random: 0.25, expected: 2_000 },
    { attempt: 0, random: 0.5, expected: 1_000 },
  ])("draws full jitter: attempt $attempt with random $random waits $expected ms", ({ attempt, random, expected }) => {
    expect(retryDelayMs(attempt, random)).toBe(expected);
  });

  it("honours custom base and cap", () => {
    expect(retryDelayMs(4, 0.5, { baseMs: 100, capMs: 500 })).toBe(250);
    expect(retryDelayMs(3, 0.5, { baseMs: 100, capMs: 10_000 })).toBe(200);
  });

  it("bounds the attempts so a failing job ends up failed", () => {
    expect(MAX_SYNC_ATTEMPTS).toBeGreaterThan(1);
    expect(MAX_SYNC_ATTEMPTS).toBeLessThanOrEqual(10);
  });
});
