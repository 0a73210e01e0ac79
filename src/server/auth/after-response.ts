import { after } from "next/server";
import { logger } from "../observability/logger";

/**
 * Runs `task` once the response is out (Next's `after`), so slow work — sending an email — doesn't show in
 * response times. Outside a request (scripts, tests calling Auth.js directly) there is nothing to defer past, and
 * the task runs before returning. Failures are logged: the caller has already answered.
 */
export async function runAfterResponse(label: string, task: () => Promise<void>): Promise<void> {
  const guarded = () => task().catch((error: unknown) => logger().error({ err: error, task: label }, "auth task after the response failed"));
  try {
    after(guarded);
  } catch {
    await guarded();
  }
}
