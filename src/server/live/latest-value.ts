/**
 * A one-slot mailbox for a subscription: `push` keeps only the newest value, `next` waits for one. A slow
 * consumer skips versions it no longer needs instead of queueing them.
 */
export function latestValue<T>() {
  let value: { current: T } | null = null;
  let wake: (() => void) | null = null;

  return {
    push(next: T) {
      value = { current: next };
      wake?.();
    },
    /** The newest value not yet taken, or null once `signal` aborts. */
    async next(signal: AbortSignal | undefined): Promise<T | null> {
      while (!value) {
        if (signal?.aborted) return null;
        await new Promise<void>((resolve) => {
          const done = () => {
            wake = null;
            signal?.removeEventListener("abort", done);
            resolve();
          };
          wake = done;
          signal?.addEventListener("abort", done, { once: true });
        });
      }
      const taken = value.current;
      value = null;
      return taken;
    },
  };
}
