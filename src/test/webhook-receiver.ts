import { createServer, type Server } from "node:http";
import type { Db } from "../server/db/client";
import { handleGoogleNotification, type WebhookOutcome } from "../server/sync/triggers/webhook";

/**
 * Stands in for the deployed app's /api/google/webhook route in integration tests: the emulator's push
 * notifications reach the very handler the route calls.
 */
export async function startWebhookReceiver(db: Db): Promise<{ outcomes: WebhookOutcome[]; close: () => Promise<void> }> {
  const outcomes: WebhookOutcome[] = [];
  const server: Server = createServer((req, res) => {
    if (req.method !== "POST" || req.url !== "/api/google/webhook") {
      res.statusCode = 404;
      res.end();
      return;
    }
    const headers = new Headers();
    for (const [key, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(key, value);
    req.resume();
    handleGoogleNotification(db, headers)
      .then((outcome) => {
        outcomes.push(outcome);
        res.statusCode = outcome.status;
        res.end();
      })
      .catch(() => {
        res.statusCode = 500;
        res.end();
      });
  });
  // No host: dual-stack, so the emulator reaches it whether "localhost" resolves to ::1 or 127.0.0.1.
  await new Promise<void>((resolve) => server.listen(Number(process.env.TEST_APP_PORT), resolve));
  return {
    outcomes,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
