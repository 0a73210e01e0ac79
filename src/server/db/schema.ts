import { relations, sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { ROLES } from "../../lib/roles";
import { SYNC_DIRECTIONS } from "../../lib/sync-direction";

/*
 * FieldSync data model. Every business table carries company_id; queries always filter by the
 * session's company (see src/server/db/queries).
 *
 * Google tables (DESIGN §2): google_integrations (company settings and private OAuth client),
 * google_accounts (one per Google account per company and OAuth client, encrypted tokens),
 * fieldworker_google_connections (one account per fieldworker, many fieldworkers per account),
 * google_calendars (the account's calendar list), google_invitations (every authorization email sent),
 * consumed_tokens (single-use OAuth states and invitations).
 * Sync engine: google_events (imported events and our pushed copies), google_channels (watch
 * channels), sync_jobs (transactional outbox claimed with SKIP LOCKED leases), sync_log, sync_conflicts.
 */

const timestamps = {
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
};

export const syncDirection = pgEnum("sync_direction", SYNC_DIRECTIONS);
export const userRole = pgEnum("user_role", ROLES);
export const googleCredentialsMode = pgEnum("google_credentials_mode", ["shared", "private"]);
export const googleAccountStatus = pgEnum("google_account_status", ["active", "needs_reconnection"]);
export const calendarPrivacy = pgEnum("calendar_privacy", ["details", "busy"]);
export const googleEventKind = pgEnum("google_event_kind", ["foreign", "booking", "unavailable"]);
export const syncJobKind = pgEnum("sync_job_kind", [
  "push_booking",
  "push_unavailable",
  "pull_calendar",
  "initial_sync",
  "stop_sync",
  "refresh_calendar_list",
  "send_invitation",
  "retire_account",
]);
export const syncJobStatus = pgEnum("sync_job_status", ["pending", "running", "done", "failed"]);
export const syncLogOutcome = pgEnum("sync_log_outcome", ["ok", "retry", "failed", "conflict", "skipped"]);
export const syncDirectionOfLog = pgEnum("sync_log_direction", ["push", "pull", "system"]);

export const companies = pgTable("companies", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  timeZone: text("time_zone").notNull(),
  currencyCode: text("currency_code").notNull(),
  currencySymbol: text("currency_symbol").notNull(),
  syncDirection: syncDirection("sync_direction").notNull().default("two_way"),
  ...timestamps,
});

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash"),
    role: userRole("role").notNull(),
    emailVerified: timestamp("email_verified", { withTimezone: true }),
    /**
     * Copied into the session JWT at sign-in and compared on every request: bumping it (sign-out, deactivation,
     * password change) ends every session the user has, although JWTs themselves can't be recalled.
     */
    sessionVersion: integer("session_version").notNull().default(0),
    ...timestamps,
  },
  (t) => [uniqueIndex("users_email_unique").on(sql`lower(${t.email})`)],
);

/**
 * Sign-in throttling (login and magic links), per account and per client IP. In the database so the limit holds
 * across serverless instances: one fixed window per key, counted with one atomic upsert.
 */
export const authRateLimits = pgTable("auth_rate_limits", {
  key: text("key").primaryKey(),
  windowStartedAt: timestamp("window_started_at", { withTimezone: true }).notNull(),
  attempts: integer("attempts").notNull(),
});

/** Auth.js email (magic link) tokens, stored hashed by Auth.js itself. */
export const verificationTokens = pgTable(
  "verification_tokens",
  {
    identifier: text("identifier").notNull(),
    token: text("token").notNull(),
    expires: timestamp("expires", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.identifier, t.token] })],
);

