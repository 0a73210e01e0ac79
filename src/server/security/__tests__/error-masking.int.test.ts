import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import type { Session } from "next-auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../api/__tests__/test-app";
import { appRouter } from "../../api/root";
import { loadSessionIdentity } from "../../db/queries/users";

let app: TestApp;
let session: Session;

beforeAll(async () => {
  app = await createTestApp({ bookingCount: 2 });
  const identity = await loadSessionIdentity(app.handle.db, app.acme.admin.id);
  session = { user: identity!, expires: new Date(Date.now() + 3_600_000).toISOString() };
});
afterAll(() => app?.close());

describe("unexpected server errors", () => {
  it("reach the browser as a plain sentence, never as the failing SQL and its parameters", async () => {
    // A database that is gone makes every query fail inside the procedure: a genuine 500.
    const broken = await createTestApp({ bookingCount: 0 });
    await broken.handle.close();
    const response = await fetchRequestHandler({
      endpoint: "/api/trpc",
      router: appRouter,
      req: new Request("http://localhost/api/trpc/calendar.options"),
      createContext: async () => ({ db: broken.handle.db, session, headers: new Headers() }),
    });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).toContain("Something went wrong on our side");
    expect(text.toLowerCase()).not.toContain("select");
  });
});
