import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Emulator } from "../../../../emulator/index";
import { startTestEmulator } from "../../../test/emulator";
import { createTestApp, type TestApp } from "../../api/__tests__/test-app";
import { googleInvitations, syncJobs, syncLog } from "../../db/schema";
import { runDueJobs } from "../../sync/jobs/run-jobs";
import { startFromInvitation } from "../connect/start-connection";

/**
 * Issue #14 item 6: bulk invitation emails (Settings › Save, the roll-out's "email all") go through the outbox.
 * Save records each invitation and queues a `send_invitation` job, answers without calling Resend, and the
 * jobs send (retrying a Resend outage). The single-invite modal still sends directly.
 */

let app: TestApp;
let emulator: Emulator;
let control: Awaited<ReturnType<typeof startTestEmulator>>["control"];

const noJitter = () => 0;
const linkIn = (text: string | null) => /https?:\/\/\S+\/connect\/google\?invite=[\w.-]+/.exec(text ?? "")?.[0];

beforeAll(async () => {
  app = await createTestApp();
  ({ emulator, control } = await startTestEmulator());
});
afterAll(async () => {
  await emulator?.close();
  await app?.close();
});
beforeEach(async () => {
  await control.clearFaults();
  await control.clearEmails();
});

describe("bulk invitations through the outbox", () => {
  it("answers Save without emailing anyone inline, then the outbox sends each invitation once, retrying a Resend 5xx", async () => {
    const admin = await app.callerAs("admin@acme.test");
    const saved = await admin.integrations.save({ mode: "shared", syncDirection: "two_way", sendInvitations: true });
    const queued = saved.invitations?.queued ?? [];
    expect(queued.length).toBeGreaterThan(1);
    expect(emulator.store.counters["resend.emails.send"] ?? 0).toBe(0);
    expect((await control.emails()).items).toHaveLength(0);

    // Recorded before sending, one job each.
    const rows = await app.handle.db.select().from(googleInvitations).where(eq(googleInvitations.companyId, app.acme.company.id));
    expect(rows).toHaveLength(queued.length);
    expect(rows.every((r) => r.resendId === null && r.error === null)).toBe(true);
    const jobs = await app.handle.db.select().from(syncJobs).where(and(eq(syncJobs.kind, "send_invitation"), eq(syncJobs.companyId, app.acme.company.id)));
    expect(jobs).toHaveLength(queued.length);

    // Resend is down for the first attempt: that job is retried (no jitter: at once), then everything is out.
    await control.addFault({ kind: "error", status: 503, match: { surface: "resend" }, count: 1 });
    const run = await runDueJobs(app.handle.db, { random: noJitter, concurrency: 1 });
    expect(run).toMatchObject({ retried: 1, done: queued.length, failed: 0 });
    const retries = await app.handle.db
      .select()
      .from(syncLog)
      .where(and(eq(syncLog.companyId, app.acme.company.id), eq(syncLog.action, "send_invitation"), eq(syncLog.outcome, "retry")));
    expect(retries).toHaveLength(1);
    expect(retries[0]?.message).toContain("Will retry");
    const mails = (await control.emails()).items;
    expect(mails.map((m) => m.to[0]).sort()).toEqual(rows.map((r) => r.toEmail).sort());
    const after = await admin.integrations.rollout();
    expect(after.filter((r) => r.status.kind === "invited")).toHaveLength(queued.length);

    // Every emailed link is the recorded one and starts the consent flow.
    for (const mail of mails) {
      const token = new URL(linkIn(mail.text) ?? "").searchParams.get("invite") ?? "";
      expect(await startFromInvitation(app.handle.db, token, new Date())).toMatchObject({ kind: "redirect" });
    }
    // Nothing left to run: each was sent exactly once.
    expect(await runDueJobs(app.handle.db, { random: noJitter })).toMatchObject({ claimed: 0 });
    expect((await control.emails()).items).toHaveLength(queued.length);
  });

  it("fails an invitation Resend refuses for good, with the reason in the roll-out table and the sync log", async () => {
    const betaAdmin = await app.callerAs("admin@beta.test");
    await control.addFault({ kind: "error", status: 422, reason: "validation_error", match: { surface: "resend" }, count: 1 });
    const saved = await betaAdmin.integrations.save({ mode: "shared", syncDirection: "two_way", sendInvitations: true });
    expect(saved.invitations?.queued.length).toBeGreaterThan(1);
    const report = await runDueJobs(app.handle.db, { random: noJitter, concurrency: 1 });
    expect(report).toMatchObject({ failed: 1, retried: 0 });
    const failed = (await betaAdmin.integrations.rollout()).filter((r) => r.status.kind === "invite_failed");
    expect(failed).toHaveLength(1);
    const log = await app.handle.db
      .select()
      .from(syncLog)
      .where(and(eq(syncLog.companyId, app.beta.company.id), eq(syncLog.action, "send_invitation"), eq(syncLog.outcome, "failed")));
    expect(log).toHaveLength(1);
    expect(log[0]?.message).toContain("Resend refused the email");
  });

  it("skips a queued invitation whose fieldworker was invited again directly before it went out, so only the newest link lives", async () => {
    const admin = await app.callerAs("admin@acme.test");
    await app.handle.db.delete(googleInvitations).where(eq(googleInvitations.companyId, app.acme.company.id));
    const queued = (await admin.integrations.inviteAllNotConnected()).queued;
    const ben = app.acme.crew.find((f) => f.displayName.startsWith("Ben"))!;
    expect(queued.map((q) => q.fieldworkerId)).toContain(ben.id);
    // The modal's Send goes out at once and revokes every older link, the queued one not yet emailed included.
    await admin.googleSync.sendInvitation({ fieldworkerId: ben.id });
    const direct = (await control.emails(ben.email)).items.at(-1);
    await runDueJobs(app.handle.db, { random: noJitter });
    const toBen = (await control.emails(ben.email)).items;
    expect(toBen).toHaveLength(1);
    expect(toBen[0]?.id).toBe(direct?.id);
    const token = new URL(linkIn(direct?.text ?? null) ?? "").searchParams.get("invite") ?? "";
    expect(await startFromInvitation(app.handle.db, token, new Date())).toMatchObject({ kind: "redirect" });
  });
});
