import { eq } from "drizzle-orm";
import type { Session } from "next-auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../../../emulator/index";
import { startTestEmulator } from "../../../test/emulator";
import { createTestApp, type TestApp } from "../../api/__tests__/test-app";
import { handleTrpcRequest } from "../../api/http-handler";
import { loadSessionIdentity } from "../../db/queries/users";
import { users } from "../../db/schema";
import { MAX_MUTATION_BODY_BYTES } from "../request-guards";
import { dumpAllTables } from "./tenant-fixture";

/**
 * Issue #12 findings 4 and 5 (body limit), through the tRPC HTTP endpoint the app serves, with the admin's session
 * as the cookie would give it: a same-site page (another port of the same host) auto-submitting a form must not
 * trigger a mutation; an 8 MB body is refused before it is parsed or the session is read.
 */

const APP = "http://localhost:3000";
const ATTACKER = "http://localhost:4000";
let app: TestApp;
let emulator: Emulator;
let control: Awaited<ReturnType<typeof startTestEmulator>>["control"];
let adminSession: Session;
let contextsCreated = 0;

beforeAll(async () => {
  ({ emulator, control } = await startTestEmulator());
  app = await createTestApp();
  const [admin] = await app.handle.db.select().from(users).where(eq(users.email, "admin@acme.test"));
  const identity = await loadSessionIdentity(app.handle.db, admin?.id ?? "");
  if (!identity) throw new Error("no admin");
  adminSession = { user: identity, expires: new Date(Date.now() + 3_600_000).toISOString() };
  await (await app.callerAs("admin@acme.test")).integrations.save({ mode: "shared", syncDirection: "two_way", sendInvitations: false });
});
afterAll(async () => {
  await app.close();
  await emulator.close();
});

/** The endpoint, as the route serves it, with the admin's cookie already turned into a session. */
function serve(request: Request): Promise<Response> {
  return handleTrpcRequest(request, {
    appUrl: APP,
    createContext: () => {
      contextsCreated++;
      return Promise.resolve({ db: app.handle.db, session: adminSession, headers: request.headers });
    },
  });
}

const invitationEmails = async () => {
  let sent = 0;
  for (const fieldworker of app.acme.crew) sent += (await control.emails(fieldworker.email)).items.length;
  return sent;
};

function post(path: string, init: { headers: Record<string, string>; body: BodyInit }): Request {
  return new Request(`${APP}/api/trpc/${path}`, { method: "POST", headers: { host: "localhost:3000", ...init.headers }, body: init.body, duplex: "half" } as RequestInit);
}

describe("tRPC refuses cross-site mutations (finding 4)", () => {
  it("an auto-submitted multipart form from another port of the same host → 403, no invitation sent, nothing written", async () => {
    const before = await dumpAllTables(app.handle.db);
    const form = new FormData();
    form.set("anything", "1");
    const response = await serve(post("integrations.inviteAllNotConnected", { headers: { origin: ATTACKER, "sec-fetch-site": "same-site" }, body: form }));

    expect(response.status).toBe(403);
    expect(await invitationEmails()).toBe(0);
    expect(await dumpAllTables(app.handle.db)).toEqual(before);
  });

  it.each([
    ["a urlencoded form from the same site", 403, { origin: ATTACKER, "content-type": "application/x-www-form-urlencoded" }],
    ["JSON from another origin", 403, { origin: "https://evil.example", "content-type": "application/json" }],
    ["a sandboxed frame (Origin: null)", 403, { origin: "null", "content-type": "application/json" }],
    ["no Origin but Sec-Fetch-Site: same-site", 403, { "sec-fetch-site": "same-site", "content-type": "application/json" }],
    ["no Origin but Sec-Fetch-Site: cross-site", 403, { "sec-fetch-site": "cross-site", "content-type": "application/json" }],
    ["our own page posting text/plain", 415, { origin: APP, "content-type": "text/plain" }],
    ["our own page posting a multipart form", 415, { origin: APP, "content-type": "multipart/form-data; boundary=x" }],
  ])("%s → %i", async (_case, status, headers) => {
    const response = await serve(post("integrations.inviteAllNotConnected", { headers, body: "{}" }));
    expect(response.status).toBe(status);
    expect(await invitationEmails()).toBe(0);
  });

  it("the app's own JSON mutation still works, from APP_URL or from the host the browser addressed", async () => {
    const sameOrigin: Record<string, string>[] = [
      { origin: APP, "content-type": "application/json" },
      { origin: "http://127.0.0.1:3000", host: "127.0.0.1:3000", "content-type": "application/json" },
      { "sec-fetch-site": "same-origin", "content-type": "application/json" },
    ];
    for (const headers of sameOrigin) {
      const name = `Walk-in ${JSON.stringify(headers).length}`;
      const response = await serve(post("customers.create", { headers, body: JSON.stringify({ json: { name } }) }));
      expect(response.status, JSON.stringify(headers)).toBe(200);
    }
  });
});

describe("tRPC body limit (finding 5)", () => {
  /** A body that counts what the server pulls from it. */
  function countingBody(totalBytes: number) {
    const chunk = new TextEncoder().encode(" ".repeat(65_536));
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= totalBytes) return controller.close();
        pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    return { stream, pulled: () => pulled };
  }
  const json = { origin: APP, "content-type": "application/json" };

  it("an 8 MB streamed JSON body → 413, read no further than the limit, never parsed", async () => {
    const body = countingBody(8 * 1_048_576);
    contextsCreated = 0;
    const response = await serve(post("customers.create", { headers: json, body: body.stream }));
    expect(response.status).toBe(413);
    expect(body.pulled()).toBeLessThanOrEqual(MAX_MUTATION_BODY_BYTES + 2 * 65_536);
    expect(contextsCreated).toBe(0);
  });

  it("a declared Content-Length over the limit → 413 before a byte is read", async () => {
    const body = countingBody(8 * 1_048_576);
    const response = await serve(post("customers.create", { headers: { ...json, "content-length": String(8 * 1_048_576) }, body: body.stream }));
    expect(response.status).toBe(413);
    expect(body.pulled()).toBeLessThanOrEqual(65_536);
  });

  it("a body just under the limit goes through to validation", async () => {
    const padding = "x".repeat(MAX_MUTATION_BODY_BYTES - 100);
    const response = await serve(post("customers.create", { headers: json, body: JSON.stringify({ json: { name: padding } }) }));
    expect(response.status).toBe(400);
  });
});
