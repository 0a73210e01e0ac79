import type { Resend as ResendClient } from "resend";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Emulator } from "../index";
import { control, startEmulator } from "./helpers";

let emu: Emulator;
let Resend: typeof ResendClient;
beforeAll(async () => {
  emu = await startEmulator({ config: { resendApiKeys: ["re_test_key"] } });
  // resend reads RESEND_BASE_URL when its module loads.
  process.env.RESEND_BASE_URL = emu.url;
  ({ Resend } = await import("resend"));
});
afterAll(async () => emu.close());
beforeEach(() => emu.reset());

describe("Resend POST /emails", () => {
  it("accepts a send, returns an id, and files the mail in the mailbox", async () => {
    const resend = new Resend("re_test_key");
    const { data, error } = await resend.emails.send({
      from: "FieldSync <noreply@fieldsync.app>",
      to: ["worker@example.com"],
      subject: "Grant calendar access",
      html: '<p>Hello</p><a href="http://localhost:3000/invite/abc">Grant permission</a>',
    });
    expect(error).toBeNull();
    expect(data?.id).toMatch(/^[0-9a-f-]{36}$/);
    const fetched = await resend.emails.get(data?.id ?? "");
    expect(fetched.data).toMatchObject({ object: "email", subject: "Grant calendar access", to: ["worker@example.com"] });
    const { items } = await control(emu).emails("worker@example.com");
    expect(items).toHaveLength(1);
    const list = await (await fetch(`${emu.url}/mailbox`)).text();
    expect(list).toContain("Grant calendar access");
    const page = await (await fetch(`${emu.url}/mailbox/${data?.id ?? ""}`)).text();
    expect(page).toContain('<a href="http://localhost:3000/invite/abc">Grant permission</a>');
  });

  it("answers validation errors in Resend's shape", async () => {
    const resend = new Resend("re_test_key");
    const missingTo = await resend.emails.send({ from: "a@fieldsync.app", subject: "x", html: "<p>x</p>" } as never);
    expect(missingTo.error).toMatchObject({ statusCode: 422, name: "missing_required_field" });
    const badFrom = await resend.emails.send({ from: "not an address", to: "b@example.com", subject: "x", html: "x" });
    expect(badFrom.error).toMatchObject({ statusCode: 422, name: "validation_error" });
    expect((await control(emu).emails()).items).toHaveLength(0);
  });

  it("rejects a bad API key (403) and a missing one (401)", async () => {
    const bad = await new Resend("re_wrong").emails.send({ from: "a@fieldsync.app", to: "b@example.com", subject: "x", text: "x" });
    expect(bad.error).toMatchObject({ statusCode: 403, name: "invalid_api_key" });
    const res = await fetch(`${emu.url}/emails`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ name: "missing_api_key" });
  });

  it("honours Idempotency-Key", async () => {
    const resend = new Resend("re_test_key");
    const mail = { from: "a@fieldsync.app", to: "b@example.com", subject: "once", text: "x" };
    const first = await resend.emails.send(mail, { idempotencyKey: "invite-1" });
    const second = await resend.emails.send(mail, { idempotencyKey: "invite-1" });
    expect(second.data?.id).toBe(first.data?.id);
    const conflict = await resend.emails.send({ ...mail, subject: "other" }, { idempotencyKey: "invite-1" });
    expect(conflict.error).toMatchObject({ statusCode: 409 });
    expect((await control(emu).emails()).items).toHaveLength(1);
  });

  it("surfaces an injected 429 as Resend's rate-limit error", async () => {
    await control(emu).addFault({ kind: "error", status: 429, count: 1, match: { surface: "resend" } });
    const res = await new Resend("re_test_key").emails.send({ from: "a@fieldsync.app", to: "b@example.com", subject: "x", text: "x" });
    expect(res.error).toMatchObject({ statusCode: 429, name: "rate_limit_exceeded" });
  });
});
