import { TRPCError } from "@trpc/server";
import { and, eq, ne } from "drizzle-orm";
import { z } from "zod";
import { SYNC_DIRECTIONS } from "~/lib/sync-direction";
import { companies, fieldworkers, googleAccounts, googleIntegrations } from "../../db/schema";
import { loadCompany } from "../../db/queries/company";
import { connectionsOfCompany, getGoogleIntegration, latestInvitations } from "../../db/queries/google";
import { NO_SYNC_DELAY, syncDelaysOfCompany } from "../../db/queries/sync-delays";
import { loadCompanyGoogleSetup, sharedAppCredentials } from "../../google/company-credentials";
import { decideCredentials } from "../../google/integration-credentials";
import { googleClientIdSchema, googleClientSecretSchema } from "../../google/client-secret-file";
import { connectionStatus, outsideWorkspace } from "../../google/invitations/connection-status";
import { planBulkInvitations, queueBulkInvitations } from "../../google/invitations/invitations";
import { googleRedirectUri } from "../../google/endpoints";
import { REQUIRED_CALENDAR_SCOPES, SCOPE_DESCRIPTIONS } from "../../google/scopes";
import { enqueueInitialSyncs } from "../../sync/enqueue";
import { adminProcedure, createTRPCRouter } from "../trpc";

const workspaceDomainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(253, "That domain is too long")
  .regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, "Enter a domain such as acmeplumbing.com")
  .nullish()
  .or(z.literal("").transform(() => null));

export const saveIntegrationInput = z.discriminatedUnion("mode", [
  z.object({
    mode: z.literal("shared"),
    syncDirection: z.enum(SYNC_DIRECTIONS),
    sendInvitations: z.boolean(),
  }),
  z.object({
    mode: z.literal("private"),
    syncDirection: z.enum(SYNC_DIRECTIONS),
    sendInvitations: z.boolean(),
    projectName: z.string().trim().max(100, "Project name is too long").optional(),
    clientId: googleClientIdSchema.optional(),
    /** Absent keeps the stored secret ("•••• set"). */
    clientSecret: googleClientSecretSchema.optional(),
    /** The downloaded client-secret JSON; when given it supplies client ID and secret. */
    clientSecretJson: z.string().max(20_000, "That file is too large to be a Google client-secret JSON.").optional(),
    workspaceDomain: workspaceDomainSchema,
  }),
]);

function badRequest(message: string): never {
  throw new TRPCError({ code: "BAD_REQUEST", message });
}