export const fieldworkers = pgTable(
  "fieldworkers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    displayName: text("display_name").notNull(),
    email: text("email").notNull(),
    phone: text("phone"),
    active: boolean("active").notNull().default(true),
    isGeneral: boolean("is_general").notNull().default(false),
    ...timestamps,
  },
  (t) => [
    index("fieldworkers_company_idx").on(t.companyId),
    uniqueIndex("fieldworkers_user_unique").on(t.userId),
    // Exactly one general fieldworker (the business calendar) per company.
    uniqueIndex("fieldworkers_one_general_per_company").on(t.companyId).where(sql`${t.isGeneral}`),
  ],
);

export const bookingStatuses = pgTable(
  "booking_statuses",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    color: text("color").notNull(),
    description: text("description").notNull().default(""),
    pushToGoogle: boolean("push_to_google").notNull().default(true),
    deleteFromGoogle: boolean("delete_from_google").notNull().default(false),
    sortOrder: integer("sort_order").notNull().default(0),
    ...timestamps,
  },
  (t) => [uniqueIndex("booking_statuses_company_name_unique").on(t.companyId, sql`lower(${t.name})`)],
);

export const customers = pgTable(
  "customers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    businessName: text("business_name"),
    email: text("email"),
    phone: text("phone"),
    timeZone: text("time_zone").notNull(),
    /** Where the jobs usually are: a new booking for this customer starts with these addresses. */
    addresses: text("addresses").array().notNull().default(sql`'{}'::text[]`),
    properties: jsonb("properties").$type<Record<string, string>>().notNull().default({}),
    ...timestamps,
  },
  (t) => [index("customers_company_idx").on(t.companyId), check("customers_at_most_three_addresses", sql`cardinality(${t.addresses}) <= 3`)],
);

export const bookings = pgTable(
  "bookings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "restrict" }),
    statusId: uuid("status_id")
      .notNull()
      .references(() => bookingStatuses.id, { onDelete: "restrict" }),
    serviceName: text("service_name").notNull(),
    serviceDescription: text("service_description").notNull().default(""),
    /** Minor units (cents) of `currencyCode`. */
    amountCents: integer("amount_cents").notNull().default(0),
    currencyCode: text("currency_code").notNull(),
    suburb: text("suburb").notNull().default(""),
    addresses: text("addresses").array().notNull().default(sql`'{}'::text[]`),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    createdById: uuid("created_by_id").references(() => users.id, { onDelete: "set null" }),
    ...timestamps,
  },
  (t) => [
    index("bookings_company_range_idx").on(t.companyId, t.startsAt, t.endsAt),
    check("bookings_end_after_start", sql`${t.endsAt} > ${t.startsAt}`),
    check("bookings_at_most_three_addresses", sql`cardinality(${t.addresses}) <= 3`),
    check("bookings_amount_not_negative", sql`${t.amountCents} >= 0`),
  ],
);

export const bookingAssignments = pgTable(
  "booking_assignments",
  {
    bookingId: uuid("booking_id")
      .notNull()
      .references(() => bookings.id, { onDelete: "cascade" }),
    fieldworkerId: uuid("fieldworker_id")
      .notNull()
      .references(() => fieldworkers.id, { onDelete: "cascade" }),
  },
  (t) => [
    primaryKey({ columns: [t.bookingId, t.fieldworkerId] }),
    index("booking_assignments_fieldworker_idx").on(t.fieldworkerId, t.bookingId),
  ],
);

