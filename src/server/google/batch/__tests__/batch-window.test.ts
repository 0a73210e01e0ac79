import { describe, expect, it } from "vitest";
import { beginBatchableWork, batchableWorkRunning } from "../batch-demand";
import { DEFAULT_BATCH_WINDOW, onArrival } from "../batch-window";

const policy = { ...DEFAULT_BATCH_WINDOW, idleMs: 15, maxParts: 4 };

describe("when the batching fetch sends", () => {
  it("sends a call at once when no other sync job could join it", () => {
    expect(onArrival(policy, { queued: 0, workRunning: 0 })).toEqual({ kind: "send-alone" });
    expect(onArrival(policy, { queued: 0, workRunning: 1 })).toEqual({ kind: "send-alone" });
  });

  it("gathers calls while other running jobs may still join", () => {
    expect(onArrival(policy, { queued: 0, workRunning: 3 })).toEqual({ kind: "wait", idleMs: 15 });
    expect(onArrival(policy, { queued: 1, workRunning: 3 })).toEqual({ kind: "wait", idleMs: 15 });
  });

  it("closes the batch once every running job has a call in it", () => {
    expect(onArrival(policy, { queued: 1, workRunning: 2 })).toEqual({ kind: "flush-now" });
    expect(onArrival(policy, { queued: 2, workRunning: 3 })).toEqual({ kind: "flush-now" });
    // A call from outside the job runner joins what is queued rather than overtaking it.
    expect(onArrival(policy, { queued: 1, workRunning: 0 })).toEqual({ kind: "flush-now" });
  });

  it("closes the batch as soon as it is full", () => {
    expect(onArrival(policy, { queued: 2, workRunning: 9 })).toEqual({ kind: "wait", idleMs: 15 });
    expect(onArrival(policy, { queued: 3, workRunning: 9 })).toEqual({ kind: "flush-now" });
  });
});

describe("batchable work", () => {
  it("counts running work, and ending twice counts once", () => {
    const before = batchableWorkRunning();
    const endA = beginBatchableWork();
    const endB = beginBatchableWork();
    expect(batchableWorkRunning()).toBe(before + 2);
    endA();
    endA();
    expect(batchableWorkRunning()).toBe(before + 1);
    endB();
    expect(batchableWorkRunning()).toBe(before);
  });
});