export const integrationsRouter = createTRPCRouter({
  /** Everything the settings page shows. The private client secret never leaves the server: only whether it is set. */
  get: adminProcedure.query(async ({ ctx }) => {
    const companyId = ctx.user.companyId;
    const [integration, company] = await Promise.all([getGoogleIntegration(ctx.db, companyId), loadCompany(ctx.db, companyId)]);
    const setup = await loadCompanyGoogleSetup(ctx.db, companyId);
    const { toInvite } = await planBulkInvitations(ctx.db, companyId, new Date(), setup.status === "ready" ? setup.workspaceDomain : null);
    return {
      configured: Boolean(integration),
      mode: integration?.mode ?? null,
      sharedAppAvailable: Boolean(sharedAppCredentials()),
      privateProjectName: integration?.privateProjectName ?? "",
      privateClientId: integration?.privateClientId ?? "",
      privateClientSecretSet: Boolean(integration?.privateClientSecretEnc),
      workspaceDomain: integration?.workspaceDomain ?? "",
      activeClientId: setup.status === "ready" ? setup.credentials.clientId : null,
      sharedClientId: sharedAppCredentials()?.clientId ?? null,
      setupProblem: setup.status === "unavailable" ? setup.message : null,
      syncDirection: company?.syncDirection ?? "two_way",
      redirectUri: googleRedirectUri(),
      scopes: REQUIRED_CALENDAR_SCOPES.map((scope) => ({ scope, description: SCOPE_DESCRIPTIONS[scope] ?? scope })),
      connectedAccounts: (
        await ctx.db.select({ id: googleAccounts.id }).from(googleAccounts).where(eq(googleAccounts.companyId, companyId))
      ).length,
      invitableCount: toInvite.length,
    };
  }),

  save: adminProcedure.input(saveIntegrationInput).mutation(async ({ ctx, input }) => {
    const companyId = ctx.user.companyId;
    const existing = await getGoogleIntegration(ctx.db, companyId);
    const decision = decideCredentials(companyId, input, existing, ctx.user.id);
    if (!decision.ok) badRequest(decision.error);
    const { values, clientId: newClientId } = decision;

    const before = await loadCompany(ctx.db, companyId);
    const reauthorization = await ctx.db.transaction(async (tx) => {
      await tx
        .insert(googleIntegrations)
        .values({ companyId, ...values })
        .onConflictDoUpdate({ target: googleIntegrations.companyId, set: values });
      await tx.update(companies).set({ syncDirection: input.syncDirection }).where(eq(companies.id, companyId));
      // A new direction changes which calendars are watched and whether FieldSync writes: resync everyone.
      if (before?.syncDirection !== input.syncDirection) await enqueueInitialSyncs(tx, companyId);
      // Tokens belong to the OAuth client that issued them: a new client means every connection must consent again.
      return tx
        .update(googleAccounts)
        .set({ status: "needs_reconnection", statusReason: "Your company changed its Google API settings. Please reconnect." })
        .where(and(eq(googleAccounts.companyId, companyId), ne(googleAccounts.oauthClientId, newClientId), eq(googleAccounts.status, "active")))
        .returning({ id: googleAccounts.id });
    });

    // Queued in the outbox: Save answers now, the emails go out right after the response (and retry).
    const invitations = input.sendInvitations
      ? await queueBulkInvitations(ctx.db, { companyId, senderId: ctx.user.id, now: new Date() })
      : null;
    return { invitations, needsReauthorization: reauthorization.length };
  }),

  /** The roll-out table: every fieldworker with their connection status. */
  rollout: adminProcedure.query(async ({ ctx }) => {
    const companyId = ctx.user.companyId;
    const now = new Date();
    const setup = await loadCompanyGoogleSetup(ctx.db, companyId);
    const workspaceDomain = setup.status === "ready" ? setup.workspaceDomain : null;
    const crew = await ctx.db.select().from(fieldworkers).where(eq(fieldworkers.companyId, companyId)).orderBy(fieldworkers.displayName);
    const [invitations, connections, delays] = await Promise.all([
      latestInvitations(ctx.db, companyId),
      connectionsOfCompany(ctx.db, companyId),
      syncDelaysOfCompany(ctx.db, companyId, now),
    ]);
    return crew.map((fieldworker) => {
      const connection = connections.get(fieldworker.id);
      const status = connectionStatus(
        {
          connection: connection && { ...connection.connection, account: connection.account },
          latestInvitation: invitations.get(fieldworker.id),
        },
        now,
      );
      return {
        fieldworkerId: fieldworker.id,
        name: fieldworker.displayName,
        email: fieldworker.email,
        active: fieldworker.active,
        isGeneral: fieldworker.isGeneral,
        status,
        lastSuccessfulSyncAt: connection?.connection.lastSuccessfulSyncAt ?? null,
        outsideWorkspace: outsideWorkspace(fieldworker.email, workspaceDomain),
        syncDelay: delays.get(fieldworker.id) ?? NO_SYNC_DELAY,
      };
    });
  }),

  inviteAllNotConnected: adminProcedure.mutation(async ({ ctx }) => {
    const setup = await loadCompanyGoogleSetup(ctx.db, ctx.user.companyId);
    if (setup.status !== "ready") {
      throw new TRPCError({ code: "PRECONDITION_FAILED", message: setup.status === "unavailable" ? setup.message : "Set up Google sync first." });
    }
    return queueBulkInvitations(ctx.db, { companyId: ctx.user.companyId, senderId: ctx.user.id, now: new Date() });
  }),
});
