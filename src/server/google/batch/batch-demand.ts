/**
 * How much work in this process may call Google about now: the sync jobs running here. The batching fetch
 * only holds a call back to gather others when there is someone else to gather; a webhook's single pull,
 * or a job's own sequential calls, go out at once.
 */
let running = 0;

/** Marks one piece of Google-calling work as running; call the returned function when it ends. */
export function beginBatchableWork(): () => void {
  running += 1;
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    running -= 1;
  };
}

export function batchableWorkRunning(): number {
  return running;
}
