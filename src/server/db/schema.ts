import { relations, sql } from "drizzle-orm";
import {
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

/*
 * FieldSync data model. Every business table carries company_id; queries always filter by the
 * session's company (see src/server/db/queries).
 *
 * Google tables (added by the connect and sync issues, DESIGN §2):
 *   google_accounts      one row per Google account per company OAuth client: email, encrypted tokens, status
 *   fieldworker_google   fieldworker → google account link (one account per fieldworker, many fieldworkers per account)
 *   google_calendars     calendar list per account: selected flag, privacy (details | busy), sync token, dirty flag
 *   google_events        imported foreign events and our pushed events' ids/etags, per calendar
 *   google_channels      events.watch channels: id, token, resource id, expiration
 *   sync_jobs            transactional outbox claimed with FOR UPDATE SKIP LOCKED leases
 *   sync_log             per-fieldworker log of every sync outcome
 */

const timestamps = {
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
};

export const syncDirection = pgEnum("sync_direction", ["two_way", "app_to_google", "google_to_app"]);
export const userRole = pgEnum("user_role", ["admin", "fieldworker"]);

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
    ...timestamps,
  },
  (t) => [uniqueIndex("users_email_unique").on(sql`lower(${t.email})`)],
);

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
    properties: jsonb("properties").$type<Record<string, string>>().notNull().default({}),
    ...timestamps,
  },
  (t) => [index("customers_company_idx").on(t.companyId)],
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
