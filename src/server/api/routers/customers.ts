import { TRPCError } from "@trpc/server";
import { z } from "zod";
import {
  countCustomerBookings,
  createCustomer,
  deleteCustomer,
  getCustomer,
  listCustomers,
  updateCustomer,
} from "../../db/queries/customers";
import { getCompanySettings } from "../../db/queries/company";
import { enqueuePushesForBookings } from "../../sync/enqueue";
import { adminProcedure, createTRPCRouter } from "../trpc";
import { timeZoneSchema } from "./company";

export const MAX_CUSTOMER_PROPERTIES = 20;
export const MAX_PROPERTY_KEY_LENGTH = 60;
export const MAX_PROPERTY_VALUE_LENGTH = 500;

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} is too long (${max} characters at most)`)
    .nullish()
    .transform((text) => (text ? text : null));

const optionalEmail = z
  .string()
  .trim()
  .max(254, "Email is too long")
  .nullish()
  .transform((email) => (email ? email : null))
  .pipe(z.email("Enter a valid email address").nullable());

/**
 * Properties arrive as ordered key/value rows (what the editor shows) and are stored as one JSON object, so
 * keys must be unique; they end up in Google event descriptions, hence the bounds.
 */
const propertiesSchema = z
  .array(
    z.object({
      key: z
        .string()
        .trim()
        .min(1, "Property name is required")
        .max(MAX_PROPERTY_KEY_LENGTH, `Property name is too long (${MAX_PROPERTY_KEY_LENGTH} characters at most)`),
      value: z
        .string()
        .trim()
        .max(MAX_PROPERTY_VALUE_LENGTH, `Property value is too long (${MAX_PROPERTY_VALUE_LENGTH} characters at most)`),
    }),
  )
  .max(MAX_CUSTOMER_PROPERTIES, `At most ${MAX_CUSTOMER_PROPERTIES} properties`)
  .default([])
  .refine(
    (rows) => new Set(rows.map((row) => row.key.toLowerCase())).size === rows.length,
    "Each property name must be used once",
  )
  .transform((rows) => Object.fromEntries(rows.map((row) => [row.key, row.value])) as Record<string, string>);

export const customerInput = z.object({
  name: z.string().trim().min(1, "Name is required").max(120, "Name is too long (120 characters at most)"),
  businessName: optionalText(120, "Business name"),
  email: optionalEmail,
  phone: optionalText(40, "Phone"),
  /** Absent means the company's time zone. */
  timeZone: timeZoneSchema.optional(),
  /** Copied into a new booking when the customer is picked; blank slots are dropped. */
  addresses: z
    .array(z.string().trim().max(300, "Address is too long (300 characters at most)"))
    .max(3, "At most three addresses")
    .default([])
    .transform((list) => list.filter((address) => address.length > 0)),
  properties: propertiesSchema,
});

const idInput = z.object({ id: z.uuid("Unknown customer") });

const notFound = () => new TRPCError({ code: "NOT_FOUND", message: "Customer not found." });

export const customersRouter = createTRPCRouter({
  list: adminProcedure
    .input(z.object({ search: z.string().trim().max(100).optional() }).optional())
    .query(({ ctx, input }) => listCustomers(ctx.db, ctx.user.companyId, { search: input?.search })),

  get: adminProcedure.input(idInput).query(async ({ ctx, input }) => {
    const customer = await getCustomer(ctx.db, ctx.user.companyId, input.id);
    if (!customer) throw notFound();
    return customer;
  }),

  create: adminProcedure.input(customerInput).mutation(async ({ ctx, input }) => {
    const timeZone = input.timeZone ?? (await getCompanySettings(ctx.db, ctx.user.companyId))?.timeZone;
    if (!timeZone) throw new TRPCError({ code: "NOT_FOUND", message: "Company not found." });
    return createCustomer(ctx.db, ctx.user.companyId, { ...input, timeZone });
  }),

  update: adminProcedure
    .input(customerInput.extend({ id: z.uuid("Unknown customer"), timeZone: timeZoneSchema }))
    .mutation(async ({ ctx, input }) => {
      const { id, ...fields } = input;
      return ctx.db.transaction(async (tx) => {
        const customer = await updateCustomer(tx, ctx.user.companyId, id, fields);
        if (!customer) throw notFound();
        // Customer details and time zone are printed in every event made from their bookings.
        await enqueuePushesForBookings(tx, ctx.user.companyId, { customerId: id }, new Date());
        return customer;
      });
    }),

  /** A customer with bookings stays: their jobs (and the Google events made from them) name the customer. */
  delete: adminProcedure.input(idInput).mutation(({ ctx, input }) =>
    ctx.db.transaction(async (tx) => {
      const customer = await getCustomer(tx, ctx.user.companyId, input.id);
      if (!customer) throw notFound();
      const bookingCount = await countCustomerBookings(tx, ctx.user.companyId, input.id);
      if (bookingCount > 0) {
        throw new TRPCError({
          code: "CONFLICT",
          message: `${customer.name} has ${bookingCount} booking${bookingCount === 1 ? "" : "s"}: delete or move them before deleting the customer.`,
        });
      }
      await deleteCustomer(tx, ctx.user.companyId, input.id);
      return { id: input.id };
    }),
  ),
});