export const unavailableBlocks = pgTable(
  "unavailable_blocks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    fieldworkerId: uuid("fieldworker_id")
      .notNull()
      .references(() => fieldworkers.id, { onDelete: "cascade" }),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    note: text("note").notNull().default(""),
    ...timestamps,
  },
  (t) => [
    index("unavailable_blocks_company_range_idx").on(t.companyId, t.startsAt, t.endsAt),
    check("unavailable_blocks_end_after_start", sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

/** The company's Google Workspace settings; no row means Google sync is not set up. */
export const googleIntegrations = pgTable("google_integrations", {
  companyId: uuid("company_id")
    .primaryKey()
    .references(() => companies.id, { onDelete: "cascade" }),
  mode: googleCredentialsMode("mode").notNull(),
  privateProjectName: text("private_project_name"),
  privateClientId: text("private_client_id"),
  /** AES-256-GCM (src/server/security/encryption.ts); never leaves the server. */
  privateClientSecretEnc: text("private_client_secret_enc"),
  /** Only accounts of this domain can pass an Internal app's consent screen. */
  workspaceDomain: text("workspace_domain"),
  updatedById: uuid("updated_by_id").references(() => users.id, { onDelete: "set null" }),
  ...timestamps,
});

export const googleAccounts = pgTable(
  "google_accounts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    /** The OAuth client that issued the tokens: tokens only work with the client that got them. */
    oauthClientId: text("oauth_client_id").notNull(),
    googleSubject: text("google_subject"),
    email: text("email").notNull(),
    refreshTokenEnc: text("refresh_token_enc"),
    accessTokenEnc: text("access_token_enc"),
    accessTokenExpiresAt: timestamp("access_token_expires_at", { withTimezone: true }),
    grantedScopes: text("granted_scopes").notNull().default(""),
    status: googleAccountStatus("status").notNull().default("active"),
    statusReason: text("status_reason"),
    /** The secondary calendar named after the company, created by FieldSync in this account. */
    companyCalendarId: text("company_calendar_id"),
    calendarListRefreshedAt: timestamp("calendar_list_refreshed_at", { withTimezone: true }),
    /** Google answered "over quota" for this user: no job of the account runs before this (one unit). */
    backoffUntil: timestamp("backoff_until", { withTimezone: true }),
    /** When the account turned "needs reconnection" and the one reconnect email + admin notice went out. */
    reconnectNoticeAt: timestamp("reconnect_notice_at", { withTimezone: true }),
    ...timestamps,
  },
  (t) => [uniqueIndex("google_accounts_company_client_email_unique").on(t.companyId, t.oauthClientId, sql`lower(${t.email})`)],
);

export const fieldworkerGoogleConnections = pgTable(
  "fieldworker_google_connections",
  {
    fieldworkerId: uuid("fieldworker_id")
      .primaryKey()
      .references(() => fieldworkers.id, { onDelete: "cascade" }),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    googleAccountId: uuid("google_account_id")
      .notNull()
      .references(() => googleAccounts.id, { onDelete: "cascade" }),
    connectedAt: timestamp("connected_at", { withTimezone: true }).notNull().defaultNow(),
    lastSuccessfulSyncAt: timestamp("last_successful_sync_at", { withTimezone: true }),
    lastError: text("last_error"),
    lastErrorAt: timestamp("last_error_at", { withTimezone: true }),
  },
  (t) => [index("fieldworker_google_connections_account_idx").on(t.googleAccountId)],
);

export const googleCalendars = pgTable(
  "google_calendars",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    googleAccountId: uuid("google_account_id")
      .notNull()
      .references(() => googleAccounts.id, { onDelete: "cascade" }),
    googleCalendarId: text("google_calendar_id").notNull(),
    summary: text("summary").notNull(),
    backgroundColor: text("background_color"),
    accessRole: text("access_role").notNull(),
    isPrimary: boolean("is_primary").notNull().default(false),
    isCompanyCalendar: boolean("is_company_calendar").notNull().default(false),
    /** Imported into FieldSync (default: calendars the account owns, except the company calendar). */
    selected: boolean("selected").notNull().default(false),
    privacy: calendarPrivacy("privacy").notNull().default("details"),
    /** An admin's choice to hide this calendar's events on the FieldSync calendar (import continues). */
    hiddenForAdmins: boolean("hidden_for_admins").notNull().default(false),
    syncToken: text("sync_token"),
    /** Set by a push notification (or a change we must re-read); cleared by a successful pull. */
    dirty: boolean("dirty").notNull().default(false),
    lastPulledAt: timestamp("last_pulled_at", { withTimezone: true }),
    lastFullSyncAt: timestamp("last_full_sync_at", { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("google_calendars_account_calendar_unique").on(t.googleAccountId, t.googleCalendarId),
    index("google_calendars_dirty_idx").on(t.dirty),
  ],
);

/**
 * Google events FieldSync knows: foreign events imported from selected calendars, and the copies of our
 * bookings and unavailable blocks pushed to the company calendar (one per assigned fieldworker).
 * booking_id / unavailable_block_id deliberately have no foreign key: the mapping must outlive a deleted
 * booking until its Google copy is deleted or marked cancelled.
 */
export const googleEvents = pgTable(
  "google_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    calendarRowId: uuid("calendar_row_id")
      .notNull()
      .references(() => googleCalendars.id, { onDelete: "cascade" }),
    googleEventId: text("google_event_id").notNull(),
    kind: googleEventKind("kind").notNull(),
    bookingId: uuid("booking_id"),
    unavailableBlockId: uuid("unavailable_block_id"),
    fieldworkerId: uuid("fieldworker_id"),
    etag: text("etag"),
    summary: text("summary").notNull().default(""),
    description: text("description"),
    location: text("location"),
    htmlLink: text("html_link"),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    allDay: boolean("all_day").notNull().default(false),
    /**
     * Busy by Google's availability rules (`sync/core/busy-rule.ts`, from the three facts below); only busy events
     * count for the double-booking warning and show in an admin's busy-only view.
     */
    busy: boolean("busy").notNull().default(true),
    /** Google's `eventType`: default, outOfOffice, focusTime, workingLocation, birthday, fromGmail. */
    eventType: text("event_type").notNull().default("default"),
    /** Google's `transparency` ("Show me as"): opaque (Busy) or transparent (Available). */
    transparency: text("transparency", { enum: ["opaque", "transparent"] }).notNull().default("opaque"),
    /** The fieldworker's own answer when the event is an invitation (`attendees[]` entry with `self`), else null. */
    selfResponseStatus: text("self_response_status"),
    /** Google's `visibility: private`: admins only ever see "Busy". */
    isPrivate: boolean("is_private").notNull().default(false),
    /** For our copies: hash of the content last written, so an unchanged booking costs no API call. */
    contentHash: text("content_hash"),
    /** For our copies: hash of the event as Google returned it after our write, to recognise our own echo. */
    googleContentHash: text("google_content_hash"),
    /** For our copies: the start/end we last wrote, to tell a Google-side time change from ours. */
    pushedStartsAt: timestamp("pushed_starts_at", { withTimezone: true }),
    pushedEndsAt: timestamp("pushed_ends_at", { withTimezone: true }),
    /** For our copies: deleted in Google while the booking still wants it (a recorded conflict). */
    deletedInGoogle: boolean("deleted_in_google").notNull().default(false),
    /** For our copies whose booking is gone or unassigned and whose status keeps the event: marked cancelled. */
    cancelledInApp: boolean("cancelled_in_app").notNull().default(false),
    googleUpdatedAt: timestamp("google_updated_at", { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("google_events_calendar_event_unique").on(t.calendarRowId, t.googleEventId),
    index("google_events_calendar_range_idx").on(t.calendarRowId, t.startsAt, t.endsAt),
    index("google_events_booking_idx").on(t.bookingId),
    index("google_events_unavailable_idx").on(t.unavailableBlockId),
  ],
);

/** events.watch channels; the token Google echoes back is stored hashed and compared in constant time. */
export const googleChannels = pgTable(
  "google_channels",
  {
    id: text("id").primaryKey(),
    calendarRowId: uuid("calendar_row_id")
      .notNull()
      .references(() => googleCalendars.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    resourceId: text("resource_id"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    active: boolean("active").notNull().default(true),
    /** Highest plausible X-Goog-Message-Number seen: only de-duplicates, never gates (Google's are not sequential). */
    lastMessageNumber: bigint("last_message_number", { mode: "number" }).notNull().default(0),
    ...timestamps,
  },
  (t) => [index("google_channels_calendar_idx").on(t.calendarRowId), index("google_channels_expiry_idx").on(t.active, t.expiresAt)],
);

/** The transactional outbox: written in the same transaction as the change that needs Google. */
export const syncJobs = pgTable(
  "sync_jobs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    kind: syncJobKind("kind").notNull(),
    fieldworkerId: uuid("fieldworker_id"),
    bookingId: uuid("booking_id"),
    unavailableBlockId: uuid("unavailable_block_id"),
    calendarRowId: uuid("calendar_row_id"),
    googleAccountId: uuid("google_account_id"),
    /** Pending jobs with the same key coalesce into one (the job reads current state when it runs). */
    dedupeKey: text("dedupe_key").notNull(),
    payload: jsonb("payload").$type<Record<string, string | boolean | null>>().notNull().default({}),
    status: syncJobStatus("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    runAfter: timestamp("run_after", { withTimezone: true }).notNull().defaultNow(),
    leaseUntil: timestamp("lease_until", { withTimezone: true }),
    /** New on every claim: only the worker holding it may settle the job (a worker that lost its lease can't). */
    leaseToken: uuid("lease_token"),
    /** Claims in a row whose worker never settled (killed by a function timeout): past the limit the job fails. */
    lostLeases: integer("lost_leases").notNull().default(0),
    lastError: text("last_error"),
    /** First transient failure (5xx, quota, network) of the current streak; null once the job succeeds. */
    delayedSince: timestamp("delayed_since", { withTimezone: true }),
    /** Set when the fast retries are spent: the job waits (pending) and is re-driven by the cron and by the account's next success. */
    parkedAt: timestamp("parked_at", { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("sync_jobs_pending_dedupe_unique").on(t.dedupeKey).where(sql`${t.status} = 'pending'`),
    index("sync_jobs_due_idx").on(t.status, t.runAfter),
  ],
);

/** A whole Google project (OAuth client) over its quota: every account of that client backs off as one unit. */
export const googleProjectBackoffs = pgTable("google_project_backoffs", {
  oauthClientId: text("oauth_client_id").primaryKey(),
  backoffUntil: timestamp("backoff_until", { withTimezone: true }).notNull(),
  reason: text("reason").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Google quota budgets (`account:<google_accounts.id>`, `project:<oauth client id>`): the sliding-window log of
 * reservations still inside the window (sync/core/quota-window.ts), shared by every worker through one row.
 */
export const googleQuotaWindows = pgTable("google_quota_windows", {
  budgetKey: text("budget_key").primaryKey(),
  limitCalls: integer("limit_calls").notNull(),
  windowMs: integer("window_ms").notNull(),
  /** Reservation times (epoch ms, oldest first) and their call counts, index for index. */
  atMs: bigint("at_ms", { mode: "number" }).array().notNull(),
  calls: integer("calls").array().notNull(),
  /** Whether the latest reservation was admitted, and at which time (epoch ms) it was decided. */
  admitted: boolean("admitted").notNull(),
  checkedAtMs: bigint("checked_at_ms", { mode: "number" }).notNull(),
});

export const syncLog = pgTable(
  "sync_log",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    fieldworkerId: uuid("fieldworker_id"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    direction: syncDirectionOfLog("direction").notNull(),
    action: text("action").notNull(),
    outcome: syncLogOutcome("outcome").notNull(),
    message: text("message").notNull().default(""),
    bookingId: uuid("booking_id"),
    googleEventId: text("google_event_id"),
  },
  (t) => [index("sync_log_fieldworker_at_idx").on(t.fieldworkerId, t.at)],
);

/** A FieldSync booking deleted in Google (two-way): never deletes the booking, waits for a person's decision. */
export const syncConflicts = pgTable(
  "sync_conflicts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    fieldworkerId: uuid("fieldworker_id").notNull(),
    bookingId: uuid("booking_id").notNull(),
    kind: text("kind").notNull().default("deleted_in_google"),
    detectedAt: timestamp("detected_at", { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    resolution: text("resolution"),
  },
  (t) => [
    uniqueIndex("sync_conflicts_open_unique")
      .on(t.bookingId, t.fieldworkerId, t.kind)
      .where(sql`${t.resolvedAt} is null`),
  ],
);

export const googleInvitations = pgTable(
  "google_invitations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    fieldworkerId: uuid("fieldworker_id")
      .notNull()
      .references(() => fieldworkers.id, { onDelete: "cascade" }),
    sentById: uuid("sent_by_id").references(() => users.id, { onDelete: "set null" }),
    toEmail: text("to_email").notNull(),
    subject: text("subject").notNull(),
    /** The token's nonce: the link is dead once a connection used it. */
    nonce: text("nonce").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    resendId: text("resend_id"),
    error: text("error"),
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull().defaultNow(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    /** One live link per fieldworker: set when a newer invitation is sent or the fieldworker connects. */
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [
    index("google_invitations_fieldworker_idx").on(t.fieldworkerId, t.sentAt),
    uniqueIndex("google_invitations_nonce_unique").on(t.nonce),
  ],
);

/** Nonces of single-use tokens already spent (OAuth state); the primary key makes a replay fail. */
export const consumedTokens = pgTable("consumed_tokens", {
  nonce: text("nonce").primaryKey(),
  purpose: text("purpose").notNull(),
  consumedAt: timestamp("consumed_at", { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
});

/**
 * Live calendar: a per-company version, bumped by database triggers in the same transaction as every write an
 * open calendar shows (bookings, assignments, unavailable time, imported events, conflicts, calendars, names,
 * statuses, settings). A client that loaded a range at version v needs to refetch only once the version moves
 * past v. The triggers and their functions are hand-written SQL at the end of the `h3_live_calendar` migration.
 */
export const calendarVersions = pgTable("calendar_versions", {
  companyId: uuid("company_id")
    .primaryKey()
    .references(() => companies.id, { onDelete: "cascade" }),
  version: bigint("version", { mode: "number" }).notNull().default(0),
  changedAt: timestamp("changed_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * One row per writing transaction, inserted by the first calendar-visible write and deleted again by the
 * deferred trigger it fires at commit, which bumps the touched companies' versions. Always empty outside a
 * transaction.
 */
export const calendarChangeMarks = pgTable("calendar_change_marks", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
});

export const companiesRelations = relations(companies, ({ many }) => ({
  users: many(users),
  fieldworkers: many(fieldworkers),
}));

export const bookingsRelations = relations(bookings, ({ one, many }) => ({
  customer: one(customers, { fields: [bookings.customerId], references: [customers.id] }),
  status: one(bookingStatuses, { fields: [bookings.statusId], references: [bookingStatuses.id] }),
  createdBy: one(users, { fields: [bookings.createdById], references: [users.id] }),
  assignments: many(bookingAssignments),
}));

export const bookingAssignmentsRelations = relations(bookingAssignments, ({ one }) => ({
  booking: one(bookings, { fields: [bookingAssignments.bookingId], references: [bookings.id] }),
  fieldworker: one(fieldworkers, { fields: [bookingAssignments.fieldworkerId], references: [fieldworkers.id] }),
}));

export const fieldworkersRelations = relations(fieldworkers, ({ one, many }) => ({
  company: one(companies, { fields: [fieldworkers.companyId], references: [companies.id] }),
  user: one(users, { fields: [fieldworkers.userId], references: [users.id] }),
  assignments: many(bookingAssignments),
  unavailableBlocks: many(unavailableBlocks),
}));

export const unavailableBlocksRelations = relations(unavailableBlocks, ({ one }) => ({
  fieldworker: one(fieldworkers, { fields: [unavailableBlocks.fieldworkerId], references: [fieldworkers.id] }),
}));

export const usersRelations = relations(users, ({ one }) => ({
  company: one(companies, { fields: [users.companyId], references: [companies.id] }),
}));
